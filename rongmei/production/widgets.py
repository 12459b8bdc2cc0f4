"""导航计数与工作台卡片。"""

from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors


def todo_badge(request) -> int | None:
    ws = getattr(request, "workspace", None)
    if ws is None or not request.user.is_authenticated:
        return None
    n = selectors.todo_count(ws, request.user, getattr(request, "role", None))
    return n or None


def todo_widget(request) -> str | None:
    ws = request.workspace
    waiting = list(selectors.waiting_for(ws, request.user, request.role)[:5])
    mine = list(selectors.my_drafts(ws, request.user)[:5])
    if not waiting and not mine:
        return None
    return render_to_string("production/_todo_widget.html", {
        "waiting": waiting, "mine": mine, "current_workspace": ws}, request=request)
