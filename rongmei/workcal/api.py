from __future__ import annotations

import datetime as dt

from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError

from rongmei.core.api_helpers import workspace_for
from rongmei.engines.workdays import day_info

from . import services
from .permissions import CalendarPerm

router = Router(tags=["工作日历"])
FIRST_YEAR, LAST_YEAR = 1900, 2200  # 与日历页面相同；公元 0/1 年算不出农历与节气
MAX_ADD = 3660  # 约十年的工作日


class KeyDateOut(Schema):
    date: dt.date
    name: str
    kind: str


class YearOut(Schema):
    year: int
    warning: str | None
    key_dates: list[KeyDateOut]


class WorkdaysOut(Schema):
    start: dt.date
    end: dt.date
    workdays: int


class AddOut(Schema):
    start: dt.date
    n: int
    result: dt.date


class DayOut(Schema):
    date: dt.date
    workday: bool
    label: str | None


def _guard(fn, *args):
    try:
        return fn(*args)
    except services.CalendarCoverageError as exc:
        raise HttpError(422, str(exc)) from None


@router.get("/{ws}/year/{year}", response=YearOut, summary="某年关键日期（节假日、调休、农历节日、节气、主题日）")
def year_dates(request, ws: str, year: int = Path(..., ge=FIRST_YEAR, le=LAST_YEAR)):
    workspace = workspace_for(request, ws, CalendarPerm.VIEW)
    dates, warning = services.key_dates(workspace, year)
    return {"year": year, "warning": warning, "key_dates": [{"date": k.date, "name": k.name, "kind": k.kind}
                                                            for k in dates]}


@router.get("/workdays", response=WorkdaysOut, summary="两日期之间（含）的工作日数")
def workdays_between(request, start: dt.date, end: dt.date):
    return {"start": start, "end": end, "workdays": _guard(services.workdays_between, start, end)}


@router.get("/add-workdays", response=AddOut, summary="第 N 个工作日")
def add_workdays(request, start: dt.date, n: int = Query(..., ge=-MAX_ADD, le=MAX_ADD)):
    return {"start": start, "n": n, "result": _guard(services.add_workdays, start, n)}


@router.get("/day/{day}", response=DayOut, summary="某天是否工作日")
def day(request, day: dt.date):
    info = _guard(day_info, day)
    return {"date": info.date, "workday": info.workday, "label": info.label}
