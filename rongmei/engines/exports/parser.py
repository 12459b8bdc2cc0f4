"""识别导出格式并把数据行规整为 :class:`MetricRow`。出错时收集全部问题后抛出 :class:`ImportFailed`。"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ImportFailed, ImportIssue, UnknownLayout
from .layouts import LAYOUTS, METRICS, PLATFORMS, Column, Layout, get_layout, platform_from_text
from .readers import RawTable, read_tables
from .values import (
    ValueProblem,
    cell_text,
    is_empty,
    normalize_header,
    parse_datetime,
    parse_number,
    parse_seconds,
)

__all__ = ["ImportResult", "MetricRow", "detect_layout", "parse_export"]

HEADER_SCAN_ROWS = 30
TOTAL_ROW_MARKERS = frozenset({"累计", "合计", "总计", "汇总", "总计/平均"})


@dataclass(frozen=True)
class MetricRow:
    """一个规整后的数值。

    * 账号按日数据：``date`` 为统计日，``item_ref``/``item_title`` 为空；
    * 作品数据：``date`` 为发布日期，``value`` 为截至导出时的累计值，``published_at`` 为发布时间；
    * ``channel``：按渠道拆分的行（公众号流量分析）；为空表示账号合计；
    * ``source_row``：文件中的行号，便于回查。
    """

    date: dt.date
    platform: str
    name: str
    value: int | float
    item_ref: str | None = None
    item_title: str | None = None
    source_row: int = 0
    channel: str | None = None
    published_at: dt.datetime | None = None


@dataclass(frozen=True)
class ImportResult:
    layout: Layout
    sheet: str
    header_row: int
    rows: list[MetricRow]
    data_rows: int  # 导入的数据行数（不含跳过的合计行、空行）

    @property
    def date_range(self) -> tuple[dt.date, dt.date] | None:
        if not self.rows:
            return None
        dates = [r.date for r in self.rows]
        return min(dates), max(dates)

    @property
    def metric_names(self) -> list[str]:
        return sorted({r.name for r in self.rows})


@dataclass
class _Match:
    layout: Layout
    table: RawTable
    header_index: int  # 在 table.rows 中的下标
    columns: dict[Column, tuple[int, str]]  # 列定义 → (下标, 文件中的表头原文)

    @property
    def header_row(self) -> int:
        return self.table.rows[self.header_index][0]


def _match_header(layout: Layout, cells: list[Any]) -> tuple[dict[Column, tuple[int, str]], list[Column]]:
    normalized = [normalize_header(c) for c in cells]
    used: set[int] = set()
    found: dict[Column, tuple[int, str]] = {}
    for column in layout.columns:
        names = column.names
        for index, name in enumerate(normalized):
            if index not in used and name and name in names:
                found[column] = (index, cell_text(cells[index]))
                used.add(index)
                break
    missing = [c for c in layout.required if c not in found]
    return found, missing


def _locate(tables: list[RawTable], expected: Layout | None) -> _Match:
    best: _Match | None = None
    candidates = [expected] if expected else list(LAYOUTS.values())
    # (已匹配必需列数, -缺少数, 表, 行) 里最接近的一次，用于报错
    near: tuple[int, Layout, list[Column], RawTable] | None = None
    widest: tuple[int, RawTable, list[str]] | None = None
    for table in tables:
        for index, (_number, cells) in enumerate(table.rows[:HEADER_SCAN_ROWS]):
            texts = [cell_text(c) for c in cells if not is_empty(c)]
            if texts and all(not _looks_numeric(c) for c in cells if not is_empty(c)):
                if widest is None or len(texts) > widest[0]:
                    widest = (len(texts), table, texts)
            for layout in candidates:
                found, missing = _match_header(layout, cells)
                if not missing:
                    if best is None or len(found) > len(best.columns):
                        best = _Match(layout, table, index, found)
                    continue
                hits = len(layout.required) - len(missing)
                if hits and (near is None or hits > near[0]):
                    near = (hits, layout, missing, table)
        if best is not None:
            break
    if best is not None:
        return best
    if expected is not None:
        try:
            other = _locate(tables, None)
        except UnknownLayout:
            other = None
        if other is not None and other.layout is not expected:
            raise UnknownLayout([ImportIssue(
                f"文件是“{other.layout.label}”，不是所选的“{expected.label}”（工作表“{other.table.name}”）"
            )])
    found_text = "、".join(widest[2]) if widest else "（无）"
    where = f"工作表“{widest[1].name}”" if widest and len(tables) > 1 else ""
    if near is not None:
        _hits, layout, missing, _table = near
        missing_text = "、".join(f"“{c.label}”" for c in missing)
        message = (f"无法识别的导出格式：缺少列{missing_text}；找到的列：{found_text}"
                   f"（最接近的格式：{layout.label}）")
    else:
        message = f"无法识别的导出格式：没有已知导出格式的表头；找到的列：{found_text}"
    if where:
        message += f"；已检查的工作表：{'、'.join(t.name for t in tables)}"
    raise UnknownLayout([ImportIssue(message)])


def _looks_numeric(value: Any) -> bool:
    if isinstance(value, int | float | dt.date):
        return True
    try:
        parse_number(value)
        return True
    except ValueProblem:
        return False


def detect_layout(path: str | Path) -> Layout:
    """识别文件的导出格式；不认识时抛出 :class:`UnknownLayout`（中文说明缺哪些列、找到了哪些列）。"""
    return _locate(read_tables(path), None).layout


def parse_export(path: str | Path, *, layout: str | Layout | None = None, platform: str | None = None) -> ImportResult:
    """解析一个导出文件。

    ``layout``：指定格式（代码或 :class:`Layout`），文件不是该格式时报错；默认自动识别。
    ``platform``：通用模板中“平台”列为空时使用的平台代码。
    任何一行有问题都抛出 :class:`ImportFailed`，``errors`` 含全部问题，不返回部分结果。
    """
    expected = get_layout(layout) if isinstance(layout, str) else layout
    if platform is not None and platform not in PLATFORMS:
        raise ValueError(f"未知的平台代码“{platform}”")
    match = _locate(read_tables(path), expected)
    return _RowReader(match, platform).read()


class _RowReader:
    def __init__(self, match: _Match, default_platform: str | None) -> None:
        self.match = match
        self.layout = match.layout
        self.default_platform = default_platform
        self.errors: list[ImportIssue] = []
        self.rows: list[MetricRow] = []
        self.seen: dict[tuple, int] = {}
        self.data_rows = 0
        by_role: dict[str, tuple[Column, int, str]] = {}
        for column, (index, header) in match.columns.items():
            if column.role != "metric":
                by_role[column.role] = (column, index, header)
        self.by_role = by_role
        self.metric_columns = [(c, *match.columns[c]) for c in self.layout.metric_columns if c in match.columns]

    def error(self, row: int, message: str, column: str | None = None) -> None:
        prefix = f"第 {row} 行，列“{column}”：" if column else f"第 {row} 行："
        self.errors.append(ImportIssue(prefix + message, row=row, column=column, sheet=self.match.table.name))

    def cell(self, cells: list[Any], role: str) -> Any:
        spec = self.by_role.get(role)
        if spec is None or spec[1] >= len(cells):
            return None
        return cells[spec[1]]

    def read(self) -> ImportResult:
        table = self.match.table
        for number, cells in table.rows[self.match.header_index + 1:]:
            if all(is_empty(c) for c in cells):
                continue
            self._read_row(number, cells)
        if self.layout.key == "wechat_traffic":
            self._add_channel_totals()
        if not self.errors and not self.rows:
            self.errors.append(ImportIssue(
                f"文件中没有数据行（表头在工作表“{table.name}”第 {self.match.header_row} 行）"))
        if self.errors:
            raise ImportFailed(self.errors)
        return ImportResult(self.layout, table.name, self.match.header_row, self.rows, self.data_rows)

    # -- 一行 -------------------------------------------------------------------------------------
    def _read_row(self, number: int, cells: list[Any]) -> None:
        metrics, metric_errors = self._metrics(number, cells)
        key_cell_role = "date" if "date" in self.by_role else "published"
        key_value = self.cell(cells, key_cell_role)
        if cell_text(key_value) in TOTAL_ROW_MARKERS:
            return
        _column, _index, key_header = self.by_role[key_cell_role]
        when: dt.datetime | None = None
        if is_empty(key_value):
            if not metrics and not metric_errors:
                return
            self.error(number, "为空", key_header)
        else:
            try:
                when = parse_datetime(key_value)
            except ValueProblem as problem:
                if not metrics and not metric_errors:
                    return  # 表尾的说明文字行
                self.error(number, f"“{cell_text(key_value)}”{problem.reason}", key_header)
        self.errors.extend(metric_errors)
        platform = self._platform(number, cells)
        title = cell_text(self.cell(cells, "title")) or None
        ref = cell_text(self.cell(cells, "ref")) or None
        channel = cell_text(self.cell(cells, "channel")) or None
        if self.layout.kind == "item" and not title and not ref:
            self.error(number, "作品标题为空")
        if when is None or platform is None or metric_errors:
            return
        is_item = self.layout.kind == "item" or (self.layout.kind == "mixed" and bool(title or ref))
        if channel and channel in self.layout.total_channels:
            channel = None
        key = self._identity(is_item, when, platform, title, ref, channel)
        if key in self.seen:
            what = self._describe(is_item, when, title, ref, channel)
            sep = "" if what.endswith(("）", "”")) else " "
            self.error(number, f"{what}{sep}与第 {self.seen[key]} 行重复")
            return
        self.seen[key] = number
        self.data_rows += 1
        for name, value in metrics:
            self.rows.append(MetricRow(
                date=when.date(), platform=platform, name=name, value=value,
                item_ref=ref if is_item else None, item_title=title if is_item else None,
                source_row=number, channel=channel, published_at=when if is_item else None,
            ))

    def _metrics(self, number: int, cells: list[Any]) -> tuple[list[tuple[str, int | float]], list[ImportIssue]]:
        values: list[tuple[str, int | float]] = []
        issues: list[ImportIssue] = []
        for column, index, header in self.metric_columns:
            raw = cells[index] if index < len(cells) else None
            if is_empty(raw):
                continue
            metric = METRICS[column.key]
            try:
                value = parse_seconds(raw) if metric.unit == "seconds" else parse_number(raw)
            except ValueProblem as problem:
                issues.append(ImportIssue(f"第 {number} 行，列“{header}”：“{cell_text(raw)}”{problem.reason}",
                                          row=number, column=header, sheet=self.match.table.name))
                continue
            values.append((column.key, value))
        return values, issues

    def _platform(self, number: int, cells: list[Any]) -> str | None:
        if self.layout.platform:
            return self.layout.platform
        raw = self.cell(cells, "platform")
        header = self.by_role["platform"][2]
        if is_empty(raw):
            if self.default_platform:
                return self.default_platform
            self.error(number, "为空（导入时也未指定平台）", header)
            return None
        code = platform_from_text(cell_text(raw))
        if code is None:
            names = "、".join(names[0] for names in PLATFORMS.values())
            self.error(number, f"“{cell_text(raw)}”不是已知平台（可填：{names}）", header)
        return code

    def _identity(self, is_item: bool, when: dt.datetime, platform: str, title: str | None,
                  ref: str | None, channel: str | None) -> tuple:
        if is_item:
            return ("item", platform, ref) if ref else ("item", platform, title, when)
        return ("day", platform, when.date(), channel)

    def _describe(self, is_item: bool, when: dt.datetime, title: str | None, ref: str | None,
                  channel: str | None) -> str:
        if is_item:
            if ref:
                return f"作品链接“{ref}”"
            return f"作品“{title}”（发布时间 {when:%Y-%m-%d %H:%M}）"
        text = f"日期 {when.date().isoformat()}"
        if self.layout.total_channels:
            text += f"、渠道“{channel or '全部'}”"
        return text

    def _add_channel_totals(self) -> None:
        """没有“全部”行的日期，把可相加的次数类指标按渠道求和作为账号合计。"""
        has_total = {r.date for r in self.rows if r.channel is None}
        sums: dict[tuple[dt.date, str], int | float] = defaultdict(int)
        first_row: dict[dt.date, int] = {}
        for r in self.rows:
            if r.date in has_total or not METRICS[r.name].additive:
                continue
            sums[(r.date, r.name)] += r.value
            first_row[r.date] = min(first_row.get(r.date, r.source_row), r.source_row)
        for (day, name), value in sorted(sums.items()):
            self.rows.append(MetricRow(day, self.layout.platform or "", name, value, source_row=first_row[day]))
