"""外部传播登记表的读取（转载、引用、媒体采用、网络提及）：按表头名认列，逐行校验，任何一行有错整个文件不导入。"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from rongmei.core.links import is_web_url
from rongmei.engines.tabular import Limits, TabularError, column_letter, read_table
from rongmei.metrics.promotions import parse_count, parse_time

from .choices import EntryKind, ReachBasis

LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_rows=20_000)
MAX_ERRORS = 20
COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("类型", "传播类型", "方式"),
    "outlet": ("账号/媒体", "账号", "媒体", "媒体名称", "转载账号", "来源", "平台账号", "转发账号"),
    "title": ("标题", "转载标题", "文章标题"),
    "url": ("链接", "网址", "转载链接", "原文链接", "url"),
    "published_at": ("发布时间", "转载时间", "时间", "日期"),
    "reach": ("传播量", "阅读量", "播放量", "阅读/播放", "浏览量", "pv"),
    "basis": ("依据", "传播量依据", "数据来源"),
}
LABELS = {"kind": "类型", "outlet": "账号/媒体", "title": "标题", "url": "链接", "published_at": "发布时间",
          "reach": "传播量", "basis": "依据"}
REQUIRED = ("outlet", "published_at")
_SYN = {"".join(unicodedata.normalize("NFKC", n).split()).casefold(): k for k, ns in COLUMNS.items() for n in ns}
# 表格里的写法 → 代码：先整词，再按关键字（“页面公开数”“转载/转发”“媒体采用”都认）
_KINDS = {label: code for code, label in EntryKind.choices}
_KIND_WORDS = (("采用", EntryKind.PLACEMENT), ("引用", EntryKind.QUOTE), ("摘编", EntryKind.QUOTE),
               ("提及", EntryKind.MENTION), ("转", EntryKind.REPOST))
_BASES = {label: code for code, label in ReachBasis.choices}
_BASIS_WORDS = (("未知", ReachBasis.NONE), ("不计", ReachBasis.NONE), ("公开", ReachBasis.PUBLIC),
                ("页面", ReachBasis.PUBLIC), ("对方", ReachBasis.PARTNER), ("提供", ReachBasis.PARTNER),
                ("估", ReachBasis.ESTIMATE))


@dataclass
class EntryRow:
    row: int
    kind: str
    outlet: str
    title: str
    url: str
    published_at: dt.datetime
    reach: int
    basis: str


def _key(cell) -> str:
    return "".join(unicodedata.normalize("NFKC", str(cell or "")).split()).casefold()


def _choice(value, table: dict, words, default: str, what: str) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        return default
    if text in table:
        return table[text]
    for word, code in words:
        if word in text:
            return code
    raise ValueError(f"“{text}”不是可识别的{what}，可填：{'、'.join(table)}")


def read_entries(data: bytes, filename: str) -> list[EntryRow]:
    try:
        header, body = read_table(data, filename=filename, limits=LIMITS).header_and_body()
    except TabularError as exc:
        raise ValidationError(str(exc)) from exc
    where = f"文件“{filename}”"
    columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = _SYN.get(_key(cell))
        if key and key not in columns:
            columns[key] = i
    missing = [LABELS[k] for k in REQUIRED if k not in columns]
    if missing:
        found = "、".join(str(c) for c in header if str(c or "").strip()) or "（空）"
        raise ValidationError(f"{where}第 1 行：没有找到“{'”“'.join(missing)}”列；表头应包含 类型、账号/媒体、标题、链接、"
                              f"发布时间、传播量、依据；现在的表头是：{found}")
    errors: list[str] = []
    rows: list[EntryRow] = []
    for row_no, cells in body:
        if not any(str(c or "").strip() for c in cells):
            continue

        def cell(key, cells=cells):
            i = columns.get(key)
            return cells[i] if i is not None and i < len(cells) else None

        def err(key, message, row_no=row_no):
            i = columns[key]
            errors.append(f"{where}第 {row_no} 行，第 {i + 1} 列（{column_letter(i + 1)}，{LABELS[key]}）：{message}")

        before = len(errors)
        outlet = str(cell("outlet") or "").strip()
        if not outlet:
            err("outlet", "必须填写")
        values = {}
        for key, parse in (("published_at", parse_time), ("reach", parse_count),
                           ("kind", lambda v: _choice(v, _KINDS, _KIND_WORDS, EntryKind.REPOST, "类型")),
                           ("basis", lambda v: _choice(v, _BASES, _BASIS_WORDS, ReachBasis.PUBLIC, "依据"))):
            if key not in columns:
                values[key] = {"reach": 0, "kind": EntryKind.REPOST, "basis": ReachBasis.PUBLIC}[key]
                continue
            raw = cell(key)
            if key == "published_at" and str(raw if raw is not None else "").strip() == "":
                err(key, "必须填写")
                continue
            try:
                values[key] = parse(raw)
            except ValueError as exc:
                err(key, str(exc))
        url = str(cell("url") or "").strip()
        if url and not is_web_url(url):
            err("url", "链接必须以 http:// 或 https:// 开头")
        if len(errors) >= MAX_ERRORS:
            break
        if len(errors) == before:
            rows.append(EntryRow(row=row_no, outlet=outlet[:120], title=str(cell("title") or "").strip()[:300],
                                 url=url[:1000], **values))
    if errors:
        more = "（只列出前 20 处）" if len(errors) >= MAX_ERRORS else ""
        raise ValidationError([f"整个文件没有导入，请改正后重新上传{more}：", *errors])
    if not rows:
        raise ValidationError(f"{where}除表头外没有数据")
    return rows
