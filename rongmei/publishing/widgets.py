from __future__ import annotations

from django.template.loader import render_to_string

from rongmei.core import clock

from . import selectors


def publishing_widget(request) -> str | None:
    ws = request.workspace
    today = clock.today()
    todays = list(selectors.publications_between(ws, today, today)[:8])
    return render_to_string("publishing/_widget.html", {
        "todays": todays, "attention": selectors.attention_count(ws), "ws": ws,
    }, request=request)


def changes_widget(request) -> str | None:
    """甲方审批人：等待审批的账号信息修改申请。"""
    ws = request.workspace
    pending = list(selectors.change_requests(ws, status="pending")[:5])
    if not pending:
        return None
    return render_to_string("publishing/_widget_changes.html", {"pending": pending, "ws": ws}, request=request)
