from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from rongmei.core.api_helpers import workspace_for

from . import selectors, services
from .permissions import OpinionPerm, ResponsePerm

router = Router(tags=["舆情"])


# --- 舆情应对：/api/opinion/events/… -----------------------------------------------------------------------


class ErrorsOut(Schema):
    detail: str
    errors: list[str]


class EntryOut(Schema):
    at: dt.datetime
    kind: str
    kind_label: str
    text: str
    actor: str
    url: str
    message_id: int | None


class EventOut(Schema):
    id: int
    title: str
    grade: str
    grade_label: str
    state: str
    state_label: str
    owner: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    crisis_on: bool
    mentions: int
    holding_item_id: int | None
    review: dict


class EventDetailOut(EventOut):
    timeline: list[EntryOut]
    reasons: list[str]


class AlertOut(Schema):
    id: int
    title: str
    grade: str
    grade_label: str
    state: str
    state_label: str
    count: int
    first_at: dt.datetime
    last_at: dt.datetime
    event_id: int | None
    deliveries: list[dict]


class CrisisIn(Schema):
    on: bool


class EntryIn(Schema):
    kind: str
    text: str


def _event(e) -> dict:
    return {"id": e.id, "title": e.title, "grade": e.grade, "grade_label": e.get_grade_display(), "state": e.state,
            "state_label": e.get_state_display(), "owner": str(e.owner or ""), "opened_at": e.opened_at,
            "closed_at": e.closed_at, "crisis_on": e.crisis_on, "mentions": e.group.size if e.group else 0,
            "holding_item_id": e.holding_item_id, "review": e.review}


def _detail(e) -> dict:
    assessment = getattr(e.group, "assessment", None) if e.group else None
    return {**_event(e), "reasons": list(assessment.reasons) if assessment else [],
            "timeline": [{"at": x.at, "kind": x.kind, "kind_label": x.get_kind_display(), "text": x.text,
                          "actor": str(x.actor or "系统"), "url": x.url, "message_id": x.message_id}
                         for x in selectors.timeline(e)]}


def _alert(a) -> dict:
    return {"id": a.id, "title": a.title, "grade": a.grade, "grade_label": a.get_grade_display(), "state": a.state,
            "state_label": a.get_state_display(), "count": a.count, "first_at": a.first_at, "last_at": a.last_at,
            "event_id": a.event_id, "deliveries": a.deliveries}


@router.get("/events/{ws}", response=list[EventOut], summary="舆情事件列表（最近 100 个）")
def list_events(request, ws: str, state: str = "", grade: str = "", q: str = ""):
    workspace = workspace_for(request, ws, OpinionPerm.VIEW)
    qs = selectors.cases_of(workspace, q=q, grade=grade) if q else selectors.events_of(workspace, state=state,
                                                                                      grade=grade)
    return [_event(e) for e in qs[:100]]


@router.get("/events/{ws}/alerts", response=list[AlertOut], summary="舆情预警（最近 100 条；state=open 为未确认）")
def list_alerts(request, ws: str, state: str = ""):
    workspace = workspace_for(request, ws, ResponsePerm.ACKNOWLEDGE)
    return [_alert(a) for a in selectors.alerts_of(workspace, state=state)[:100]]


@router.post("/events/{ws}/alerts/{pk}/ack", response=AlertOut, summary="确认预警")
def ack_alert(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, ResponsePerm.ACKNOWLEDGE)
    return _alert(services.alert_acknowledge(actor=request.user, alert=selectors.alert_get(workspace, pk)))


@router.get("/events/{ws}/{pk}", response=EventDetailOut, summary="事件详情与时间线")
def get_event(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, OpinionPerm.VIEW)
    return _detail(selectors.event_get(workspace, pk))


@router.post("/events/{ws}/{pk}/entries", response={201: EntryOut, 400: ErrorsOut}, summary="时间线新增一条")
def add_entry(request, ws: str, pk: int, payload: EntryIn):
    workspace = workspace_for(request, ws, ResponsePerm.MANAGE_EVENTS)
    try:
        x = services.event_add_entry(actor=request.user, event=selectors.event_get(workspace, pk), kind=payload.kind,
                                     text=payload.text)
    except ValidationError as exc:
        return Status(400, {"detail": "未保存", "errors": exc.messages})
    return Status(201, {"at": x.at, "kind": x.kind, "kind_label": x.get_kind_display(), "text": x.text,
                        "actor": str(x.actor or "系统"), "url": x.url, "message_id": x.message_id})


@router.post("/events/{ws}/{pk}/crisis", response={200: EventOut, 400: ErrorsOut},
             summary="危机开关：打开（暂停全部排期发布、建立先期回应口径）或关闭（恢复发布）")
def crisis(request, ws: str, pk: int, payload: CrisisIn):
    workspace = workspace_for(request, ws, ResponsePerm.CRISIS)
    try:
        event = services.crisis_switch(actor=request.user, event=selectors.event_get(workspace, pk), on=payload.on)
    except ValidationError as exc:
        return Status(400, {"detail": "未执行", "errors": exc.messages})
    return _event(event)
