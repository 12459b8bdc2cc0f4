"""导航计数与工作台卡片：待我审批（审核员、甲方）、我的稿件与截止（编辑）、今日安排与逾期（组长）。"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from rongmei.core import clock

from . import selectors

# 这些角色即使没有待审稿件也要看到“待我审批”卡片（审批是他们在平台上的主要工作）
APPROVER_ROLES = frozenset({"reviewer", "client_officer", "client_leader"})


def todo_badge(request) -> int | None:
    ws = getattr(request, "workspace", None)
    if ws is None or not request.user.is_authenticated:
        return None
    n = selectors.todo_count(ws, request.user, getattr(request, "role", None))
    return n or None


def review_card(request) -> str | None:
    """待我审批：当前环节由我（或我的角色）审核的稿件，逾期的标红。"""
    ws = request.workspace
    waiting = list(selectors.waiting_for(ws, request.user, request.role)[:8])
    if not waiting and request.role not in APPROVER_ROLES:
        return None
    total = len(waiting) if len(waiting) < 8 else selectors.waiting_for(ws, request.user, request.role).count()
    return render_to_string("production/_home_review.html", {
        "waiting": waiting, "total": total, "current_workspace": ws}, request=request)


def my_work_card(request) -> str | None:
    """编辑的待办：被退回、草稿，以及七天内截止的稿件。"""
    ws = request.workspace
    today = clock.today()
    mine = list(selectors.my_drafts(ws, request.user)[:8])
    mine.sort(key=lambda i: (i.status != "returned", i.deadline or dt.date.max))
    upcoming = [i for i in selectors.my_deadlines(ws, request.user, today, today + dt.timedelta(days=7))[:8]
                if i not in mine]
    overdue = [i for i in mine if i.deadline and i.deadline < today]
    return render_to_string("production/_home_my_work.html", {
        "mine": mine, "upcoming": upcoming, "overdue": overdue, "today": today, "current_workspace": ws,
    }, request=request)


def today_card(request) -> str | None:
    """组长的今日安排：今天截止的稿件、今天的调度会。"""
    ws = request.workspace
    today = clock.today()
    return render_to_string("production/_home_today.html", {
        "due": list(selectors.due_on(ws, today)[:10]), "meetings": list(selectors.meetings_on(ws, today)),
        "today": today, "current_workspace": ws,
    }, request=request)


def overdue_card(request) -> str | None:
    """组长看的全工作区逾期稿件（审核超期、过了截止日期仍未送审）。"""
    ws = request.workspace
    qs = selectors.overdue_in(ws)
    items = list(qs[:8])
    if not items:
        return None
    total = len(items) if len(items) < 8 else qs.count()
    return render_to_string("production/_home_overdue.html", {
        "items": items, "total": total, "today": clock.today(), "current_workspace": ws}, request=request)
