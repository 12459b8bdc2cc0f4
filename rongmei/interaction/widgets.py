from __future__ import annotations

from django.template.loader import render_to_string

from rongmei.core.permissions import has_perm

from . import selectors
from .models import Message
from .permissions import InteractionPerm


def inbox_badge(request) -> int | None:
    """导航上的数字：待处理的新消息（处室联络人：本处室待答复的问题）。"""
    ws = request.workspace
    if has_perm(request.user, ws, InteractionPerm.VIEW):
        return selectors.new_count(ws) or None
    return Message.objects.filter(workspace=ws, department__contacts=request.user, department_asked_at__isnull=False,
                                  department_answered_at__isnull=True).count() or None


def home_card(request) -> str | None:
    ws = request.workspace
    counts = selectors.overdue_counts(ws)
    if not any(counts.values()):
        return None
    return render_to_string("interaction/_home_card.html", {"counts": counts, "ws": ws}, request=request)
