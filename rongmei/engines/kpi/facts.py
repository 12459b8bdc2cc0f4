"""facts-v1：评分读取的事实记录（JSON Lines / CSV / Excel），见 docs/facts-v1.md。

任何一行出错，整个文件被拒绝，并列出全部错误（不产生部分结果）。
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rongmei.engines import tabular

from .vocab import FACT_TYPES, KINDS, METRICS, PLACEMENT_LEVELS, PLATFORMS

__all__ = [
    "Fact",
    "FactSet",
    "FactsError",
    "FIELD_SPECS",
    "fact_from_mapping",
    "parse_jsonl",
    "parse_csv",
    "parse_xlsx",
    "load_facts",
]

MAX_ERRORS = 200


class FactsError(ValueError):
    """事实文件有错误；errors 为全部中文错误信息（每条注明行号与字段）。"""

    def __init__(self, errors: list[str], source: str = ""):
        self.errors = errors
        self.source = source
        head = f"{source}：" if source else ""
        super().__init__(f"{head}事实文件有 {len(errors)} 处错误，整个文件未导入：\n" + "\n".join(errors))


@dataclass(slots=True)
class Fact:
    """一条事实。ref 是稳定引用（显式 id，否则“来源:行号”），结果中的证据据此回链。"""

    type: str
    date: dt.date
    ref: str
    line: int = 0
    platform: str | None = None
    kind: str | None = None
    item: str | None = None
    url: str | None = None
    title: str | None = None
    original: bool | None = None
    name: str | None = None
    value: float = 0.0
    minutes: float | None = None
    viewers: float | None = None
    outlet: str | None = None
    level: str | None = None
    course: str | None = None
    hours: float | None = None
    attendees: float | None = None
    points: float | None = None
    note: str | None = None
    bonus: str | None = None
    checkpoint: str | None = None
    passed: bool | None = None
    product: str | None = None
    spend: float | None = None
    budget: float | None = None
    plays: float | None = None
    followers: float | None = None
    post: str | None = None
    required: float | None = None
    filled: float | None = None
    filled_share: float | None = None
    extra: dict[str, Any] | None = None

    def get(self, name: str) -> Any:
        """按字段名取值；派生字段 hours 对带 minutes 的事实按分钟/60 计算。"""
        if name == "hours" and self.hours is None and self.minutes is not None:
            return self.minutes / 60.0
        if hasattr(self, name):
            return getattr(self, name)
        return (self.extra or {}).get(name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "date": self.date.isoformat(), "ref": self.ref}
        for name in _OPTIONAL_ATTRS:
            val = getattr(self, name)
            if val is not None and not (name == "value" and self.type not in ("metric", "reach")):
                out[name] = val
        if self.extra:
            out.update(self.extra)
        return out


# 字段类型：date str url platform kind metric number bool level
_COMMON = {"date": ("date", True), "id": ("str", False), "note": ("str", False), "title": ("str", False)}
FIELD_SPECS: dict[str, dict[str, tuple[str, bool]]] = {
    "publication": {
        **_COMMON, "platform": ("platform", True), "kind": ("kind", True), "item": ("str", False),
        "url": ("url", False), "original": ("bool", False),
    },
    "metric": {
        **_COMMON, "platform": ("platform", True), "name": ("metric", True), "value": ("number", True),
        "item": ("str", False), "url": ("url", False),
    },
    "deliverable": {
        **_COMMON, "kind": ("kind", True), "item": ("str", False), "minutes": ("number", False),
        "platform": ("platform", False), "url": ("url", False), "original": ("bool", False),
    },
    "live_session": {
        **_COMMON, "platform": ("platform", True), "minutes": ("number", True), "viewers": ("number", True),
        "item": ("str", False), "url": ("url", False),
    },
    "placement": {
        **_COMMON, "outlet": ("str", True), "level": ("level", True), "url": ("url", False),
        "item": ("str", False), "platform": ("platform", False),
    },
    "training": {
        **_COMMON, "course": ("str", True), "hours": ("number", True), "attendees": ("number", True),
        "item": ("str", False),
    },
    "award": {**_COMMON, "points": ("number", True), "bonus": ("str", False), "item": ("str", False)},
    "acceptance": {
        **_COMMON, "checkpoint": ("str", True), "passed": ("bool", True), "item": ("str", False),
    },
    "reach": {
        **_COMMON, "value": ("number", True), "outlet": ("str", False), "item": ("str", False), "url": ("url", False),
        "platform": ("platform", False),
    },
    "promotion": {
        **_COMMON, "platform": ("platform", True), "spend": ("number", True), "product": ("str", False),
        "budget": ("number", False), "plays": ("number", False), "followers": ("number", False),
        "item": ("str", False), "url": ("url", False),
    },
    "staffing": {
        **_COMMON, "post": ("str", True), "required": ("number", True), "filled": ("number", True),
        "filled_share": ("number", True),
    },
    "staff_change": {**_COMMON, "post": ("str", False), "item": ("str", False)},
}
_OPTIONAL_ATTRS = (
    "platform", "kind", "item", "url", "title", "original", "name", "value", "minutes", "viewers", "outlet",
    "level", "course", "hours", "attendees", "points", "note", "bonus", "checkpoint", "passed", "product", "spend",
    "budget", "plays", "followers", "post", "required", "filled", "filled_share",
)
_TRUE = {"true", "1", "yes", "y", "是", "对", "原创"}
_FALSE = {"false", "0", "no", "n", "否", "非原创", ""}

_date_cache: dict[str, dt.date] = {}


def _is_web_url(value: str) -> bool:
    """只有 http/https 网址可以作为事实的链接（页面上会渲染成可点击的链接）。"""
    if any(ch in value for ch in "\r\n\t\x00"):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _conv(kind: str, raw: Any) -> Any:
    """把原始值转换为字段类型；出错时抛出 ValueError（中文说明）。"""
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, str):
            cached = _date_cache.get(raw)
            if cached is not None:
                return cached
            try:
                value = dt.date.fromisoformat(raw.strip())
            except ValueError:
                raise ValueError(f"“{raw}”不是 YYYY-MM-DD 格式的日期") from None
            if len(_date_cache) < 10000:
                _date_cache[raw] = value
            return value
        raise ValueError(f"应为 YYYY-MM-DD 格式的日期，实际为 {raw!r}")
    if kind == "number":
        if isinstance(raw, bool):
            raise ValueError("应为数字，实际为布尔值")
        if isinstance(raw, int | float):
            if raw != raw:  # NaN
                raise ValueError("应为数字")
            return raw
        if isinstance(raw, str):
            try:
                return float(raw.strip().replace(",", ""))
            except ValueError:
                raise ValueError(f"“{raw}”不是数字") from None
        raise ValueError(f"应为数字，实际为 {raw!r}")
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str):
            low = raw.strip().lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
        raise ValueError(f"应为 true/false（或 是/否），实际为 {raw!r}")
    if isinstance(raw, int | float) and not isinstance(raw, bool) and kind == "str":
        return str(int(raw)) if float(raw).is_integer() else str(raw)
    if not isinstance(raw, str):
        raise ValueError(f"应为文本，实际为 {raw!r}")
    value = raw.strip()
    if kind == "url" and value and not _is_web_url(value):
        raise ValueError(f"链接“{value[:80]}”无效：只接受以 http:// 或 https:// 开头的网址")
    if kind == "platform" and value not in PLATFORMS:
        raise ValueError(f"未知平台“{value}”，可选：{'、'.join(PLATFORMS)}")
    if kind == "kind" and value not in KINDS:
        raise ValueError(f"未知内容形态“{value}”，可选：{'、'.join(KINDS)}")
    if kind == "metric" and value not in METRICS:
        raise ValueError(f"未知指标名“{value}”，可选：{'、'.join(METRICS)}")
    if kind == "level" and value not in PLACEMENT_LEVELS:
        raise ValueError(f"未知媒体级别“{value}”，可选：{'、'.join(PLACEMENT_LEVELS)}")
    return value


def _fast(kind: str) -> Any:
    """字段转换函数：常见的合法输入走快速路径，其余交给 _conv（含中文错误说明）。"""
    if kind == "date":
        cache = _date_cache

        def conv(raw: Any) -> Any:
            if raw.__class__ is str:
                hit = cache.get(raw)
                if hit is not None:
                    return hit
            return _conv("date", raw)
    elif kind in ("platform", "kind", "metric", "level"):
        table = {"platform": PLATFORMS, "kind": KINDS, "metric": METRICS, "level": PLACEMENT_LEVELS}[kind]

        def conv(raw: Any) -> Any:
            if raw.__class__ is str and raw in table:
                return raw
            return _conv(kind, raw)
    elif kind == "number":

        def conv(raw: Any) -> Any:
            if raw.__class__ is int or raw.__class__ is float:
                return raw if raw == raw else _conv("number", raw)
            return _conv("number", raw)
    elif kind == "bool":

        def conv(raw: Any) -> Any:
            return raw if raw.__class__ is bool else _conv("bool", raw)
    elif kind == "url":

        def conv(raw: Any) -> Any:
            return _conv("url", raw)
    else:

        def conv(raw: Any) -> Any:
            return raw if raw.__class__ is str and raw == raw.strip() else _conv(kind, raw)
    return conv


_SPECS_FAST: dict[str, tuple[dict[str, Any], frozenset[str]]] = {
    ftype: ({k: _fast(v[0]) for k, v in spec.items()}, frozenset(k for k, v in spec.items() if v[1]))
    for ftype, spec in FIELD_SPECS.items()
}


@contextlib.contextmanager
def _gc_paused():
    """解析大量小对象时暂停分代垃圾回收（否则会反复扫描已建好的 Fact，耗时翻倍）。"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Slow(Exception):
    pass


