"""人员条款的核对（纯函数，无 Django）：岗位“要求 vs 在岗”、请假造成的缺岗、值班时段落在哪些日子与时刻。

工作日按官方日历（engines.workdays：法定节假日与调休），所以调休上班的星期日是驻场日、国庆是节假日值班日。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rongmei.engines import workdays

from .contract.model import DutyBand, Staffing, StaffPost

__all__ = [
    "Person",
    "PostCover",
    "Gap",
    "post_cover",
    "gaps",
    "calendar_end",
    "band_applies",
    "band_window",
    "bands_at",
    "staffing_facts",
]


@dataclass(frozen=True, slots=True)
class Person:
    """名册上的一个人。absences 为已批准（或待批）的请假区间（含两端）。"""

    id: int
    name: str
    post: str
    years: float = 0.0
    on_site: bool = False
    start: dt.date | None = None
    end: dt.date | None = None
    absences: tuple[tuple[dt.date, dt.date], ...] = ()

    def active(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def absent(self, day: dt.date) -> bool:
        return any(a <= day <= b for a, b in self.absences)

    def unmet(self, post: StaffPost) -> list[str]:
        """这个人不满足岗位要求的地方（中文）。"""
        out = []
        if self.years + 1e-9 < post.min_years:
            out.append(f"从业 {self.years:g} 年，岗位要求 ≥ {post.min_years:g} 年")
        if post.on_site and not self.on_site:
            out.append("岗位要求驻场")
        return out


@dataclass(frozen=True, slots=True)
class PostCover:
    post: StaffPost
    required: int
    filled: int  # 在岗且符合资格的人数（不论当天是否请假）
    present: int  # filled 中当天没有请假的人数
    people: tuple[Person, ...]  # 在岗的人（含不符合资格的）
    unqualified: tuple[tuple[Person, tuple[str, ...]], ...]
    absent: tuple[Person, ...]

    @property
    def short(self) -> int:
        return max(0, self.required - self.present)

    @property
    def ok(self) -> bool:
        return self.present >= self.required


@dataclass(frozen=True, slots=True)
class Gap:
    day: dt.date
    post: StaffPost
    required: int
    present: int
    absent: tuple[str, ...]  # 请假的人名

    @property
    def short(self) -> int:
        return self.required - self.present


def post_cover(staffing: Staffing, people: Iterable[Person], day: dt.date) -> list[PostCover]:
    """day 这一天每个岗位的要求人数、在岗符合资格人数、扣除请假后的到岗人数。"""
    people = list(people)
    out = []
    for post in staffing.posts:
        here = tuple(p for p in people if p.post == post.id and p.active(day))
        unq = tuple((p, tuple(p.unmet(post))) for p in here if p.unmet(post))
        bad = {p.id for p, _ in unq}
        qualified = [p for p in here if p.id not in bad]
        absent = tuple(p for p in qualified if p.absent(day))
        out.append(PostCover(post, post.count, len(qualified), len(qualified) - len(absent), here, unq, absent))
    return out


def on_site_present(people: Iterable[Person], day: dt.date) -> int:
    return sum(1 for p in people if p.on_site and p.active(day) and not p.absent(day))


def calendar_end(end: dt.date) -> dt.date:
    """官方日历（节假日安排）已公布到哪天为止：超出的日子无法判断是否工作日，核对到此为止。"""
    return min(end, dt.date(workdays.covered_years()[1], 12, 31))


def gaps(staffing: Staffing, people: Sequence[Person], start: dt.date, end: dt.date) -> list[Gap]:
    """start..end 的每个工作日（官方日历，含调休上班日）里人数不足的岗位；日历尚未公布的日子不核对。"""
    out = []
    for day in workdays.days_in_range(start, calendar_end(end)):
        if not workdays.is_workday(day):
            continue
        for cov in post_cover(staffing, people, day):
            if not cov.ok:
                out.append(Gap(day, cov.post, cov.required, cov.present, tuple(p.name for p in cov.absent)))
    return out


def band_applies(band: DutyBand, day: dt.date) -> bool:
    """时段在 day 这一天是否要排班（按开始的那一天算）。"""
    if band.days == "workday":
        return workdays.is_workday(day)
    if band.days == "non_workday":
        return not workdays.is_workday(day)
    return True


def band_window(band: DutyBand, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """day 开始的这一班的起止时刻（无时区的北京时间）；跨午夜的班结束在次日。"""
    midnight = dt.datetime.combine(day, dt.time())
    start = midnight + dt.timedelta(minutes=band.start)
    end = midnight + dt.timedelta(minutes=band.end, days=1 if band.overnight else 0)
    return start, end


def bands_at(bands: Iterable[DutyBand], at: dt.datetime) -> list[tuple[DutyBand, dt.date]]:
    """at 时刻正在进行的班：(时段, 这一班开始的日期)。跨午夜的班属于前一天。"""
    at = at.replace(tzinfo=None)
    out = []
    for band in bands:
        for day in (at.date(), at.date() - dt.timedelta(days=1)):
            if not band_applies(band, day):
                continue
            start, end = band_window(band, day)
            if start <= at < end:
                out.append((band, day))
    return out


def staffing_facts(staffing: Staffing, people: Sequence[Person], start: dt.date, end: dt.date) -> list[dict]:
    """facts-v1 的 staffing 事实：每个工作日、每个岗位一条（要求、到岗、到岗率），供合同考核计“岗位配齐”。"""
    out = []
    for day in workdays.days_in_range(start, calendar_end(end)):
        if not workdays.is_workday(day):
            continue
        for cov in post_cover(staffing, people, day):
            share = min(1.0, cov.present / cov.required) if cov.required else 1.0
            out.append({"type": "staffing", "date": day.isoformat(), "post": cov.post.name,
                        "required": cov.required, "filled": cov.present, "filled_share": round(share, 4),
                        "title": f"{cov.post.name}：要求 {cov.required} 人，到岗 {cov.present} 人"})
    return out
