from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router, Schema, Status

from rongmei.core.api_helpers import workspace_for
from rongmei.workspaces.selectors import role_in

from . import documents, selectors, services
from .permissions import ProductionPerm

router = Router(tags=["策划与采编"])


class ItemOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    column: str | None
    author: str
    deadline: dt.date | None
    is_original: bool
    importance: str
    revision: int | None
    current_stage: str | None
    stage_due: dt.date | None
    approved_at: dt.datetime | None


class ItemDetailOut(ItemOut):
    body: str
    body_format: str
    text: str
    footer: str
    target_accounts: list[int]


class ItemIn(Schema):
    title: str
    kind: str = "article"
    body: str = ""
    body_format: str = Field("markdown", description="markdown（纯文字）或 html（富文本，服务器端清洗）")
    topic: str = ""
    column_id: int | None = None
    deadline: dt.date | None = None
    is_original: bool = True
    source: str = ""
    importance: str = "normal"
    duration_seconds: int | None = None
    target_accounts: list[int] = []


class ItemPatch(Schema):
    base_revision: int
    title: str | None = None
    body: str | None = None
    body_format: str | None = Field(None, description="不填时沿用当前修订的格式")
    summary: str = ""


class DecisionIn(Schema):
    verdict: str
    comments: str = ""


class DecisionOut(Schema):
    stage: str
    actor: str | None
    verdict: str
    verdict_label: str
    comments: str
    revision: int | None
    decided_at: dt.datetime


class WindowOut(Schema):
    platform: str
    start: dt.time
    end: dt.time
    workdays_only: bool


def _item(i) -> dict:
    return {
        "id": i.pk, "title": i.title, "kind": i.kind, "kind_label": i.get_kind_display(), "status": i.status,
        "status_label": i.get_status_display(), "column": i.column.name if i.column_id else None,
        "author": str(i.author), "deadline": i.deadline, "is_original": i.is_original, "importance": i.importance,
        "revision": i.current_revision.number if i.current_revision_id else None,
        "current_stage": i.current_stage.name if i.current_stage_id else None, "stage_due": i.stage_due,
        "approved_at": i.approved_at,
    }


def _detail(ws, pk: int) -> dict:
    item = selectors.item_get(ws, pk)
    rev = item.current_revision if item.current_revision_id else None
    return {**_item(item), "body": rev.body if rev else "", "body_format": rev.body_format if rev else "markdown",
            "text": rev.text if rev else "",
            "footer": documents.footer_text(item), "target_accounts": [a.pk for a in item.target_accounts.all()]}


@router.get("/{ws}/items", response=list[ItemOut], summary="内容列表（最多 200 条，可筛选）")
def list_items(request, ws: str, status: str = "", kind: str = "", q: str = "",
               offset: int = Query(0, ge=0, le=1_000_000), limit: int = 50):
    workspace = workspace_for(request, ws, ProductionPerm.VIEW)
    limit = max(1, min(limit, 200))
    qs = selectors.items_of(workspace, status=status, kind=kind, q=q).select_related("current_revision")
    return [_item(i) for i in qs[offset:offset + limit]]


@router.get("/{ws}/items/{pk}", response=ItemDetailOut, summary="内容详情")
def get_item(request, ws: str, pk: int):
    return _detail(workspace_for(request, ws, ProductionPerm.VIEW), pk)


@router.post("/{ws}/items", response={201: ItemDetailOut}, summary="新建内容（草稿）")
def create_item(request, ws: str, payload: ItemIn):
    workspace = workspace_for(request, ws, ProductionPerm.CREATE)
    data = payload.dict()
    column_id = data.pop("column_id")
    column = selectors.column_get(workspace, column_id) if column_id else None
    accounts = selectors.accounts_for(workspace, data.pop("target_accounts"))
    item = services.item_create(actor=request.user, workspace=workspace, column=column, target_accounts=accounts,
                                **data)
    return Status(201, _detail(workspace, item.pk))


@router.patch("/{ws}/items/{pk}", response=ItemDetailOut, summary="修改正文（须带上所基于的修订号）")
def update_item(request, ws: str, pk: int, payload: ItemPatch):
    workspace = workspace_for(request, ws, ProductionPerm.VIEW)
    item = selectors.item_get(workspace, pk)
    services.item_update(actor=request.user, item=item, **payload.dict())
    return _detail(workspace, pk)


@router.post("/{ws}/items/{pk}/submit", response=ItemDetailOut, summary="送审")
def submit_item(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, ProductionPerm.VIEW)
    services.item_submit(actor=request.user, item=selectors.item_get(workspace, pk))
    return _detail(workspace, pk)


@router.post("/{ws}/items/{pk}/decisions", response=ItemDetailOut, summary="当前环节审核（approve/return/reject）")
def decide_item(request, ws: str, pk: int, payload: DecisionIn):
    workspace = workspace_for(request, ws, ProductionPerm.VIEW)
    services.item_decide(actor=request.user, item=selectors.item_get(workspace, pk), verdict=payload.verdict,
                         comments=payload.comments)
    return _detail(workspace, pk)


@router.get("/{ws}/items/{pk}/decisions", response=list[DecisionOut], summary="审核记录")
def list_decisions(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, ProductionPerm.VIEW)
    return [{"stage": d.stage_name, "actor": str(d.actor) if d.actor_id else None, "verdict": d.verdict,
             "verdict_label": d.get_verdict_display(), "comments": d.comments,
             "revision": d.revision.number if d.revision_id else None, "decided_at": d.decided_at}
            for d in selectors.decisions_of(selectors.item_get(workspace, pk))]


@router.get("/{ws}/my-work", response=list[ItemOut], summary="等我审核的内容")
def my_work(request, ws: str):
    workspace = workspace_for(request, ws, ProductionPerm.VIEW)

    role = role_in(request.user, workspace)
    return [_item(i) for i in selectors.waiting_for(workspace, request.user, role).select_related("current_revision")[:200]]


@router.get("/{ws}/windows/{platform}", response=list[WindowOut], summary="某平台推荐发布时段")
def windows(request, ws: str, platform: str):
    workspace = workspace_for(request, ws, ProductionPerm.VIEW)
    return [{"platform": platform, "start": s, "end": e, "workdays_only": w}
            for s, e, w in selectors.recommended_windows(workspace, platform)]