def _compile_fast(ftype: str, spec: dict[str, tuple[str, bool]]) -> Any:
    """为一种事实类型生成直线式的快速构造函数；遇到任何不寻常的输入抛出 _Slow，改走带错误说明的通用路径。"""
    tables = {"platform": "PLATFORMS", "kind": "KINDS", "metric": "METRICS", "level": "LEVELS"}
    src = ["def fast(data, line):", "    if not data.keys() <= ALLOWED: raise _Slow", "    get = data.get",
           "    date = CACHE.get(data.get('date'))", "    if date is None: raise _Slow"]
    args = []
    for key, (kind, required) in spec.items():
        if key == "date":
            continue
        var = f"v_{key}"
        src.append(f"    {var} = get({key!r})")
        if kind in tables:
            cond = f"{var}.__class__ is not str or {var} not in {tables[kind]}"
        elif kind == "number":
            cond = f"({var}.__class__ is not int and {var}.__class__ is not float) or {var} != {var}"
            if key in ("minutes", "viewers", "hours", "attendees"):
                cond += f" or {var} < 0"
        elif kind == "bool":
            cond = f"{var}.__class__ is not bool"
        elif kind == "url":
            cond = f"{var}.__class__ is not str or not WEBURL({var})"
        else:
            cond = f"{var}.__class__ is not str or not {var}"
        if required:
            src.append(f"    if {var} is None or {cond}: raise _Slow")
        else:
            src.append(f"    if {var} is not None and ({cond}): raise _Slow")
        if key == "id":
            continue
        if key == "value":
            src.append(f"    {var} = float({var})")
        args.append(f"{key}={var}")
    src.append("    ref = v_id or f'L{line}'")
    src.append(f"    return Fact({ftype!r}, date, ref, line, {', '.join(args)})")
    env = {"ALLOWED": frozenset(spec) | {"type"}, "CACHE": _date_cache, "PLATFORMS": PLATFORMS, "KINDS": KINDS,
           "METRICS": METRICS, "LEVELS": PLACEMENT_LEVELS, "_Slow": _Slow, "Fact": Fact,
           "WEBURL": _is_web_url}
    exec("\n".join(src), env)
    return env["fast"]


