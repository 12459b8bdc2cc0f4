"""日历服务：法定节假日与调休、农历节日、节气与工作区主题日。其他功能都通过这里判断工作日。"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
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


def month_grid(workspace, year: int, month: int) -> tuple[list[list[Cell]], str | None]:
    dates, warning = key_dates(workspace, year)
    by_date: dict[dt.date, list[KeyDate]] = {}
    for k in dates:
        by_date.setdefault(k.date, []).append(k)
    today = dt.date.today()
    weeks = []
    for week in pycal.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for day in week:
            try:
                wd = workdays.is_workday(day)
            except CalendarCoverageError:
                wd = None
            row.append(Cell(day, day.month == month, wd, by_date.get(day, []), day == today))
        weeks.append(row)
    return weeks, warning


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
