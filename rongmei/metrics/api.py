from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from rongmei.core import clock
from rongmei.core.api_helpers import ErrorsOut, workspace_for

from . import selectors, services
from .choices import PromotionProduct
from .permissions import MetricsPerm

router = Router(tags=["数据"])


class FigureOut(Schema):
    name: str
    label: str
    value: float
    previous: float
    ratio: float | None = None
    change: str
    paid: float | None = None


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


class PromotionOut(Schema):
    id: int
    account: str
    platform: str
    product: str
    product_label: str
    order_no: str
    item: str
    item_url: str
    ordered_at: dt.datetime
    objective: str
    objective_label: str
    budget: Decimal
    spend: Decimal
    targeting: str
    plays: int
    followers: int
    home_visits: int
    leads: int
    cost_per_result: Decimal | None
    cost_unit: str
    source: str


class PromotionMonthOut(Schema):
    month: dt.date
    orders: int
    budget: Decimal
    spend: Decimal
    plays_total: float
    plays_paid: float
    plays_organic: float
    followers_total: float
    followers_paid: float
    followers_organic: float
    capped: bool


class PromotionSummaryOut(Schema):
    start: dt.date
    end: dt.date
    totals: dict
    months: list[PromotionMonthOut]
    method: str
    orders: list[PromotionOut]


class PromotionImportOut(Schema):
    created: int
    updated: int
    unchanged: int


def _promotion(p) -> dict:
    unit = selectors.PROMOTION_COST_UNITS[p.objective][0]
    return {"id": p.id, "account": str(p.account), "platform": p.account.platform.code, "product": p.product,
            "product_label": p.get_product_display(), "order_no": p.order_no,
            "item": p.content_item.title if p.content_item_id else p.item_title, "item_url": p.item_url,
            "ordered_at": p.ordered_at, "objective": p.objective, "objective_label": p.get_objective_display(),
            "budget": p.budget, "spend": p.spend, "targeting": p.targeting, "plays": p.plays,
            "followers": p.followers, "home_visits": p.home_visits, "leads": p.leads,
            "cost_per_result": selectors.cost_per_result(p.spend, p.result(), p.objective), "cost_unit": unit,
            "source": p.source}


@router.get("/{ws}/promotions", response=PromotionSummaryOut,
            summary="付费推广（投流）：区间汇总、逐月自然/付费拆分与订单（按下单时间）")
def promotions(request, ws: str, start: dt.date | None = None, end: dt.date | None = None):
    workspace = workspace_for(request, ws, MetricsPerm.VIEW)
    start, end, _notes = selectors.resolve_range(workspace, clock.today(), start, end)
    summary = selectors.promotion_summary(workspace, start, end)
    orders = selectors.promotions_of(workspace, start=start, end=end).order_by("ordered_at", "id")[:1000]
    return {"start": start, "end": end, "totals": {k: (str(v) if isinstance(v, Decimal) else v)
                                                   for k, v in summary["totals"].items()},
            "months": summary["months"], "method": summary["method"], "orders": [_promotion(p) for p in orders]}


@router.post("/{ws}/promotions/imports", response={201: PromotionImportOut, 400: ErrorsOut},
             summary="导入投流订单表（任何一行有错整个文件不导入；同一订单号再次导入只更新结果）")
def promotions_import(request, ws: str, account: int = Form(...), product: str = Form(...),
                      file: UploadedFile = File(...)):
    workspace = workspace_for(request, ws, MetricsPerm.IMPORT)
    acc = selectors.account_get(workspace, account)
    if product not in dict(PromotionProduct.choices):
        return Status(400, {"detail": "文件未导入", "errors": ["推广产品不对，可选：" + "、".join(
            f"{code}（{label}）" for code, label in PromotionProduct.choices)]})
    try:
        result = services.promotions_import(actor=request.user, account=acc, product=product, data=file.read(),
                                            filename=file.name)
    except ValidationError as exc:
        return Status(400, {"detail": "文件未导入", "errors": exc.messages})
    return Status(201, {"created": result.created, "updated": result.updated, "unchanged": result.unchanged})