_FAST_BUILDERS = {ftype: _compile_fast(ftype, spec) for ftype, spec in FIELD_SPECS.items()}


def _fact_fast(data: dict[str, Any], line: int) -> tuple[Fact | None, list[str]]:
    builder = _FAST_BUILDERS.get(data.get("type"))  # type: ignore[arg-type]
    if builder is not None:
        try:
            return builder(data, line), []
        except _Slow:
            pass
    return fact_from_mapping(data, line=line)


def fact_from_mapping(
    data: Mapping[str, Any], *, line: int, source: str = "", column_word: str = "字段"
) -> tuple[Fact | None, list[str]]:
    """把一条记录（dict）转换为 Fact。返回 (fact, errors)；有错误时 fact 为 None。"""
    ftype = data.get("type")
    fast = _SPECS_FAST.get(ftype) if ftype.__class__ is str else None
    if fast is None:
        prefix = f"第 {line} 行"
        if ftype is None or ftype == "":
            return None, [f"{prefix}，{column_word}“type”：缺少事实类型，可选：{'、'.join(FACT_TYPES)}"]
        return None, [f"{prefix}，{column_word}“type”：未知事实类型“{ftype}”，可选：{'、'.join(FACT_TYPES)}"]
    spec, required = fast
    errors: list[str] | None = None
    values: dict[str, Any] = {}
    extra: dict[str, Any] | None = None
    for key, raw in data.items():
        if key == "type" or raw is None or raw == "":
            continue
        conv = spec.get(key)
        if conv is None:
            if extra is None:
                extra = {}
            extra[key] = raw
            continue
        try:
            values[key] = conv(raw)
        except ValueError as exc:
            if errors is None:
                errors = []
            errors.append(f"第 {line} 行，{column_word}“{key}”：{exc}")
    if not required.issubset(values.keys()):
        bad = {e.split("“", 1)[1].split("”", 1)[0] for e in errors or []}
        for key in sorted(required - values.keys() - bad, key=list(spec).index):
            if errors is None:
                errors = []
            errors.append(f"第 {line} 行，{column_word}“{key}”：{FACT_TYPES[ftype]}必须填写此项")
    if errors:
        return None, errors
    for key in ("minutes", "viewers", "hours", "attendees", "spend", "budget", "plays", "followers"):
        if key in values and values[key] < 0:
            return None, [f"第 {line} 行，{column_word}“{key}”：不能为负数"]
    if ftype == "reach":
        key = "value"
        if key in values and values[key] < 0:
            return None, [f"第 {line} 行，{column_word}“{key}”：不能为负数"]
    explicit = values.pop("id", None)
    ref = explicit or (f"{source}:{line}" if source else f"L{line}")
    date = values.pop("date")
    if "value" in values:
        values["value"] = float(values["value"])
    return Fact(ftype, date, ref, line, extra=extra, **values), []


