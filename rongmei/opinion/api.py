from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Schema, Status

from rongmei.core.api_helpers import ErrorsOut, workspace_for

from . import selectors, services
from .models import Topic
from .permissions import OpinionPerm, ResponsePerm

router = Router(tags=["舆情"])


class MentionOut(Schema):
    id: int
    title: str
    text: str
    url: str
    author: str
    source: str
    source_name: str
    published_at: dt.datetime
    fetched_at: dt.datetime
    sentiment: str
    sentiment_label: str
    sentiment_score: float
    sentiment_reasons: list[str]
    group_id: int | None
    group_size: int | None
    regions: list[str]
    content_hash: str


class MentionPage(Schema):
    items: list[MentionOut]
    has_more: bool
    next_offset: int | None


class MentionIn(Schema):
    text: str = ""
    title: str = ""
    url: str = ""
    author: str = ""
    source_name: str = ""
    published_at: dt.datetime | None = None


class TopicOut(Schema):
    id: int
    name: str
    expression: str
    description: str
    version: int
    active: bool
    reeval_state: str
    reeval_done: int
    reeval_total: int


class TopicIn(Schema):
    name: str
    expression: str
    description: str = ""


# --- 舆情应对：/api/opinion/events/… -----------------------------------------------------------------------



def _mention(m) -> dict:
    return {
        "id": m.pk,
        "title": m.title,
        "text": m.text,
        "url": m.url,
        "author": m.author,
        "source": m.source.name,
        "source_name": m.source_name,
        "published_at": m.published_at,
        "fetched_at": m.fetched_at,
        "sentiment": m.sentiment,
        "sentiment_label": m.get_sentiment_display(),
        "sentiment_score": m.sentiment_score,
        "sentiment_reasons": m.sentiment_reasons or [],
        "group_id": m.group_id,
        "group_size": m.group.size if m.group_id else None,
        "regions": m.regions or [],
        "content_hash": m.content_hash,
    }


def _topic(t: Topic) -> dict:
    return {
        "id": t.pk,
        "name": t.name,
        "expression": t.expression,
        "description": t.description,
        "version": t.version,
        "active": t.active,
        "reeval_state": t.reeval_state,
        "reeval_done": t.reeval_done,
        "reeval_total": t.reeval_total,
    }


@router.get(
    "/{ws}/mentions",
    response={200: MentionPage, 400: ErrorsOut},
    summary="舆情信息列表与检索（q 为检索式，写法同专题表达式；topic 为专题编号）",
)
def mentions(
    request,
    ws: str,
    q: str = "",
    topic: int | None = None,
    sentiment: str = "",
    source: int | None = None,
    region: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    offset: int = Query(0, ge=0, le=1_000_000),
    limit: int = 50,
):
    workspace = workspace_for(request, ws, OpinionPerm.VIEW)
    t = None
    if topic is not None:
        t = selectors.topics(workspace).filter(pk=topic).first()
        if t is None:
            raise Http404("没有这个专题")
    limit = max(1, min(limit, 200))
    page = selectors.search(
        workspace,
        query=q,
        topic=t,
        sentiment=sentiment,
        source_id=source,
        region=region,
        start=start,
        end=end,
        offset=max(offset, 0),
        limit=limit,
        actor=request.user,
    )
    if page.error:
        return Status(400, {"detail": "检索式有误", "errors": [page.error]})
    return {
        "items": [_mention(m) for m in page.mentions],
        "has_more": page.has_more,
        "next_offset": offset + limit if page.has_more else None,
    }


@router.post(
    "/{ws}/mentions",
    response={201: MentionOut, 200: dict, 400: ErrorsOut},
    summary="录入一条舆情信息（同一链接或同样内容重复提交返回 200，不重复入库）",
)
def mention_create(request, ws: str, payload: MentionIn):
    workspace = workspace_for(request, ws, OpinionPerm.IMPORT)
    try:
        result = services.mention_create(workspace=workspace, actor=request.user, **payload.dict())
    except ValidationError as exc:
        return Status(400, {"detail": "未录入", "errors": exc.messages})
    if not result.created:
        return Status(200, {"duplicate": True})
    m = selectors.mention_get(workspace, result.created[0].pk)
    return Status(201, _mention(m))


@router.get("/{ws}/topics", response=list[TopicOut], summary="监测专题")
def topics(request, ws: str):
    workspace = workspace_for(request, ws, OpinionPerm.VIEW)
    return [_topic(t) for t in selectors.topics(workspace)]


@router.post(
    "/{ws}/topics",
    response={201: TopicOut, 400: ErrorsOut},
    summary="新建监测专题（表达式有误时返回位置与中文说明）",
)
def topic_create(request, ws: str, payload: TopicIn):
    workspace = workspace_for(request, ws, OpinionPerm.MANAGE)
    try:
        topic = services.topic_create(workspace=workspace, actor=request.user, **payload.dict())
    except ValidationError as exc:
        return Status(400, {"detail": "未保存", "errors": exc.messages})
    return Status(201, _topic(topic))


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
