"""答复时限（纯 Python，无 Django）：按中国官方工作日历（含调休）计算互动消息的答复期限与用时。

* ``Nwd``：N 个工作日 = N × 一天的工作时长 的工作时间（09:00–18:00 时一个工作日是 9 小时工作时间）；
* ``Nwh``：N 个工作小时；
* ``Nh``：N 个自然小时（7×24，不看日历，如“紧急事项 1 小时内首次响应”）。

工作时间外（夜间、周末、法定节假日）到达的消息从下一个工作时段开始计时。例：周五 2025-11-14 17:00 收到，
1 个工作日、09:00–18:00 → 周一 2025-11-17 17:00。调休上班的周末是工作日，国庆假期里的周三不是。

时间按“墙上时间”计算：带时区的时间原样保留时区（北京时间无夏令时），不带时区的按本地墙上时间。
工作时段结束写作 ``24:00``（即 ``time(0)`` 作为结束）表示到当天结束，如微博后台 08:00–24:00。

    rongmei sla due --received 2025-11-14T17:00 --within 1wd [--hours 09:00-18:00]   → 2025-11-17T17:00
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# 纯核心之间的依赖：工作日判定只有 workdays 一处实现（法定节假日与调休），sla 不另造一份（见 pyproject 的 ignore_imports）
from rongmei.engines import workdays

__all__ = ["Within", "parse_within", "parse_hours", "due", "add_working", "working_time", "main",
           "DEFAULT_HOURS", "SlaError"]

DEFAULT_HOURS = (dt.time(9), dt.time(18))
_WITHIN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(wd|wh|h)\s*$", re.IGNORECASE)
_UNIT_LABELS = {"wd": "个工作日", "wh": "个工作小时", "h": "小时"}
# 防止错误参数（或日历数据缺失）让循环无休止地往后找：最多向后找 400 天
_MAX_DAYS = 400


class SlaError(ValueError):
    """时限写法或工作时段不对（中文说明）。"""


@dataclass(frozen=True)
class Within:
    amount: float
    unit: str  # "wd" | "wh" | "h"

    @property
    def label(self) -> str:
        n = int(self.amount) if float(self.amount).is_integer() else self.amount
        return f"{n} {_UNIT_LABELS[self.unit]}"


@functools.lru_cache(maxsize=256)
def parse_within(text: str) -> Within:
    """“1wd”“4wh”“24h” → Within（结果缓存：收件箱每条消息都要解析两次同样的几种写法）。"""
    m = _WITHIN.match(text or "")
    if not m:
        raise SlaError(f"时限“{text}”的写法不对：应为 N 加单位，如 1wd（工作日）、4wh（工作小时）、24h（自然小时）")
    amount = float(m.group(1))
    if amount <= 0:
        raise SlaError(f"时限“{text}”必须大于 0")
    return Within(amount, m.group(2).lower())


def _parse_time(text: str) -> dt.time:
    text = text.strip()
    if text in ("24:00", "24:00:00"):
        return dt.time(0)
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise SlaError(f"时间“{text}”的写法不对，应为 时:分，如 09:00") from None


def parse_hours(text: str) -> tuple[dt.time, dt.time]:
    """“09:00-18:00” / “08:00-24:00” → (开始, 结束)；结束 00:00 表示 24:00。"""
    parts = re.split(r"\s*[-–—~～至]\s*", (text or "").strip())
    if len(parts) != 2:
        raise SlaError(f"工作时段“{text}”的写法不对，应为 开始-结束，如 09:00-18:00")
    hours = (_parse_time(parts[0]), _parse_time(parts[1]))
    _check_hours(hours)
    return hours


def _seconds(t: dt.time, *, end: bool = False) -> int:
    s = t.hour * 3600 + t.minute * 60 + t.second
    return 86400 if end and s == 0 else s


def _check_hours(hours: tuple[dt.time, dt.time]) -> tuple[int, int]:
    start, end = _seconds(hours[0]), _seconds(hours[1], end=True)
    if end <= start:
        raise SlaError("工作时段的结束时间必须晚于开始时间")
    return start, end


def _midnight(day: dt.date, tz) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz)


def _periods(start: dt.datetime, hours, is_workday) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """从 start 所在日起依次给出工作时段 (开始, 结束)（墙上时间），已被 start 截去前段。"""
    h0, h1 = _check_hours(hours)
    tz = start.tzinfo
    wall = start.replace(tzinfo=None)
    day = wall.date()
    for _ in range(_MAX_DAYS):
        if is_workday(day):
            p0 = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(seconds=h0)
            p1 = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(seconds=h1)
            if p1 > wall:
                yield max(p0, wall).replace(tzinfo=tz), p1.replace(tzinfo=tz)
        day += dt.timedelta(days=1)
    raise SlaError(f"{_MAX_DAYS} 天内找不到足够的工作时间，请检查工作时段和日历")


def add_working(start: dt.datetime, amount: dt.timedelta, *, hours=DEFAULT_HOURS,
                is_workday: Callable[[dt.date], bool] | None = None) -> dt.datetime:
    """从 start 起累计 amount 的工作时间，返回到点时刻。amount 为 0 时返回下一个工作时段的起点（或 start 本身）。"""
    is_workday = is_workday or workdays.is_workday
    left = amount
    for p0, p1 in _periods(start, hours, is_workday):
        span = p1 - p0
        if left <= span:
            return p0 + left
        left -= span
    raise AssertionError("unreachable")  # _periods 找不到时已抛 SlaError


def working_time(start: dt.datetime, end: dt.datetime, *, hours=DEFAULT_HOURS,
                 is_workday: Callable[[dt.date], bool] | None = None) -> dt.timedelta:
    """start 到 end 之间的工作时间（end 不晚于 start 时为 0）。

    按天累加（首尾两天只算时段内的部分），不逐个生成工作时段：统计页一次要算几万条消息。
    结果与按时段逐段累加（:func:`_working_time_by_periods`）相同，有测试对照。"""
    is_workday = is_workday or workdays.is_workday
    if end <= start:
        return dt.timedelta(0)
    if start.tzinfo is not None and end.tzinfo is not None:
        end = end.astimezone(start.tzinfo)  # 按 start 的墙上时间计
    d0, d1 = start.date(), end.date()
    if (d1 - d0).days > _MAX_DAYS:
        return _working_time_by_periods(start, end, hours=hours, is_workday=is_workday)
    h0, h1 = _check_hours(hours)

    def into(t: dt.datetime) -> int:  # 当天 0 点到 t 的工作时间（微秒，整数运算不丢精度）
        s = t.hour * 3600 + t.minute * 60 + t.second
        return min(max(s - h0, 0), h1 - h0) * 1_000_000 + (t.microsecond if h0 <= s < h1 else 0)

    total = 0
    day = d0
    one = dt.timedelta(days=1)
    while day < d1:
        if is_workday(day):
            total += (h1 - h0) * 1_000_000
        day += one
    if is_workday(d1):
        total += into(end)
    if is_workday(d0):
        total -= into(start)
    return dt.timedelta(microseconds=total)


def _working_time_by_periods(start: dt.datetime, end: dt.datetime, *, hours=DEFAULT_HOURS,
                             is_workday: Callable[[dt.date], bool] | None = None) -> dt.timedelta:
    """working_time 的逐时段版本（跨度超过 400 天时用它报错；测试用它对照）。"""
    is_workday = is_workday or workdays.is_workday
    total = dt.timedelta(0)
    if end <= start:
        return total
    for p0, p1 in _periods(start, hours, is_workday):
        if p0 >= end:
            break
        total += min(p1, end) - p0
    return total


def day_length(hours=DEFAULT_HOURS) -> dt.timedelta:
    h0, h1 = _check_hours(hours)
    return dt.timedelta(seconds=h1 - h0)


def amount_of(within: str | Within, hours=DEFAULT_HOURS) -> dt.timedelta:
    """时限折合的时长（工作日按一天的工作时长折算）。"""
    w = parse_within(within) if isinstance(within, str) else within
    if w.unit == "wd":
        return day_length(hours) * w.amount
    return dt.timedelta(hours=w.amount)


def due(received: dt.datetime, within: str | Within, *, hours=DEFAULT_HOURS,
        is_workday: Callable[[dt.date], bool] | None = None) -> dt.datetime:
    """received 收到、时限 within（Nwd / Nwh / Nh）的答复期限。"""
    w = parse_within(within) if isinstance(within, str) else within
    if w.unit == "h":
        return received + dt.timedelta(hours=w.amount)
    return add_working(received, amount_of(w, hours), hours=hours, is_workday=is_workday)


def _format(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M") if value.second == 0 else value.strftime("%Y-%m-%dT%H:%M:%S")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rongmei sla due", description="按法定工作日（含调休）计算答复期限")
    parser.add_argument("--received", required=True, help="收到时间，如 2025-11-14T17:00")
    parser.add_argument("--within", required=True, help="时限：Nwd 工作日、Nwh 工作小时、Nh 自然小时")
    parser.add_argument("--hours", default="09:00-18:00", help="工作时段，默认 09:00-18:00")
    args = parser.parse_args(argv)
    try:
        received = dt.datetime.fromisoformat(args.received)
        print(_format(due(received, args.within, hours=parse_hours(args.hours))))
    except ValueError as exc:  # SlaError、CalendarCoverageError、时间格式错误都是 ValueError
        msg = str(exc) if isinstance(exc, SlaError | workdays.CalendarCoverageError) else \
            f"收到时间“{args.received}”的写法不对，应为 2025-11-14T17:00"
        print(f"错误：{msg}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