_BY_DATE = operator.attrgetter("date")


class FactSet:
    """已校验的事实集合，按类型分组并按日期排序，便于按期间快速筛选。"""

    def __init__(self, facts: Iterable[Fact], *, source: str = "", digest: str = ""):
        self.source = source
        self.digest = digest
        by_type: dict[str, list[Fact]] = {}
        for fact in facts:
            by_type.setdefault(fact.type, []).append(fact)
        self._by_type: dict[str, list[Fact]] = {}
        self._dates: dict[str, list[dt.date]] = {}
        self._by_key: dict[tuple[str, str | None], list[Fact]] = {}
        self._key_dates: dict[tuple[str, str | None], list[dt.date]] = {}
        for ftype, items in by_type.items():
            items.sort(key=_BY_DATE)
            self._by_type[ftype] = items
            self._dates[ftype] = [f.date for f in items]
            for fact in items:
                self._by_key.setdefault((ftype, fact.platform), []).append(fact)
        for key, items in self._by_key.items():
            self._key_dates[key] = [f.date for f in items]

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_type.values())

    def __iter__(self):
        for items in self._by_type.values():
            yield from items

    def of_type(self, ftype: str, start: dt.date | None = None, end: dt.date | None = None) -> list[Fact]:
        """某类型、日期在 [start, end]（含两端）内的事实，按日期排序。"""
        items = self._by_type.get(ftype, [])
        if not items or (start is None and end is None):
            return items
        dates = self._dates[ftype]
        lo = bisect_left(dates, start) if start else 0
        hi = bisect_right(dates, end) if end else len(items)
        return items[lo:hi]

    def select(
        self, ftype: str, platforms: Iterable[str] | None, start: dt.date | None, end: dt.date | None
    ) -> list[Fact]:
        """某类型、限定平台（None 为全部）、日期在 [start, end] 内的事实（多平台时按平台拼接，不保证日期序）。"""
        if platforms is None:
            return self.of_type(ftype, start, end)
        out: list[Fact] = []
        for plat in platforms:
            items = self._by_key.get((ftype, plat))
            if not items:
                continue
            dates = self._key_dates[(ftype, plat)]
            lo = bisect_left(dates, start) if start else 0
            hi = bisect_right(dates, end) if end else len(items)
            out.extend(items[lo:hi])
        if len(tuple(platforms)) > 1:
            out.sort(key=_BY_DATE)
        return out

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        firsts = [d[0] for d in self._dates.values() if d]
        lasts = [d[-1] for d in self._dates.values() if d]
        return (min(firsts), max(lasts)) if firsts else None

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self._by_type.items()}


