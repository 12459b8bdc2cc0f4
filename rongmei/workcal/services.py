"""日历服务：法定节假日与调休、农历节日、节气与工作区主题日。其他功能都通过这里判断工作日。"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
from rongmei.core import clock
from rongmei.core.permissions import has_perm
from rongmei.engines import workdays
from rongmei.engines.workdays import CalendarCoverageError, KeyDate
from rongmei.engines.workdays import ThemeDay as ThemeRule

from .models import ThemeDay
from .permissions import CalendarPerm

__all__ = ["CalendarCoverageError", "is_workday", "add_workdays", "workdays_between", "key_dates", "month_grid"]

is_workday = workdays.is_workday
add_workdays = workdays.add_workdays
workdays_between = workdays.workdays_between


def theme_rules(workspace) -> list[ThemeRule]:
    return [
        ThemeRule(t.name, t.month, day=t.day, weekday=t.weekday, nth=t.nth)
        for t in ThemeDay.objects.filter(workspace=workspace, is_active=True)
    ]


def key_dates(workspace, year: int) -> tuple[list[KeyDate], str | None]:
    """某年的关键日期。法定节假日未收录的年份只给出计算类日期，并返回提示文字。"""
    rules = theme_rules(workspace) if workspace is not None else list(workdays.DEFAULT_THEME_DAYS)
    try:
        return workdays.key_dates(year, rules), None
    except CalendarCoverageError as exc:
        items = workdays.lunar_festivals(year) + workdays.theme_days(year, rules) + workdays.solar_terms(year)
        return sorted(items, key=lambda k: k.date), str(exc)


@dataclass
class Cell:
    date: dt.date
    in_month: bool
    workday: bool | None
    labels: list[KeyDate]
    today: bool

    @property
    def day_label(self) -> tuple[str, str]:
        """作息标签与颜色：调休上班 / 法定节假日 / 工作日 / 休息日；日历未收录时为空。"""
        kinds = {k.kind for k in self.labels}
        if "makeup" in kinds:
            return "调休上班", "orange"
        if "holiday" in kinds:
            return "法定节假日", "red"
        if self.workday is None:
            return "", ""
        return ("工作日", "secondary") if self.workday else ("休息日", "pink")


def _key_dates_between(workspace, start: dt.date, end: dt.date) -> tuple[dict[dt.date, list[KeyDate]], list[str]]:
    by_date: dict[dt.date, list[KeyDate]] = {}
    warnings = []
    for year in range(start.year, end.year + 1):
        dates, warning = key_dates(workspace, year)
        if warning:
            warnings.append(warning)
        for k in dates:
            if start <= k.date <= end and all(x.name != k.name for x in by_date.get(k.date, [])):
                by_date.setdefault(k.date, []).append(k)
    return by_date, warnings


def days_between(workspace, start: dt.date, end: dt.date, *, month: int | None = None) -> tuple[list[Cell], str | None]:
    """[start, end] 每天一格（作息、关键日期、是否今天）；month 给出时标出不在本月的格子。"""
    by_date, warnings = _key_dates_between(workspace, start, end)
    today = clock.today()
    cells = []
    day = start
    while day <= end:
        try:
            wd = workdays.is_workday(day)
        except CalendarCoverageError:
            wd = None
        cells.append(Cell(day, month is None or day.month == month, wd, by_date.get(day, []), day == today))
        day += dt.timedelta(days=1)
    return cells, "；".join(warnings) or None


def month_grid(workspace, year: int, month: int) -> tuple[list[list[Cell]], str | None]:
    weeks = pycal.Calendar(firstweekday=0).monthdatescalendar(year, month)
    cells, warning = days_between(workspace, weeks[0][0], weeks[-1][-1], month=month)
    return [cells[i:i + 7] for i in range(0, len(cells), 7)], warning


@transaction.atomic
def theme_days_seed(*, workspace) -> int:
    """新工作区：写入默认主题日（全国助残日等），之后可编辑。"""
    created = 0
    for rule in workdays.DEFAULT_THEME_DAYS:
        _, was_created = ThemeDay.objects.get_or_create(
            workspace=workspace, name=rule.name,
            defaults={"month": rule.month, "day": rule.day, "weekday": rule.weekday, "nth": rule.nth},
        )
        created += was_created
    return created


@transaction.atomic
def theme_day_save(*, actor, workspace, theme_day: ThemeDay | None = None, **fields) -> ThemeDay:
    if actor is not None and not has_perm(actor, workspace, CalendarPerm.EDIT):
        raise PermissionDenied("您没有维护主题日的权限")
    creating = theme_day is None
    obj = theme_day or ThemeDay(workspace=workspace)
    before = None if creating else snapshot(obj)
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.full_clean()
    obj.save()
    if creating:
        record(Action.CREATE, obj=obj, workspace=workspace, actor=actor, after=snapshot(obj), message="新增主题日")
    else:
        record_change(obj, before, workspace=workspace, message="修改主题日")
    return obj
