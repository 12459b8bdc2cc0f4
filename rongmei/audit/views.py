from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from rongmei.core.decorators import workspace_view

from . import display, selectors
from .choices import Action
from .permissions import AuditPerm
from .services import events_export


def _date(value: str, label: str, errors: list[str]):
    """筛选里的日期；手工改坏的网址参数不静默忽略，给出中文说明（该条件不生效）。"""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(f"{label}“{value[:40]}”不是有效的日期（应为 YYYY-MM-DD，如 2025-03-01），已忽略这个条件。")
        return None


def _filters(request, errors: list[str]) -> dict:
    return {
        "action": request.GET.get("action", ""),
        "actor": request.GET.get("actor", "").strip(),
        "object_type": request.GET.get("object_type", ""),
        "date_from": _date(request.GET.get("from", ""), "开始日期", errors),
        "date_to": _date(request.GET.get("to", ""), "结束日期", errors),
    }


def _render(request, workspace):
    filter_errors: list[str] = []
    filters = _filters(request, filter_errors)
    qs = selectors.events_for(workspace, **filters)
    if request.GET.get("format") == "xlsx":
        if workspace is not None and not request.can(AuditPerm.EXPORT):
            raise PermissionDenied("您没有导出审计日志的权限")
        data = events_export(actor=request.user, workspace=workspace, events=qs)
        resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = "attachment; filename*=UTF-8''audit-log.xlsx"
        return resp
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    presenter = display.Presenter()
    for event in page:
        event.shown_changes = presenter.changes(event)
        event.object_type_name = display.object_type_name(event.object_type)
    return render(request, "audit/list.html", {"page": page, "actions": Action.choices, "filters": filters,
                                               "filter_errors": filter_errors, "query": request.GET.urlencode()})


@workspace_view(AuditPerm.VIEW)
def event_list(request):
    return _render(request, request.workspace)


@login_required
def global_list(request):
    if not request.user.is_superuser:
        raise PermissionDenied("只有系统管理员可以查看全平台审计日志")
    request.can = lambda perm: True
    return _render(request, None)
