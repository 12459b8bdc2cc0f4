"""典型案例接口：征集列表、某次征集里我看得到的案例（同页面的范围：申报单位只看本单位，地区只看本地区）、
某类别的排名（有“查看评审结果”权限者，评审结束后；主办方随时）。"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from rongmei.core.api_helpers import ErrorsOut, workspace_for

from . import selectors
from .permissions import CasePerm

router = Router(tags=["典型案例"])


class CallOut(Schema):
    id: int
    title: str
    doc_number: str
    deadline: dt.date
    status: str
    char_limit: int
    categories: list[str]


class CaseOut(Schema):
    id: int
    title: str
    category: str
    unit: str
    region: str
    status: str
    version: int
    submitted_at: dt.datetime | None
    regional_rank: int | None


class ResultOut(Schema):
    case: int
    title: str
    rank: int
    final: float | None
    expert_score: float | None
    decision: str


@router.get("/{ws}/calls", response={200: list[CallOut], 403: ErrorsOut, 404: ErrorsOut})
def calls(request, ws: str):
    workspace = workspace_for(request, ws, CasePerm.VIEW)
    return [{"id": c.pk, "title": c.title, "doc_number": c.doc_number, "deadline": c.deadline, "status": c.status,
             "char_limit": c.char_limit, "categories": [x.name for x in c.categories.all()]}
            for c in selectors.calls_visible(request.user, workspace)]


@router.get("/{ws}/calls/{pk}/cases", response={200: list[CaseOut], 403: ErrorsOut, 404: ErrorsOut})
def cases(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, CasePerm.VIEW)
    call = selectors.call_get(request.user, workspace, pk)
    return [{"id": c.pk, "title": c.title, "category": c.category.name, "unit": c.unit.name,
             "region": c.unit.region, "status": c.status, "version": c.version, "submitted_at": c.submitted_at,
             "regional_rank": c.regional_rank} for c in selectors.cases_visible(request.user, call)]


@router.get("/{ws}/calls/{pk}/results", response={200: list[ResultOut], 403: ErrorsOut, 404: ErrorsOut})
def results(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, CasePerm.RESULTS)
    call = selectors.call_get(request.user, workspace, pk)
    manage = selectors.is_organiser(request.user, workspace)
    out = []
    for _cat, panel, rows in selectors.call_results(call):
        if not manage and (panel is None or panel.closed_at is None):
            continue
        out += [{"case": r.case.pk, "title": r.case.title, "rank": r.rank, "final": r.final,
                 "expert_score": r.expert_score, "decision": r.case.decision} for r in rows]
    return out
