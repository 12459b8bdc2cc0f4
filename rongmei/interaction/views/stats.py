"""互动统计页与导出（统计 Excel、全部消息与答复的归档 Excel）。"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock
from rongmei.core.decorators import workspace_view

from .. import exports, selectors
from ..permissions import InteractionPerm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _range(request) -> tuple[dt.date, dt.date]:
    today = clock.today()
    start, end = today - dt.timedelta(days=29), today
    try:
        if request.GET.get("start"):
            start = dt.date.fromisoformat(request.GET["start"])
        if request.GET.get("end"):
            end = dt.date.fromisoformat(request.GET["end"])
    except ValueError:
        start, end = today - dt.timedelta(days=29), today
    if end < start:
        start, end = end, start
    if (end - start).days > 366 * 2:
        start = end - dt.timedelta(days=366 * 2)
    return start, end


def _by(request) -> str:
    by = request.GET.get("by") or "account"
    return by if by in selectors.BY_CHOICES else "account"


@workspace_view(InteractionPerm.VIEW)
def stats_page(request):
    ws = request.workspace
    start, end = _range(request)
    by = _by(request)
    data = selectors.stats(ws, start, end, by=by)
    return render(request, "interaction/stats.html", {
        "data": data, "start": start, "end": end, "by": by, "by_choices": selectors.BY_CHOICES,
        "by_label": selectors.BY_CHOICES[by],
        "can_export": request.can(InteractionPerm.EXPORT),
        "departments": selectors.department_overview(ws)})


def _download(data: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


@workspace_view(InteractionPerm.EXPORT)
def stats_export(request):
    ws = request.workspace
    start, end = _range(request)
    data = exports.stats_xlsx(ws, start, end)
    record(Action.EXPORT, workspace=ws, actor=request.user, object_type="interaction.stats",
           message=f"导出互动统计 {start}—{end}")
    return _download(data, f"互动统计_{start}_{end}.xlsx")


@workspace_view(InteractionPerm.EXPORT)
def archive_export(request):
    ws = request.workspace
    start = end = None
    try:
        start = dt.date.fromisoformat(request.GET["start"]) if request.GET.get("start") else None
        end = dt.date.fromisoformat(request.GET["end"]) if request.GET.get("end") else None
    except ValueError:
        start = end = None
    data = exports.archive_xlsx(ws, start, end)
    record(Action.EXPORT, workspace=ws, actor=request.user, object_type="interaction.archive",
           message="导出互动消息与答复档案")
    return _download(data, f"互动档案_{clock.today():%Y%m%d}.xlsx")
