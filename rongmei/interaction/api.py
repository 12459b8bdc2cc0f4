from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from rongmei.core import clock
from rongmei.core.api_helpers import ErrorsOut, workspace_for
from rongmei.workspaces.models import OfficialAccount

from . import selectors, services
from .models import Reply, ReplyTemplate
from .permissions import InteractionPerm

router = Router(tags=["互动"])


class MessageOut(Schema):
    id: int
    account: str
    platform: str
    kind: str
    external_id: str
    author: str
    text: str
    received_at: dt.datetime
    category: str
    sentiment: str
    urgent: bool
    reasons: list[str]
    state: str
    assignee: str | None
    department: str | None
    first_due_at: dt.datetime | None
    due_at: dt.datetime | None
    first_response_at: dt.datetime | None
    overdue: bool


class ReplyOut(Schema):
    id: int
    message: int
    text: str
    state: str
    findings: list[dict]
    written_by: str | None
    approved_by: str | None
    sent_at: dt.datetime | None
    failure_reason: str


class ReplyIn(Schema):
    text: str
    template: int | None = None


class DecideIn(Schema):
    approve: bool
    reason: str = ""



class StatOut(Schema):
    key: str
    label: str
    received: int
    needing: int
    responded: int
    on_time: int
    late: int
    resolved: int
    response_rate: float | None
    on_time_rate: float | None
    first_median_hours: float | None
    first_p90_hours: float | None
    resolve_median_hours: float | None
    resolve_p90_hours: float | None


class StatsOut(Schema):
    start: dt.date
    end: dt.date
    by: str
    total: StatOut
    rows: list[StatOut]


def _message(m, now) -> dict:
    return {"id": m.pk, "account": str(m.account), "platform": m.platform, "kind": m.kind, "external_id": m.external_id,
            "author": m.author, "text": m.text, "received_at": m.received_at, "category": m.category,
            "sentiment": m.sentiment, "urgent": m.urgent, "reasons": [str(r) for r in m.reasons], "state": m.state,
            "assignee": str(m.assignee) if m.assignee_id else None,
            "department": m.department.name if m.department_id else None, "first_due_at": m.first_due_at,
            "due_at": m.due_at, "first_response_at": m.first_response_at, "overdue": m.overdue(now)}


def _reply(r) -> dict:
    return {"id": r.pk, "message": r.message_id, "text": r.text, "state": r.state, "findings": r.findings,
            "written_by": str(r.written_by) if r.written_by_id else None,
            "approved_by": str(r.approved_by) if r.approved_by_id else None, "sent_at": r.sent_at,
            "failure_reason": r.failure_reason}


@router.get("/{ws}/messages", response=list[MessageOut],
            summary="收件箱消息（筛选：account、platform、category、state、overdue、urgent、assignee、department、q；每页 50 条）")
def messages(request, ws: str, account: int | None = None, platform: str = "", category: str = "", state: str = "",
             overdue: bool = False, urgent: bool = False, assignee: str = "", department: int | None = None,
             q: str = "", page: int = Query(1, ge=1, le=100_000)):
    workspace = workspace_for(request, ws, InteractionPerm.VIEW)
    flt = selectors.InboxFilter(account=account, platform=platform, category=category, state=state, overdue=overdue,
                                urgent=urgent, assignee=assignee, department=department, q=q.strip()[:100])
    now = clock.now()
    rows, _more = selectors.inbox_page(workspace, request.user, flt, page, now=now)
    return [_message(m, now) for m in rows]


@router.get("/{ws}/messages/{pk}", response=MessageOut, summary="一条消息")
def message(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, InteractionPerm.VIEW)
    return _message(selectors.message_get(workspace, pk), clock.now())


@router.post("/{ws}/messages/{pk}/replies", response={201: ReplyOut, 400: ErrorsOut},
             summary="写答复（经 AI 审校后送审核）")
