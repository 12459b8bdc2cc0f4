"""日历图层：请假（本人看自己的，组长与甲方看全部）与值班（谁值哪个时段），画在工作日历上。"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.html import format_html

from . import selectors
from .choices import ABSENT_STATES, LeaveState
from .models import Shift


def leave_entries(request, start: dt.date, end: dt.date) -> dict[dt.date, list[str]]:
    ws = request.workspace
    out: dict[dt.date, list[str]] = {}
    leaves = (selectors.leaves_visible(request.user, ws).filter(start__lte=end, end__gte=start)
              .filter(state__in=[*ABSENT_STATES, LeaveState.RETURNED]))
    for lv in leaves:
        href = reverse("team:leave_detail", kwargs={"ws": ws.slug, "pk": lv.pk})
        last = lv.end if lv.returned_on is None else min(lv.end, lv.returned_on - dt.timedelta(days=1))
        day = max(lv.start, start)
        while day <= min(last, end):
            out.setdefault(day, []).append(format_html(
                '<a class="ci" href="{}"><span class="badge bg-{}-lt">请假</span> {}</a>', href, lv.colour,
                lv.member.name))
            day += dt.timedelta(days=1)
    return out


def duty_entries(request, start: dt.date, end: dt.date) -> dict[dt.date, list[str]]:
    ws = request.workspace
    out: dict[dt.date, list[str]] = {}
    href = reverse("team:rota", kwargs={"ws": ws.slug})
    for s in Shift.objects.filter(workspace=ws, day__range=(start, end)).select_related("band", "member"):
        out.setdefault(s.day, []).append(format_html(
            '<a class="ci" href="{}?m={}"><span class="badge bg-green-lt">值班</span> {} {}</a>', href,
            s.day.strftime("%Y-%m"), s.band.name, s.member.name))
    return out
