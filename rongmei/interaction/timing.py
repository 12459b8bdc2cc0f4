"""答复时限在工作区里的落地：取工作区（或平台）的工作时段、时限规则，调用纯核心 engines.sla 计算期限与用时。"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass

from django.utils import timezone

from rongmei.engines import sla, workdays

from .models import InboxSettings, PlatformHours, SlaRule

DEFAULT_FIRST = "24h"
DEFAULT_RESOLUTION = "2wd"


@functools.lru_cache(maxsize=4096)
def is_workday(day: dt.date) -> bool:
    """法定工作日（含调休）；日历数据未覆盖的年份按周一至周五（时限不能因为缺数据而算不出来）。"""
    try:
        return workdays.is_workday(day)
    except workdays.CalendarCoverageError:
        return day.weekday() < 5


def settings_of(workspace) -> InboxSettings:
    obj = getattr(workspace, "_inbox_settings_cache", None)
    if obj is None:
        obj, _ = InboxSettings.objects.get_or_create(workspace=workspace)
        workspace._inbox_settings_cache = obj
    return obj


@dataclass
class Clock:
    """一个工作区（按平台）的计时口径。"""

    hours: tuple[dt.time, dt.time]
    rules: dict[tuple[str, bool], SlaRule]
    department_within: str
    # 取一次当前时区：timezone.localtime() 每次都要查线程局部变量，一批几千条消息时占了大半时间
    tz: dt.tzinfo = dataclasses.field(default_factory=timezone.get_current_timezone)

    def rule_for(self, category: str, urgent: bool) -> tuple[str, str]:
        """(首次响应时限, 办结时限)。紧急消息的首次响应取紧急规则。"""
        base = self.rules.get((category, False)) or self.rules.get(("", False))
        first = base.first_response if base else DEFAULT_FIRST
        resolution = base.resolution if base else DEFAULT_RESOLUTION
        if urgent:
            hot = self.rules.get((category, True)) or self.rules.get(("", True))
            if hot:
                first = hot.first_response
                resolution = min_within(resolution, hot.resolution)
        return first, resolution

    def due(self, start: dt.datetime, within: str) -> dt.datetime:
        return sla.due(start.astimezone(self.tz), within, hours=self.hours, is_workday=is_workday)

    def working(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        return sla.working_time(start.astimezone(self.tz), end.astimezone(self.tz), hours=self.hours,
                                is_workday=is_workday)

    def shift(self, due: dt.datetime, by: dt.timedelta, within: str) -> dt.datetime:
        """暂停结束后把期限顺延暂停的时长（自然小时规则按自然时间，其余按工作时间）。"""
        if sla.parse_within(within).unit == "h":
            return due + by
        return sla.add_working(due.astimezone(self.tz), by, hours=self.hours, is_workday=is_workday)


def durations(c: Clock, received: dt.datetime, first_response_at: dt.datetime | None,
              resolved_at: dt.datetime | None, paused_seconds: int) -> tuple[int | None, int | None]:
    """(首次响应用时, 办结用时)：收到起的工作时间，整秒；办结用时扣除暂停（等待群众补充）的工作时间。
    时间点还没有的为 None；跨度超过工作时间引擎的上限（400 天，多是从平台拉回来的陈年评论）的也为 None，不计入用时。
    服务在时间点确定时算一次存到消息上，统计只读存下的值。"""

    def seconds(end: dt.datetime | None) -> float | None:
        if end is None:
            return None
        try:
            return c.working(received, end).total_seconds()
        except sla.SlaError:
            return None

    first, resolve = seconds(first_response_at), seconds(resolved_at)
    return (None if first is None else round(first),
            None if resolve is None else max(0, round(resolve - paused_seconds)))


def min_within(a: str, b: str) -> str:
    """两个时限里“更紧”的那个（按折合时长比较，足够用于挑规则）。"""
    return a if sla.amount_of(a) <= sla.amount_of(b) else b


def clock_for(workspace, platform: str = "", *, cache: dict | None = None) -> Clock:
    key = (workspace.pk, platform)
    if cache is not None and key in cache:
        return cache[key]
    settings = settings_of(workspace)
    hours = (settings.work_start, settings.work_end)
    if platform:
        ph = PlatformHours.objects.filter(workspace=workspace, platform=platform).first()
        if ph:
            hours = (ph.work_start, ph.work_end)
    rules = {(r.category, r.urgent): r for r in SlaRule.objects.filter(workspace=workspace)}
    clock = Clock(hours=hours, rules=rules, department_within=settings.department_within)
    if cache is not None:
        cache[key] = clock
    return clock


def hours_label(hours: tuple[dt.time, dt.time]) -> str:
    end = "24:00" if hours[1] == dt.time(0) else hours[1].strftime("%H:%M")
    return f"{hours[0].strftime('%H:%M')}–{end}"


def within_label(within: str) -> str:
    try:
        return sla.parse_within(within).label
    except sla.SlaError:
        return within