def reply_create(request, ws: str, pk: int, payload: ReplyIn):
    workspace = workspace_for(request, ws, InteractionPerm.HANDLE)
    m = selectors.message_get(workspace, pk)
    tpl = get_object_or_404(ReplyTemplate, workspace=workspace, pk=payload.template) if payload.template else None
    try:
        r = services.reply_create(actor=request.user, message=m, text=payload.text, template=tpl)
    except ValidationError as exc:
        return Status(400, {"detail": "答复未提交", "errors": exc.messages})
    return Status(201, _reply(r))


@router.post("/{ws}/replies/{pk}/decision", response={200: ReplyOut, 400: ErrorsOut}, summary="审核答复（通过或退回）")
def reply_decide(request, ws: str, pk: int, payload: DecideIn):
    workspace = workspace_for(request, ws, InteractionPerm.APPROVE)
    r = get_object_or_404(Reply, message__workspace=workspace, pk=pk)
    try:
        r = services.reply_decide(actor=request.user, reply=r, approve=payload.approve, reason=payload.reason)
    except ValidationError as exc:
        return Status(400, {"detail": "未审核", "errors": exc.messages})
    return Status(200, _reply(r))


@router.post("/{ws}/replies/{pk}/manual", response={200: ReplyOut, 400: ErrorsOut}, summary="标记为已在平台后台人工发出")
def reply_manual(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, InteractionPerm.HANDLE)
    r = get_object_or_404(Reply, message__workspace=workspace, pk=pk)
    try:
        r = services.reply_mark_manual(actor=request.user, reply=r)
    except ValidationError as exc:
        return Status(400, {"detail": "未标记", "errors": exc.messages})
    return Status(200, _reply(r))


@router.get("/{ws}/stats", response=StatsOut,
            summary="互动统计：响应率、按时率、首次响应与办结用时（工作小时）；by 为 account/category/department/month/day/platform")
def stats(request, ws: str, start: dt.date | None = None, end: dt.date | None = None, by: str = "account"):
    workspace = workspace_for(request, ws, InteractionPerm.VIEW)
    end = end or clock.today()
    start = start or end - dt.timedelta(days=29)
    if by not in selectors.BY_CHOICES:
        raise ValidationError(f"分组“{by}”不支持，可选：{'、'.join(selectors.BY_CHOICES)}")
    data = selectors.stats(workspace, start, end, by=by)
    return {"start": start, "end": end, "by": by, "total": data["total"].to_dict(),
            "rows": [r.to_dict() for r in data["rows"]]}


# ---------------------------------------------------------------- 平台接入


class IngestOut(Schema):
    account: int
    account_name: str
    platform: str
    method: str
    configured: bool
    last_success_at: dt.datetime | None = None
    last_count: int = 0
    total_count: int = 0
    last_error_at: dt.datetime | None = None
    last_error: str = ""
    failing: bool = False
    next_poll_at: dt.datetime | None = None
    last_push_at: dt.datetime | None = None


@router.get("/{ws}/ingest", response=list[IngestOut], summary="各账号的接入方式与评论拉取状态（最近成功/失败及原因）")
def ingest_status(request, ws: str):
    workspace = workspace_for(request, ws, InteractionPerm.VIEW)
    out = []
    for row in selectors.ingest_overview(workspace):
        a, s = row["account"], row["state"]
        out.append({"account": a.pk, "account_name": a.name, "platform": a.platform.name, "method": row["method"],
                    "configured": row["configured"], "failing": row["failing"],
                    **({k: getattr(s, k) for k in ("last_success_at", "last_count", "total_count", "last_error_at",
                                                   "last_error", "next_poll_at", "last_push_at")} if s else {})})
    return out


@router.post("/{ws}/accounts/{pk}/poll", response={202: dict, 400: ErrorsOut}, summary="立即拉取该账号的新评论")
def ingest_poll_now(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, InteractionPerm.HANDLE)
    account = get_object_or_404(OfficialAccount, workspace=workspace, pk=pk)
    try:
        services.ingest_request_poll(actor=request.user, account=account)
    except ValidationError as exc:
        return Status(400, {"detail": "未拉取", "errors": exc.messages})
    return Status(202, {"detail": "已开始拉取"})
