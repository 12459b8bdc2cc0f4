"""考核期与计量单位：按月、周、工作日（含调休）、节假日切分日期区间。"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..workdays import is_workday
from .contract import Contract, add_months, months_between
from .results import PeriodInfo

__all__ = ["Unit", "resolve_period", "units_in", "workday", "PeriodError"]

ONE = dt.timedelta(days=1)


class PeriodError(ValueError):
    pass


@lru_cache(maxsize=4096)
def workday(day: dt.date) -> bool:
    """带缓存的 is_workday（调休上班日为工作日）；年份未收录时抛出 CalendarCoverageError。"""
    return is_workday(day)


@dataclass(frozen=True, slots=True)
class Unit:
    label: str
    start: dt.date
    end: dt.date
    weight: float = 1.0  # 目标的折算系数（月份被截断时按天数折算）


def resolve_period(contract: Contract, code: str) -> PeriodInfo:
    """annual = 整个服务期；h1/h2 = 服务期前/后 6 个月；YYYY-MM = 服务期内的某个月。"""
    start, end = contract.start, contract.end
    if code in ("annual", "year", "all"):
        return PeriodInfo("annual", "year", "全周期（年度）", start, end, months_between(start, end))
    if code in ("h1", "h2"):
        mid = add_months(start, 6)
        if mid > end:
            raise PeriodError("服务期不足 6 个月，无法按半年考核")
        s, e = (start, mid - ONE) if code == "h1" else (mid, end)
        label = "上半年（前 6 个月）" if code == "h1" else "下半年（后 6 个月）"
        return PeriodInfo(code, "half", label, s, e, months_between(s, e))
    m = re.fullmatch(r"(\d{4})-(\d{2})", code)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"月份“{code}”无效")
        s = dt.date(year, month, 1)
        e = dt.date(year, month, _cal.monthrange(year, month)[1])
        if e < start or s > end:
            raise PeriodError(f"{code} 不在服务期 {start}～{end} 内")
        s, e = max(s, start), min(e, end)
        return PeriodInfo(code, "month", f"{year} 年 {month} 月", s, e, months_between(s, e))
    raise PeriodError(f"考核期“{code}”无效，可选：annual、h1、h2 或 YYYY-MM")


def units_in(per: str, start: dt.date, end: dt.date) -> list[Unit]:
    """区间 [start, end] 内的计量单位。周为周一至周日，只计完整落在区间内的周。"""
    out: list[Unit] = []
    if per == "month":
        cur = start
        while cur <= end:
            first = dt.date(cur.year, cur.month, 1)
            nxt = add_months(first, 1)
            e = min(end, nxt - ONE)
            weight = ((e - cur).days + 1) / (nxt - first).days
            out.append(Unit(f"{cur.year}-{cur.month:02d}", cur, e, weight))
            cur = e + ONE
    elif per == "week":
        cur = start + dt.timedelta(days=(7 - start.weekday()) % 7)
        while cur + dt.timedelta(days=6) <= end:
            iso = cur.isocalendar()
            out.append(Unit(f"{iso[0]}-W{iso[1]:02d}", cur, cur + dt.timedelta(days=6)))
            cur += dt.timedelta(days=7)
    elif per in ("day", "workday", "non_workday"):
        cur = start
        while cur <= end:
            if per == "day" or (workday(cur) == (per == "workday")):
                out.append(Unit(cur.isoformat(), cur, cur))
            cur += ONE
    else:
        out.append(Unit("period", start, end))
    return out
