from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from rongmei.core import clock
from rongmei.core.api_helpers import ErrorsOut, workspace_for

from . import selectors, services
from .permissions import MetricsPerm

router = Router(tags=["数据"])


class FigureOut(Schema):
    name: str
    label: str
    value: float
    previous: float
    ratio: float | None = None
    change: str


class DashboardOut(Schema):
    start: dt.date
    end: dt.date
    figures: list[FigureOut]
    charts: list[dict]


class BatchOut(Schema):
    id: int
    source: str
    account: str
    filename: str
    layout: str
    date_from: dt.date | None
    date_to: dt.date | None
    rows_created: int
    rows_superseded: int
    rows_unchanged: int
    items: int
    created_at: dt.datetime


class ImportOut(Schema):
    batch: BatchOut
    new: bool



class EntryIn(Schema):
    account: int
    date: dt.date
    name: str
    value: float
    channel: str = ""


def _batch(b) -> dict:
    return {"id": b.id, "source": b.source, "account": str(b.account), "filename": b.filename, "layout": b.layout,
            "date_from": b.date_from, "date_to": b.date_to, "rows_created": b.rows_created,
            "rows_superseded": b.rows_superseded, "rows_unchanged": b.rows_unchanged, "items": b.items,
            "created_at": b.created_at}


@router.get("/{ws}/dashboard", response=DashboardOut, summary="数据看板（要点数字与图表数据）")
def dashboard(request, ws: str, start: dt.date | None = None, end: dt.date | None = None, account: int | None = None):
    workspace = workspace_for(request, ws, MetricsPerm.VIEW)
    start, end, _notes = selectors.resolve_range(workspace, clock.today(), start, end)
    acc = selectors.account_get(workspace, account) if account else None
    data = selectors.dashboard(workspace, start, end, account=acc)
    return {"start": start, "end": end, "figures": data["figures"], "charts": [c.to_dict() for c in data["charts"]]}


@router.get("/{ws}/batches", response=list[BatchOut], summary="导入与取数记录（最近 100 次）")
def batches(request, ws: str):
    workspace = workspace_for(request, ws, MetricsPerm.VIEW)
    return [_batch(b) for b in selectors.batches_of(workspace)[:100]]


@router.post("/{ws}/imports", response={201: ImportOut, 200: ImportOut, 400: ErrorsOut},
             summary="导入平台后台导出文件（同一文件重复导入返回 200 且不改变数据）")
def import_file(request, ws: str, account: int = Form(...), layout: str = Form(""), file: UploadedFile = File(...)):
    workspace = workspace_for(request, ws, MetricsPerm.IMPORT)
    acc = selectors.account_get(workspace, account)
    try:
        batch, fresh = services.metrics_import(actor=request.user, account=acc, filename=file.name,
                                               data=file.read(), layout=layout or None)
    except ValidationError as exc:
        return Status(400, {"detail": "文件未导入", "errors": exc.messages})
    return Status(201 if fresh else 200, {"batch": _batch(batch), "new": fresh})


@router.post("/{ws}/entries", response={201: dict, 400: ErrorsOut}, summary="手工录入一个数值")
def enter(request, ws: str, payload: EntryIn):
    workspace = workspace_for(request, ws, MetricsPerm.IMPORT)
    acc = selectors.account_get(workspace, payload.account)
    try:
        result = services.metric_enter(actor=request.user, account=acc, date=payload.date, name=payload.name,
                                       value=payload.value, channel=payload.channel)
    except ValidationError as exc:
        return Status(400, {"detail": "未录入", "errors": exc.messages})
    return Status(201, {"created": result.created, "superseded": result.superseded, "unchanged": result.unchanged})
