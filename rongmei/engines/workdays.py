"""中国大陆工作日历（纯 Python，无 Django）。

法定节假日与调休上班日来自 ``chinesecalendar`` 包（按国务院办公厅每年发布的通知维护）；
该包未覆盖的年份不做猜测，抛出 :class:`CalendarCoverageError`。农历节日与节气由
``lunar-python`` 计算。主题日（全国助残日等）是可编辑的数据，见 :data:`DEFAULT_THEME_DAYS`。

Django 侧的日历服务（``rongmei.workcal``）在此之上叠加工作区自定义的主题日。
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import chinese_calendar
from lunar_python import Lunar, Solar

__all__ = [
    "CalendarCoverageError",
    "DayInfo",
    "KeyDate",
    "ThemeDay",
    "DEFAULT_THEME_DAYS",
    "LUNAR_FESTIVALS",
    "is_workday",
    "is_holiday",
    "holiday_name",
    "add_workdays",
    "workdays_between",
    "days_in_range",
    "covered_years",
    "lunar_festivals",
    "solar_terms",
    "theme_days",
    "key_dates",
    "day_info",
]


class CalendarCoverageError(ValueError):
    """日历数据未覆盖所查询的年份。"""

    def __init__(self, year: int):
        first, last = covered_years()
        super().__init__(
            f"{year} 年的法定节假日安排尚未收录（当前数据覆盖 {first}–{last} 年），"
            "请升级 chinesecalendar 包或在工作区日历中手工录入该年安排。"
        )
        self.year = year


_HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def covered_years() -> tuple[int, int]:
    return _covered_years(len(chinese_calendar.holidays), len(chinese_calendar.workdays))


@functools.lru_cache(maxsize=4)
def _covered_years(_n_holidays: int, _n_workdays: int) -> tuple[int, int]:
    """包内的节假日表在进程里不变：只算一次（每查一天都扫一遍全表时，按天循环的统计要多花数秒）。"""
    years = [d.year for d in chinese_calendar.holidays] + [d.year for d in chinese_calendar.workdays]
    return min(years), max(years)


def _check(day: dt.date) -> None:
    first, last = covered_years()
    if not first <= day.year <= last:
        raise CalendarCoverageError(day.year)


def is_workday(day: dt.date) -> bool:
    """是否为工作日（含调休上班的周末）。"""
    _check(day)
    return chinese_calendar.is_workday(day)


def is_holiday(day: dt.date) -> bool:
    """是否为休息日（周末或法定节假日，不含调休上班日）。"""
    return not is_workday(day)


def holiday_name(day: dt.date) -> str | None:
    """法定节假日名称（中文）；调休上班日返回 "调休上班"；普通日子返回 None。"""
    _check(day)
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    if name is None:
        return None
    zh = _HOLIDAY_NAMES_ZH.get(str(name), str(name))
    return zh if on_holiday else f"{zh}调休上班"


def days_in_range(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """start 到 end（含两端）的每一天。"""
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def workdays_between(start: dt.date, end: dt.date) -> int:
    """start 到 end（含两端）之间的工作日数；end 早于 start 时为 0。"""
    return sum(1 for day in days_in_range(start, end) if is_workday(day))


def add_workdays(day: dt.date, n: int) -> dt.date:
    """从 day 起第 n 个工作日（n=0 时若 day 非工作日则顺延到下一个工作日）。支持负数。"""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = day
    if remaining == 0:
        while not is_workday(current):
            current += dt.timedelta(days=1)
        return current
    while remaining:
        current += dt.timedelta(days=step)
        if is_workday(current):
            remaining -= 1
    return current


# ---------------------------------------------------------------- key dates

@dataclass(frozen=True, slots=True)
class KeyDate:
    date: dt.date
    name: str
    kind: str  # holiday | lunar | solar_term | theme | makeup


@dataclass(frozen=True, slots=True)
class ThemeDay:
    """主题日规则：固定公历日期（month/day），或某月第 n 个星期几（month/weekday/nth）。"""

    name: str
    month: int
    day: int | None = None
    weekday: int | None = None  # 0=周一 … 6=周日
    nth: int | None = None

    def on(self, year: int) -> dt.date:
        if self.day is not None:
            return dt.date(year, self.month, self.day)
        if self.weekday is None or self.nth is None:
            raise ValueError(f"主题日“{self.name}”既没有日期也没有“第几个星期几”规则")
        first = dt.date(year, self.month, 1)
        offset = (self.weekday - first.weekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (self.nth - 1))


DEFAULT_THEME_DAYS: tuple[ThemeDay, ...] = (
    ThemeDay("全国助残日", 5, weekday=6, nth=3),
    ThemeDay("残疾预防日", 8, 25),
    ThemeDay("国际残疾人日", 12, 3),
    ThemeDay("测绘法宣传日", 8, 29),
    ThemeDay("世界地球日", 4, 22),
    ThemeDay("全国土地日", 6, 25),
    ThemeDay("全国爱耳日", 3, 3),
    ThemeDay("国际盲人节", 10, 15),
    ThemeDay("全国科普日", 9, 20),
    ThemeDay("国家安全教育日", 4, 15),
    ThemeDay("国家宪法日", 12, 4),
    ThemeDay("世界环境日", 6, 5),
    ThemeDay("全国防灾减灾日", 5, 12),
    ThemeDay("建党节", 7, 1),
    ThemeDay("建军节", 8, 1),
    ThemeDay("国庆节", 10, 1),
)

# 农历节日：(农历月, 农历日, 名称)；除夕另算（腊月最后一天）。
LUNAR_FESTIVALS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "春节"),
    (1, 15, "元宵节"),
    (2, 2, "龙抬头"),
    (5, 5, "端午节"),
    (7, 7, "七夕节"),
    (8, 15, "中秋节"),
    (9, 9, "重阳节"),
    (12, 8, "腊八节"),
)


def lunar_festivals(year: int) -> list[KeyDate]:
    """公历 year 年内的农历节日（计算所得，不查表）。"""
    out: list[KeyDate] = []
    for lunar_year in (year - 1, year):
        for month, day, name in LUNAR_FESTIVALS:
            solar = Lunar.fromYmd(lunar_year, month, day).getSolar()
            date = dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
            if date.year == year:
                out.append(KeyDate(date, name, "lunar"))
        # 除夕：次年正月初一的前一天
        spring = Lunar.fromYmd(lunar_year + 1, 1, 1).getSolar()
        eve = dt.date(spring.getYear(), spring.getMonth(), spring.getDay()) - dt.timedelta(days=1)
        if eve.year == year:
            out.append(KeyDate(eve, "除夕", "lunar"))
    return sorted(out, key=lambda k: k.date)


def solar_terms(year: int) -> list[KeyDate]:
    """公历 year 年内的二十四节气。"""
    out: list[KeyDate] = []
    for lunar_year in (year - 1, year, year + 1):
        table = Lunar.fromYmd(lunar_year, 6, 1).getJieQiTable()
        for name, solar in table.items():
            if not name or not name[0] >= "\u4e00":  # 表中含拼音键（如 DONG_ZHI），跳过
                continue
            date = dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
            if date.year == year:
                out.append(KeyDate(date, name, "solar_term"))
    unique = {(k.date, k.name): k for k in out}
    return sorted(unique.values(), key=lambda k: k.date)


def theme_days(year: int, rules: Iterable[ThemeDay] = DEFAULT_THEME_DAYS) -> list[KeyDate]:
    return sorted((KeyDate(rule.on(year), rule.name, "theme") for rule in rules), key=lambda k: k.date)


def _statutory(year: int) -> list[KeyDate]:
    out = []
    first_of_year = dt.date(year, 1, 1)
    last_of_year = dt.date(year, 12, 31)
    seen: set[str] = set()
    for day in days_in_range(first_of_year, last_of_year):
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        if name is None:
            continue
        zh = _HOLIDAY_NAMES_ZH.get(str(name), str(name))
        if on_holiday:
            out.append(KeyDate(day, zh if zh not in seen else f"{zh}假期", "holiday"))
            seen.add(zh)
        else:
            out.append(KeyDate(day, f"{zh}调休上班", "makeup"))
    return out


def key_dates(year: int, rules: Iterable[ThemeDay] = DEFAULT_THEME_DAYS, *, with_terms: bool = True) -> list[KeyDate]:
    """某年全部关键日期：法定节假日与调休、农历节日、节气、主题日。

    法定节假日所在年份未收录时抛出 :class:`CalendarCoverageError`；调用方可捕获后只展示计算类日期。
    """
    _check(dt.date(year, 1, 1))
    items = _statutory(year) + lunar_festivals(year) + theme_days(year, rules)
    if with_terms:
        items += solar_terms(year)
    return sorted(items, key=lambda k: (k.date, k.kind))


@dataclass(frozen=True, slots=True)
class DayInfo:
    date: dt.date
    workday: bool
    label: str | None  # 节假日/调休名称


def day_info(day: dt.date) -> DayInfo:
    return DayInfo(day, is_workday(day), holiday_name(day))


def solar_of(day: dt.date) -> Solar:  # pragma: no cover - 小工具
    return Solar.fromYmd(day.year, day.month, day.day)