def _finish(facts: list[Fact], errors: list[str], source: str, digest: str) -> FactSet:
    if errors:
        if len(errors) > MAX_ERRORS:
            errors = errors[:MAX_ERRORS] + [f"……另有 {len(errors) - MAX_ERRORS} 处错误未列出"]
        raise FactsError(errors, source)
    seen: dict[str, int] = {}
    dup: list[str] = []
    for fact in facts:
        if fact.ref in seen and fact.ref != f"L{fact.line}":
            dup.append(f"第 {fact.line} 行，字段“id”：引用“{fact.ref}”与第 {seen[fact.ref]} 行重复")
        seen.setdefault(fact.ref, fact.line)
    if dup:
        raise FactsError(dup, source)
    return FactSet(facts, source=source, digest=digest)


def parse_jsonl(text: str | bytes, *, source: str = "") -> FactSet:
    """解析 facts-v1 JSON Lines（每行一个对象；空行与 # 开头的行忽略）。"""
    with _gc_paused():
        return _parse_jsonl(text, source)


def _parse_jsonl(text: str | bytes, source: str) -> FactSet:
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()
    if isinstance(text, bytes):
        try:  # 与表格上传同一套编码规则：UTF-8（含 BOM）、GBK/GB18030、UTF-16；无法识别时报行号
            text = tabular.decode_text(text, filename=source)
        except tabular.TabularError as exc:
            raise FactsError([f"{exc.location or '第 1 行'}：{exc.message}"], source) from None
    numbered = [
        (lineno, line)
        for lineno, line in enumerate(text.splitlines(), start=1)
        if line[:1] == "{" or (line and not line.isspace() and not line.lstrip().startswith("#"))
    ]
    facts: list[Fact] = []
    errors: list[str] = []
    try:  # 快速路径：一次解析全部行
        records = json.loads("[" + ",".join(line for _, line in numbered) + "]")
        if len(records) != len(numbered):
            raise ValueError
    except ValueError:
        records = []
        for lineno, line in numbered:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                errors.append(f"第 {lineno} 行：不是合法的 JSON（第 {exc.colno} 列：{exc.msg}）")
                records.append(None)
    for (lineno, _), data in zip(numbered, records, strict=True):
        if data is None and errors:
            continue
        if not isinstance(data, dict):
            errors.append(f"第 {lineno} 行：每行应为一个 JSON 对象")
            continue
        fact, errs = _fact_fast(data, lineno) if data.__class__ is dict else fact_from_mapping(data, line=lineno)
        if errs:
            errors.extend(errs)
        else:
            facts.append(fact)  # type: ignore[arg-type]
    return _finish(facts, errors, source, digest)


