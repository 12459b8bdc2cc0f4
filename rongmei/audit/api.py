from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from rongmei.core.api_helpers import workspace_for

from . import selectors
from .permissions import AuditPerm

router = Router(tags=["审计日志"])


class EventOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    source: str
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_repr: str
    message: str
    before: dict | None
    after: dict | None
    request_id: str


@router.get("/{ws}/events", response=list[EventOut], summary="工作区审计日志")
def events(request, ws: str, action: str = "", limit: int = 100):
    workspace = workspace_for(request, ws, AuditPerm.VIEW)
    qs = selectors.events_for(workspace, action=action)[: max(1, min(limit, 1000))]
    return [
        {"id": e.id, "at": e.at, "actor": e.actor_label, "source": e.source, "action": e.action,
         "action_label": e.get_action_display(), "object_type": e.object_type, "object_id": e.object_id,
         "object_repr": e.object_repr, "message": e.message, "before": e.before, "after": e.after,
         "request_id": e.request_id}
        for e in qs
    ]
