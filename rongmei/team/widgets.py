"""团队的工作台卡片与导航角标。"""

from __future__ import annotations

from django.template.loader import render_to_string

from rongmei.core import clock
from rongmei.core.permissions import role_has

from . import selectors
from .permissions import TeamPerm


def nav_badge(request) -> int | None:
    """导航上的数字：组长看待审批的请假与换班，甲方看待审批的人员更换与请假。"""
    ws = request.workspace
    role = getattr(request, "role", None)
    n = 0
    if request.user.is_superuser or role_has(role, TeamPerm.MANAGE):
        n += selectors.leaves_waiting(request.user, ws).count() + selectors.swaps_pending(ws).count()
    elif role_has(role, TeamPerm.APPROVE_CHANGE):
        n += selectors.leaves_waiting(request.user, ws).count()
        n += selectors.changes_of(ws).filter(state="pending").count()
    return n or None


def home_card(request) -> str | None:
    """组长与甲方工作台：今天的到岗、未来两周的缺岗与缺班、此刻值班的人。"""
    ws = request.workspace
    r = selectors.roster(ws)
    if r.staffing is None and not r.others:
        return None
    return render_to_string("team/_home_card.html", {
        "r": r, "ws": ws, "rota_gaps": selectors.rota_gaps(ws)[:5],
        "on_duty": selectors.on_duty_members(ws, clock.now()),
    }, request=request)
