"""单元格取值的规整：表头名、数字（千分位、万、亿、%、“10万+”）、日期（含 Excel 序列号）。"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

__all__ = [
    "EMPTY_MARKERS",
    "ValueProblem",
    "cell_text",
    "is_empty",
    "normalize_header",
    "parse_date",
    "parse_datetime",
    "parse_number",
    "parse_seconds",
]

#: 平台导出里表示“无数据”的写法，视为空单元格（不产生指标行）。
EMPTY_MARKERS = frozenset({"", "-", "--", "—", "——", "/", "N/A", "n/a", "NA", "null", "None", "暂无", "暂无数据"})

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_UNITS = {"万": 10_000, "w": 10_000, "W": 10_000, "亿": 100_000_000, "千": 1_000, "k": 1_000, "K": 1_000}
_NUMBER_RE = re.compile(r"^([+-]?)(\d+(?:\.\d+)?|\.\d+)(万|亿|千|w|W|k|K)?(\+)?(%)?$")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


class ValueProblem(ValueError):
    """单元格值不合法；``reason`` 是中文说明的后半句（如“不是数字”）。"""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def cell_text(value: Any) -> str:
    """单元格的显示文本：全角转半角（NFKC），去首尾空白。"""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def is_empty(value: Any) -> bool:
    return value is None or cell_text(value) in EMPTY_MARKERS


def normalize_header(value: Any) -> str:
    """用于比对表头：NFKC、去掉所有空白与换行、小写。"""
    return re.sub(r"\s+", "", cell_text(value)).lower()


def parse_number(value: Any) -> int | float:
    """把单元格解析成数字。

    支持 ``1,234``、``1，234``、``1.2万``、``10万+``（取下限 100000）、``3亿``、``12.5%``（→ 0.125）。
    整数结果返回 ``int``。空值应先用 :func:`is_empty` 排除。
    """
    if isinstance(value, bool):
        raise ValueProblem("不是数字")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = re.sub(r"[\s,，]", "", cell_text(value))
    match = _NUMBER_RE.match(text)
    if not match:
        raise ValueProblem("不是数字")
    sign, digits, unit, _plus, percent = match.groups()
    number = float(digits) * _UNITS.get(unit or "", 1)
    if sign == "-":
        number = -number
    if percent:
        return round(number / 100, 6)
    return int(round(number)) if unit or number.is_integer() else number


def parse_datetime(value: Any) -> dt.datetime:
    """解析日期或日期时间：datetime/date 对象、Excel 序列号、常见中文与 ISO 写法。"""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20_000 <= value <= 80_000:  # Excel 序列号，约 1954—2119 年
            return _EXCEL_EPOCH + dt.timedelta(days=float(value))
        if 19_000_000 <= value <= 21_000_000 and float(value).is_integer():
            value = str(int(value))
        else:
            raise ValueProblem("不是有效日期")
    text = cell_text(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = [int(p) if p else 0 for p in match.groups()]
            parts += [0] * (6 - len(parts))
            try:
                return dt.datetime(*parts[:6])
            except ValueError:
                break
    raise ValueProblem("不是有效日期")


def parse_date(value: Any) -> dt.date:
    return parse_datetime(value).date()


_SECONDS_RE = re.compile(r"^(?:(\d+)(?:小时|h))?(?:(\d+)(?:分钟|分|m|min))?(?:(\d+(?:\.\d+)?)(?:秒|s|sec))?$")


def parse_seconds(value: Any) -> int | float:
    """时长：``35``、``35s``、``35秒``、``1分5秒``、``01:05``、``1:02:03`` → 秒数。"""
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return parse_number(value)
    text = re.sub(r"\s+", "", cell_text(value))
    if re.fullmatch(r"\d+(?::\d{1,2}){1,2}(?:\.\d+)?", text):
        total = 0.0
        for part in text.split(":"):
            total = total * 60 + float(part)
        return int(total) if total.is_integer() else total
    match = _SECONDS_RE.match(text)
    if text and match and any(match.groups()):
        hours, minutes, seconds = match.groups()
        total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)
        return int(total) if total.is_integer() else total
    try:
        return parse_number(text)
    except ValueProblem:
        raise ValueProblem("不是有效时长") from None
