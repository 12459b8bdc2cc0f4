from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from rongmei.core.api_helpers import workspace_for
from rongmei.workspaces.selectors import accounts_of

from . import content, selectors, services, workflow
from .permissions import PublishingPerm

router = Router(tags=["发布"])


class PublicationOut(Schema):
    id: int
    item: int
    title: str
    account: str
    platform: str
    planned_at: dt.datetime
    state: str
    state_label: str
    url: str
    external_id: str
    published_at: dt.datetime | None
    error_code: str
    error_message: str
    hold_reason: str
    method: str
    actions: list[str]


class ScheduleIn(Schema):
    item: int
    accounts: list[int]
    planned_at: dt.datetime
    stamp_footer: bool = False


class ManualIn(Schema):
    url: str
    published_at: dt.datetime


class RetryIn(Schema):
    verified_not_posted: bool = False


class WithdrawIn(Schema):
    reason: str = ""


class RescheduleIn(Schema):
    planned_at: dt.datetime


def _out(p, user) -> dict:
    """``actions``：这位用户现在可以对这条发布做的操作（由 workflow 状态流转表决定，与网页一致）。"""
    return {"id": p.pk, "item": p.item_id, "title": p.revision.title, "account": p.account.name,
            "platform": p.account.platform.code, "planned_at": p.planned_at, "state": p.state,
            "state_label": p.get_state_display(), "url": p.url, "external_id": p.external_id,
            "published_at": p.published_at, "error_code": p.error_code, "error_message": p.error_message,
            "hold_reason": p.hold_reason, "method": p.method_label,
            "actions": workflow.actions_for(p, user)}


@router.get("/{ws}/publications", response=list[PublicationOut], summary="发布队列（最近 200 条）")
def list_publications(request, ws: str, state: str = "", platform: str = ""):
    workspace = workspace_for(request, ws, PublishingPerm.VIEW)
    qs = selectors.publications_of(workspace, state=state, platform=platform).order_by("-planned_at", "-id")[:200]
    return [_out(p, request.user) for p in qs]


@router.post("/{ws}/publications", response={201: list[PublicationOut]}, summary="排期发布")
def schedule(request, ws: str, payload: ScheduleIn):
    workspace = workspace_for(request, ws, PublishingPerm.SCHEDULE)
    item = content.item_get(workspace, payload.item)
    accs = list(accounts_of(workspace).filter(pk__in=payload.accounts))
    pubs = services.publication_schedule(actor=request.user, workspace=workspace, item=item, accounts=accs,
                                         planned_at=payload.planned_at, stamp_footer=payload.stamp_footer)
    return Status(201, [_out(p, request.user) for p in pubs])


@router.post("/{ws}/publications/{pk}/publish-now", response=PublicationOut, summary="立即发布")
def publish_now(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, PublishingPerm.SCHEDULE)
    pub = services.publication_publish_now(actor=request.user, publication=selectors.publication_get(workspace, pk))
    return _out(pub, request.user)


@router.post("/{ws}/publications/{pk}/manual", response=PublicationOut, summary="登记人工发布结果")
def record_manual(request, ws: str, pk: int, payload: ManualIn):
    workspace = workspace_for(request, ws, PublishingPerm.SCHEDULE)
    pub = services.publication_record_manual(actor=request.user, publication=selectors.publication_get(workspace, pk),
                                             url=payload.url, published_at=payload.published_at)
    return _out(pub, request.user)


@router.post("/{ws}/publications/{pk}/retry", response=PublicationOut, summary="重新发布（失败或待人工核实）")
def retry(request, ws: str, pk: int, payload: RetryIn):
    workspace = workspace_for(request, ws, PublishingPerm.SCHEDULE)
    pub = services.publication_retry(actor=request.user, publication=selectors.publication_get(workspace, pk),
                                     clear_checkpoint=payload.verified_not_posted)
    return _out(pub, request.user)


@router.post("/{ws}/publications/{pk}/withdraw", response=PublicationOut, summary="撤回")
def withdraw(request, ws: str, pk: int, payload: WithdrawIn):
    workspace = workspace_for(request, ws, PublishingPerm.SCHEDULE)
    pub = services.publication_withdraw(actor=request.user, publication=selectors.publication_get(workspace, pk),
                                        reason=payload.reason)
    return _out(pub, request.user)


@router.post("/{ws}/publications/{pk}/reschedule", response=PublicationOut, summary="改期")
def reschedule(request, ws: str, pk: int, payload: RescheduleIn):
    workspace = workspace_for(request, ws, PublishingPerm.SCHEDULE)
    pub = services.publication_reschedule(actor=request.user, publication=selectors.publication_get(workspace, pk),
                                          planned_at=payload.planned_at)
    return _out(pub, request.user)
