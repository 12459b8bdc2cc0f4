"""One formatter for every figure shown to a user (pure Python, no Django).

``format_value(value, unit)`` is used by templates (``{{ v|fmt:unit }}``), exports, the CLI text output
and reports, so that the same figure reads the same everywhere.

Units and what they mean:

==================  ===========================================================  ==================
unit                value is                                                     example
==================  ===========================================================  ==================
``"ratio"``         a fraction (0.123)                                           ``12.3%``
``"%"``             already in percent points (12.3)                             ``12.3%``
``"元"`` / ``"CNY"``  money; ``Decimal`` preferred, float accepted                 ``1,877,180.00元``
``"万元"``          money already in 万元 (as contracts state amounts)             ``188.50万元``
``"小时"``          hours (live-stream duration, 课时 …), up to 2 decimals          ``418.98小时``
``"分"``            a score, 2 decimals                                            ``69.38分``
anything else       a count or a measure in that unit (条, 篇, 人, pv …)             ``1,234条``
``None`` / ``""``   a bare number (counts rule, no unit text)                        ``187.72万``
==================  ===========================================================  ==================

Counts: integers get thousands separators below 10 万 (``12,345``); from 10 万 they read in 万
(``187.72万``), from 1 亿 in 亿 (``1.23亿``), as a Chinese reader expects for reads and followers.
Fractional counts (weighted months) keep up to 2 decimals. Scientific notation never appears. Chinese units follow the number directly
(``12条``), Latin ones after a space (``12 pv``).
``None``, NaN and infinity read ``—``. ``digits`` overrides the number of decimals.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["format_value", "format_number", "MISSING", "RATIO", "PERCENT", "MONEY_UNITS", "HOUR_UNITS", "COUNT_UNITS"]

MISSING = "—"
RATIO = "ratio"
PERCENT = "%"
MONEY_UNITS = frozenset({"元", "CNY", "yuan"})
WAN_YUAN = "万元"
HOUR_UNITS = frozenset({"小时", "hours", "h"})
SCORE_UNITS = frozenset({"分", "score"})
#: units of things counted one by one: an amount *due* in them reads as a whole number (134.63条 → 135条);
#: the engine keeps the exact pro-rata figure, only the display rounds
COUNT_UNITS = frozenset({"条", "篇", "次", "人", "人次", "场", "期", "个", "项", "部", "张", "幅", "份", "件", "名",
                         "家", "集", "场/个"})

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
#: counts from this size on read in 万 (below it: exact with thousands separators)
WAN_FROM = Decimal(100_000)


def _to_decimal(value: object) -> Decimal | None:
    """Exact decimal for ints/Decimals, shortest round-trip decimal for floats; None when not a finite number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _fixed(number: Decimal, digits: int, *, strip: bool, group: bool = True) -> str:
    """Fixed-point text (never exponent), optional thousands separators, optional trailing-zero strip."""
    quantum = Decimal(1).scaleb(-digits)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.00"
    text = f"{rounded:,.{digits}f}" if group else f"{rounded:.{digits}f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_number(value: object, *, digits: int | None = None) -> str:
    """A bare count/measure: 1,234 · 2.5 · 187.72万 · 1.23亿 (see module doc)."""
    number = _to_decimal(value)
    if number is None:
        return MISSING
    size = abs(number)
    if size >= YI:
        return _fixed(number / YI, 2 if digits is None else digits, strip=digits is None) + "亿"
    if size >= WAN_FROM:
        return _fixed(number / WAN, 2 if digits is None else digits, strip=digits is None) + "万"
    if digits is not None:
        return _fixed(number, digits, strip=False)
    return _fixed(number, 2, strip=True)


def _with_unit(text: str, unit: str) -> str:
    """CJK units follow the number directly (12条); Latin units after a space (12 pv)."""
    if not unit:
        return text
    return f"{text}{unit}" if not unit[0].isascii() else f"{text} {unit}"


def format_value(value: object, unit: str | None = None, *, digits: int | None = None, whole: bool = False) -> str:
    """Format one figure for a Chinese reader. See the module doc for the units table.

    ``whole=True``: a figure in a unit of things counted one by one (``COUNT_UNITS``) is first rounded to a
    whole number (half up) — for pro-rata amounts such as "应完成" (134.63条 → 135条). Other units unchanged.
    """
    number = _to_decimal(value)
    if number is None:
        return MISSING
    unit = (unit or "").strip()
    if whole and unit in COUNT_UNITS:
        number = number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if unit == RATIO:
        return _fixed(number * 100, 1 if digits is None else digits, strip=False, group=True) + "%"
    if unit == PERCENT:
        return _fixed(number, 1 if digits is None else digits, strip=False, group=True) + "%"
    if unit in MONEY_UNITS:
        return _fixed(number, 2 if digits is None else digits, strip=False) + "元"
    if unit == WAN_YUAN:
        return _fixed(number, 2 if digits is None else digits, strip=False) + "万元"
    if unit in HOUR_UNITS:
        return _fixed(number, 2 if digits is None else digits, strip=digits is None) + "小时"
    if unit in SCORE_UNITS:
        return _fixed(number, 2 if digits is None else digits, strip=False) + "分"
    return _with_unit(format_number(number, digits=digits), unit)
