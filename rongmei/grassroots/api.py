"""接口：线索（按权限范围）、月度排行、媒体采用（全网传播统计等读取）、报送线索（无附件）、涨粉活动质量（与活动页同一个选择器）。"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router, Schema, Status

from rongmei.core.api_helpers import ErrorsOut, workspace_for

from . import selectors, services
from .permissions import GrassrootsPerm

router = Router(tags=["基层网络"])


class ClueOut(Schema):
    id: int
    title: str
    place: str
    happened_on: dt.date
    unit: str
    member: str
    status: str
    reason: str
    item: int | None
    published_url: str
    created_at: dt.datetime


class ClueIn(Schema):
    title: str
    body: str
    place: str
    happened_on: dt.date
    contact: str
    rights_holder: str
    consent_publish: bool
    portrait: str = "none"


class RankOut(Schema):
    rank: int
    name: str
    unit: str
    points: int
    clues: int
    adopted: int
    published: int


class PlacementOut(Schema):
    id: int
    date: dt.date
    outlet: str
    level: str
    title: str
    url: str
    item: int | None


class QualityOut(Schema):
    rank: int | None
    unit: str
    target: int
    new: int
    unfollow_7: int
    unfollow_30: int
    active: int
    net: int
    flags: list[str]


class EntryIn(Schema):
    identity: str
    answers: list[int]


class EntryOut(Schema):
    id: int
    score: int
    total: int


def _clue(c) -> ClueOut:
    return ClueOut(id=c.pk, title=c.title, place=c.place, happened_on=c.happened_on, unit=c.unit.name,
                   member=c.member.name, status=c.status, reason=c.reason, item=c.item_id,
                   published_url=c.published_url, created_at=c.created_at)


@router.get("/{ws}/clues", response=list[ClueOut], summary="线索（报送人只看自己的，单位管理员看本单位及下级；每页 50 条）")
def clues(request, ws: str, status: str = "", page: int = Query(1, ge=1, le=100_000)):
    workspace = workspace_for(request, ws, GrassrootsPerm.CLUE)
    qs = selectors.clues_for(workspace, selectors.scope_for(request.user, workspace), status=status)
    return [_clue(c) for c in qs[(page - 1) * 50: page * 50]]


@router.post("/{ws}/clues", response={201: ClueOut, 400: ErrorsOut}, summary="报送线索（附件请用网页上传）")
def clue_create(request, ws: str, payload: ClueIn):
    workspace = workspace_for(request, ws, GrassrootsPerm.SUBMIT)
    try:
        c = services.clue_submit(actor=request.user, workspace=workspace, **payload.dict())
    except ValidationError as exc:
        return Status(400, {"detail": "线索未报送", "errors": exc.messages})
    return Status(201, _clue(c))


@router.get("/{ws}/rankings", response=list[RankOut], summary="月度排行（by=member 按人、unit 按单位、top 汇总到顶层单位）")
def rankings(request, ws: str, month: str = "", by: str = "member"):
    workspace = workspace_for(request, ws, GrassrootsPerm.VIEW)
    rows = selectors.rankings(workspace, selectors.parse_month(month), by="member" if by == "member" else "unit",
                              depth=0 if by == "top" else None)
    return [RankOut(rank=r.rank, name=r.name, unit=r.unit_name, points=r.points, clues=r.clues, adopted=r.adopted,
                    published=r.published) for r in rows]


@router.get("/{ws}/placements", response=list[PlacementOut], summary="媒体采用（level：municipal/provincial/central/national）")
def placements(request, ws: str, level: str = "", start: dt.date | None = None, end: dt.date | None = None):
    workspace = workspace_for(request, ws, GrassrootsPerm.VIEW)
    return [PlacementOut(id=p.pk, date=p.date, outlet=p.outlet, level=p.level, title=p.title, url=p.url,
                         item=p.item_id) for p in selectors.placements_of(workspace, level=level, start=start, end=end)]


@router.get("/{ws}/campaigns/{pk}/quality", response=list[QualityOut],
            summary="涨粉活动各单位的新增、7/30 天内取关、有互动、净增与护栏（month=YYYY-MM 时为月度排名；单位管理员只有本单位及下级）")
def campaign_quality(request, ws: str, pk: int, month: str = ""):
    workspace = workspace_for(request, ws, GrassrootsPerm.CAMPAIGN)
    scope = selectors.campaign_scope(request.user, workspace)
    if scope is None:
        raise PermissionDenied("涨粉活动只对组长、编辑等工作人员和单位管理员开放")
    c = selectors.campaign_get(workspace, pk, scope)
    rows = selectors.campaign_quality(c, month=selectors.parse_month(month) if month else None)
    ranks = {r.cu.pk: n for n, r in selectors.campaign_ranked(rows)} if month else {}
    return [QualityOut(rank=ranks.get(r.cu.pk), unit=r.cu.unit.name, target=r.cu.target, new=r.new,
                       unfollow_7=r.unfollow_7, unfollow_30=r.unfollow_30, active=r.active, net=r.net, flags=r.flags)
            for r in selectors.in_scope(rows, scope)]


@router.post("/{ws}/quizzes/{pk}/entries", response={201: EntryOut, 400: ErrorsOut},
             summary="提交一份作答（H5 答题页调用；identity 为平台身份 openid，每人一次，自动判分）")
def quiz_entry(request, ws: str, pk: int, payload: EntryIn):
    workspace = workspace_for(request, ws, GrassrootsPerm.MANAGE)
    quiz = selectors.quiz_get(workspace, pk)
    try:
        e = services.quiz_enter(quiz=quiz, identity=payload.identity, answers=payload.answers)
    except ValidationError as exc:
        return Status(400, {"detail": "作答未记录", "errors": exc.messages})
    return Status(201, EntryOut(id=e.pk, score=e.score, total=len(quiz.questions)))
