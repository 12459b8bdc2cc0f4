from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from rongmei.core.api_helpers import ErrorsOut, workspace_for

from . import selectors, services
from .permissions import ReportsPerm

router = Router(tags=["报告"])


class ReportOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    period_start: dt.date
    period_end: dt.date
    due_date: dt.date | None
    state: str
    state_label: str
    data_as_of: dt.datetime | None
    params: dict
    numbers: dict
    files: list[str]


class ReportIn(Schema):
    kind: str
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    title: str = ""
    params: dict = {}
    sections: dict = {}



def _out(r) -> dict:
    return {"id": r.id, "kind": r.kind, "kind_label": r.get_kind_display(), "title": r.title,
            "period_start": r.period_start, "period_end": r.period_end, "due_date": r.due_date, "state": r.state,
            "state_label": r.get_state_display(), "data_as_of": r.data_as_of, "params": r.params,
            "numbers": r.numbers, "files": [f for f in ("docx", "xlsx", "pdf") if getattr(r, f)]}


@router.get("/{ws}/reports", response=list[ReportOut], summary="报告列表（最近 100 份）")
def list_reports(request, ws: str, kind: str = ""):
    workspace = workspace_for(request, ws, ReportsPerm.VIEW)
    return [_out(r) for r in selectors.reports_of(workspace, kind=kind or None)[:100]]


@router.post("/{ws}/reports", response={202: ReportOut, 400: ErrorsOut}, summary="请求生成报告（后台任务）")
def create_report(request, ws: str, payload: ReportIn):
    workspace = workspace_for(request, ws, ReportsPerm.GENERATE)
    try:
        report = services.report_request(actor=request.user, workspace=workspace, **payload.dict())
    except ValidationError as exc:
        return Status(400, {"detail": "未生成", "errors": exc.messages})
    return Status(202, _out(report))


@router.get("/{ws}/reports/{pk}", response=ReportOut, summary="报告详情与状态")
def get_report(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, ReportsPerm.VIEW)
    return _out(selectors.report_get(workspace, pk))
