"""团队接口：岗位核对、此刻值班、请假（本人申请、组长/甲方审批）、月度值班表。"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from rongmei.core import clock
from rongmei.core.api_helpers import ErrorsOut, workspace_for

from . import selectors, services
from .permissions import TeamPerm

router = Router(tags=["团队"])


class PostOut(Schema):
    post: str
    name: str
    required: int
    filled: int
    present: int
    short: int


class GapOut(Schema):
    day: dt.date
    post: str
    required: int
    present: int
    absent: list[str]


class RosterOut(Schema):
    day: dt.date
    posts: list[PostOut]
    on_site: int
    min_on_site: int
    changes_used: int
    max_changes: int | None
    gaps: list[GapOut]


class PersonOut(Schema):
    id: int
    name: str
    post: str


class LeaveIn(Schema):
    start: dt.date
    end: dt.date
    reason: str
    kind: str = "personal"


class LeaveOut(Schema):
    id: int
    member: str
    kind: str
    start: dt.date
    end: dt.date
    state: str
    uncovered: list


class DecisionIn(Schema):
    approve: bool
    note: str = ""


def _leave(lv) -> dict:
    return {"id": lv.pk, "member": lv.member.name, "kind": lv.kind, "start": lv.start, "end": lv.end,
            "state": lv.state, "uncovered": lv.uncovered}


@router.get("/{ws}/roster", response=RosterOut, summary="岗位核对：要求、在岗、到岗（扣除请假）与未来两周缺岗")
def roster(request, ws: str, day: dt.date | None = None):
    workspace = workspace_for(request, ws, TeamPerm.VIEW)
    r = selectors.roster(workspace, day)
    return {"day": r.day, "on_site": r.on_site, "min_on_site": r.min_on_site, "changes_used": r.changes_used,
            "max_changes": r.max_changes,
            "posts": [{"post": c.post.id, "name": c.post.name, "required": c.required, "filled": c.filled,
                       "present": c.present, "short": c.short} for c in r.covers],
            "gaps": [{"day": g.day, "post": g.post.name, "required": g.required, "present": g.present,
                      "absent": list(g.absent)} for g in r.gaps]}


@router.get("/{ws}/on-duty", response=list[PersonOut], summary="此刻值班的人（排班表）")
def on_duty(request, ws: str):
    workspace = workspace_for(request, ws, TeamPerm.VIEW)
    return [{"id": m.pk, "name": m.name, "post": m.post_name}
            for m in selectors.on_duty_members(workspace, clock.now())]


@router.get("/{ws}/leaves", response=list[LeaveOut], summary="请假（组长与甲方看全部，其他人只看自己的）")
def leaves(request, ws: str):
    workspace = workspace_for(request, ws, TeamPerm.VIEW)
    return [_leave(lv) for lv in selectors.leaves_visible(request.user, workspace)[:200]]


@router.post("/{ws}/leaves", response={201: LeaveOut, 400: ErrorsOut}, summary="本人请假")
def leave_create(request, ws: str, payload: LeaveIn):
    workspace = workspace_for(request, ws, TeamPerm.REQUEST_LEAVE)
    try:
        lv = services.leave_request(actor=request.user, workspace=workspace, **payload.dict())
    except ValidationError as exc:
        return Status(400, {"detail": "未提交", "errors": exc.messages})
    return Status(201, _leave(lv))


@router.post("/{ws}/leaves/{pk}/decision", response={200: LeaveOut, 400: ErrorsOut}, summary="审批请假（组长或甲方）")
def leave_decision(request, ws: str, pk: int, payload: DecisionIn):
    workspace = workspace_for(request, ws, TeamPerm.VIEW)
    lv = selectors.leave_get(request.user, workspace, pk)
    try:
        lv = services.leave_decide(actor=request.user, leave=lv, approve=payload.approve, note=payload.note)
    except ValidationError as exc:
        return Status(400, {"detail": "未审批", "errors": exc.messages})
    return _leave(lv)
