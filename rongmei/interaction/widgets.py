from __future__ import annotations

from django.template.loader import render_to_string

from rongmei.core.permissions import role_has

from . import selectors
from .permissions import InteractionPerm


def inbox_badge(request) -> int | None:
    """导航上的数字：待处理的新消息（处室联络人：本处室待答复的问题）。"""
    ws = request.workspace
    # 角色已由 @workspace_view 放在 request 上：不再为判权多查一次数据库（导航在每个页面都要算）
    if request.user.is_superuser or role_has(getattr(request, "role", None), InteractionPerm.VIEW):
        return selectors.new_count(ws) or None
    return selectors.department_waiting_count(ws, request.user) or None


def home_card(request) -> str | None:
    ws = request.workspace
    counts = selectors.overdue_counts(ws)
    if not any(counts.values()):
        return None
    return render_to_string("interaction/_home_card.html", {"counts": counts, "ws": ws}, request=request)
