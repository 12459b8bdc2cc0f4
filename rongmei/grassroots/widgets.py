from __future__ import annotations

from django.template.loader import render_to_string

from rongmei.core.permissions import role_has

from . import selectors
from .permissions import GrassrootsPerm


def triage_badge(request) -> int | None:
    """导航上的数字：待处理和待核实的线索。"""
    if request.user.is_superuser or role_has(getattr(request, "role", None), GrassrootsPerm.TRIAGE):
        return selectors.pending_count(request.workspace) or None
    return None


def contributor_card(request) -> str | None:
    """供稿员的工作台卡片：报送按钮、累计积分、待处理与已采用条数。"""
    ws = request.workspace
    member = selectors.member_for(request.user, ws)
    if member is None:
        return None
    scope = selectors.Scope(False, member, None)
    clues = selectors.clues_for(ws, scope)
    return render_to_string("grassroots/_home_card.html", {
        "ws": ws, "member": member, "total": selectors.points_total(ws, member),
        "pending": clues.filter(status__in=["submitted", "verify"]).count(),
        "adopted": clues.filter(status="adopted").count()}, request=request)
