from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status

from rongmei.core.api_helpers import workspace_for

from . import selectors, services
from .models import Topic
from .permissions import OpinionPerm

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


class ErrorsOut(Schema):
    detail: str
    errors: list[str]


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
    offset: int = 0,
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
