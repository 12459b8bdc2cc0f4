"""日历图层：发布排期（按状态着色，可拖到另一天改期）、排期预警、按账号筛选与“暂停全部发布”。"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from rongmei.workspaces.selectors import accounts_of

from . import planning, selectors, workflow
from .choices import PUB_STATE_COLOURS, PubState
from .forms import PauseForm
from .permissions import PublishingPerm


def _account(request) -> str:
    value = request.GET.get("account", "")
    return value if value.isdigit() else ""


def pub_entries(request, start: dt.date, end: dt.date) -> dict[dt.date, list[str]]:
    """区间内每天的发布（时刻、账号、标题、状态）。一次查询。"""
    ws = request.workspace
    can_move = request.can(PublishingPerm.SCHEDULE)
    out: dict[dt.date, list[str]] = {}
    for p in selectors.publications_between(ws, start, end, account=_account(request) or None):
        local = timezone.localtime(p.planned_at)
        title = p.revision.title
        out.setdefault(local.date(), []).append(format_html(
            '<a class="pub-chip badge bg-{}-lt text-start text-wrap{}" href="{}" data-pk="{}" data-state="{}" '
            'data-testid="cal-pub"{} title="{}：{} · {}">{} {} · {} <span class="opacity-75">[{}]</span></a>',
            PUB_STATE_COLOURS.get(p.state, "secondary"), " border border-danger" if p.is_stuck else "",
            reverse("publishing:detail", kwargs={"ws": ws.slug, "pk": p.pk}), p.pk, p.state,
            " draggable=true" if can_move and workflow.state_allows(p.state, workflow.PubAct.RESCHEDULE) else "",
            p.get_state_display(), p.account.name, title,
            local.strftime("%H:%M"), p.account.name, title[:18], p.get_state_display()))
    return out


def warning_notes(request, start: dt.date, end: dt.date) -> list[str]:
    warnings = planning.check(request.workspace, start, end)
    account = _account(request)
    if account:
        warnings = [w for w in warnings if str(w.account_id) == account]
    if not warnings:
        return []
    return [render_to_string("publishing/_calendar_warnings.html", {"warnings": warnings}, request=request)]


def controls(request) -> str:
    ws = request.workspace
    return render_to_string("publishing/_calendar_controls.html", {
        "accounts": accounts_of(ws), "account": _account(request),
        "hidden": [(k, v) for k, values in request.GET.lists() if k != "account" for v in values],
        "states": [(s.label, PUB_STATE_COLOURS[s]) for s in PubState],
        "can_schedule": request.can(PublishingPerm.SCHEDULE), "can_pause": request.can(PublishingPerm.PAUSE),
        "pause_form": PauseForm(),
    }, request=request)


def drag_script(request) -> str:
    if not request.can(PublishingPerm.SCHEDULE):
        return ""
    return render_to_string("publishing/_calendar_drag.html", {}, request=request)