def _rows_to_facts(header: list[Any], rows: Iterable[tuple[int, list[Any]]], source: str, digest: str) -> FactSet:
    names = [str(h).strip() if h is not None else "" for h in header]
    errors: list[str] = []
    if "type" not in names:
        errors.append("第 1 行：表头缺少“type”列（第一行应为字段名，如 type、date、platform …）")
    if "date" not in names:
        errors.append("第 1 行：表头缺少“date”列")
    for idx, name in enumerate(names):
        if name and names.index(name) != idx:
            errors.append(f"第 1 行，列“{name}”：列名重复")
    if errors:
        raise FactsError(errors, source)
    facts: list[Fact] = []
    for rowno, row in rows:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        data = {names[i]: v for i, v in enumerate(row) if i < len(names) and names[i] and v is not None}
        fact, errs = fact_from_mapping(data, line=rowno, column_word="列")
        if errs:
            errors.extend(errs)
        else:
            facts.append(fact)  # type: ignore[arg-type]
    return _finish(facts, errors, source, digest)


def parse_csv(text: str | bytes, *, source: str = "") -> FactSet:
    """解析 CSV（首行为字段名；UTF-8/GBK/UTF-16 均可，读取规则见 engines.tabular）。

    错误信息形如“第 12 行，列“date”：…”。"""
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()
    table = _read_table(raw, source, delimiter=",")
    header, rows = _header_and_rows(table, source, empty="第 1 行：文件为空")
    return _rows_to_facts(header, rows, source, digest)


def parse_xlsx(data: bytes | Path | str, *, source: str = "", sheet: str | None = None) -> FactSet:
    """解析 Excel（.xlsx，首个工作表或 sheet 指定的工作表；首行为字段名）。"""
    raw = Path(data).read_bytes() if isinstance(data, Path | str) else data
    digest = hashlib.sha256(raw).hexdigest()
    table = _read_table(raw, source, sheet=sheet)
    if table.source != "xlsx":
        raise FactsError(["第 1 行：无法读取 Excel 文件（不是 .xlsx 格式）"], source)
    header, rows = _header_and_rows(table, source, empty="第 1 行：工作表为空")
    return _rows_to_facts(header, rows, source, digest)


def _read_table(raw: bytes, source: str, **options: Any) -> tabular.Table:
    try:
        return tabular.read_table(raw, filename=source, **options)
    except tabular.TabularError as exc:
        raise FactsError([f"{exc.location or '第 1 行'}：{exc.message}"], source) from None


def _header_and_rows(table: tabular.Table, source: str, *, empty: str) -> tuple[list[Any], list]:
    if not table.rows:
        raise FactsError([empty], source)
    return list(table.rows[0][1]), table.rows[1:]


def load_facts(path: str | Path) -> FactSet:
    """按扩展名读取事实文件：.jsonl/.ndjson/.json、.csv、.xlsx。"""
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.exists():
        raise FactsError([f"文件不存在：{p}"], str(p))
    if suffix == ".csv":
        return parse_csv(p.read_bytes(), source=p.name)
    if suffix in (".xlsx", ".xlsm"):
        return parse_xlsx(p.read_bytes(), source=p.name)
    return parse_jsonl(p.read_bytes(), source=p.name)


def fact_types_used(facts: FactSet) -> list[str]:  # pragma: no cover - 小工具
    return sorted(facts.counts())

