from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from .models import AuditEvent


def events_for(workspace, *, user=None, action: str = "", actor: str = "", object_type: str = "",
               date_from: dt.date | None = None, date_to: dt.date | None = None) -> QuerySet[AuditEvent]:
    """工作区的审计事件；workspace 为 None 时返回全部（仅系统管理员调用）。"""
    qs = AuditEvent.objects.select_related("workspace")
    if workspace is not None:
        qs = qs.filter(workspace=workspace)
    if action:
        qs = qs.filter(action=action)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs
