from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.views.decorators.http import require_POST

from rongmei.core import clock
from rongmei.core.decorators import workspace_view
from rongmei.core.files import file_response
from rongmei.core.forms import apply_errors
from rongmei.engines.docgen.sheets import Sheet, sheets_xlsx
from rongmei.engines.exports import write_generic_template

from . import selectors, services
from .exports import chart_xlsx
from .forms import EntryForm, ImportForm, LiveForm, PromotionForm, PromotionImportForm
from .permissions import MetricsPerm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request) -> tuple[dt.date, dt.date]:
    """?start=&end=；缺省时的区间与提示由 selectors.resolve_range 决定（接口用的是同一个函数）。"""
    start = end = None
    try:
        if request.GET.get("end"):
            end = dt.date.fromisoformat(request.GET["end"])
        if request.GET.get("start"):
            start = dt.date.fromisoformat(request.GET["start"])
    except ValueError:
        start = end = None
        messages.warning(request, "日期格式应为 YYYY-MM-DD，已显示默认区间")
    start, end, notes = selectors.resolve_range(request.workspace, clock.today(), start, end)
    for note in notes:
        messages.info(request, note)
    return start, end


def _render_dashboard(request, account=None):
    ws = request.workspace
    start, end = _period(request)
    data = selectors.dashboard(ws, start, end, account=account)
    export = request.GET.get("export")
    if export:
        chart = selectors.chart_of(data, export)
        title = f"{ws.name} {chart.title} {start}—{end}"
        resp = HttpResponse(chart_xlsx(chart, title=title), content_type=XLSX)
        resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(chart.title)}.xlsx"
        return resp
    return render(request, "metrics/dashboard.html", {
        "data": data, "charts_json": [c.to_dict() for c in data["charts"]], "account": account,
        "accounts": selectors.accounts_of(ws), "start": start, "end": end,
        "summaries": selectors.account_summaries(ws, start, end) if account is None else None,
        "can_import": request.can(MetricsPerm.IMPORT),
        "query": f"start={start}&end={end}",
    })


def _quote(text: str) -> str:
    return quote(text)


@workspace_view(MetricsPerm.VIEW)
def dashboard(request):
    return _render_dashboard(request)


@workspace_view(MetricsPerm.VIEW)
def account_dashboard(request, pk: int):
    return _render_dashboard(request, selectors.account_get(request.workspace, pk))


@workspace_view(MetricsPerm.VIEW)
def batches(request):
    ws = request.workspace
    page = Paginator(selectors.batches_of(ws), 30).get_page(request.GET.get("page"))
    jobs = selectors.import_jobs_of(ws)
    context = {"page": page, "can_import": request.can(MetricsPerm.IMPORT), "jobs": jobs,
               "jobs_running": any(j.running for j in jobs)}
    if request.headers.get("HX-Request") and request.GET.get("part") == "jobs":
        return render(request, "metrics/_import_jobs.html", context)
    return render(request, "metrics/batches.html", context)


@workspace_view(MetricsPerm.VIEW)
def batch_file(request, pk: int):
    batch = selectors.batch_get(request.workspace, pk)
    return file_response(batch.file, filename=batch.filename)


@workspace_view(MetricsPerm.IMPORT)
def import_file(request):
    ws = request.workspace
    accounts = selectors.accounts_of(ws)
    form = ImportForm(request.POST or None, request.FILES or None, accounts=accounts)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_INLINE_MAX_BYTES:
            try:
                job = services.import_queue(actor=request.user, account=form.cleaned_data["account"],
                                            filename=upload.name, data=upload.read(),
                                            layout=form.cleaned_data["layout"] or None)
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.info(request, f"“{job.filename}”较大（{filesizeformat(job.size)}），已转入后台导入；"
                                       "进度与结果显示在下方，期间可以离开本页。")
                return redirect("metrics:batches", ws=ws.slug)
            return render(request, "metrics/import.html", {"form": form, "problems": problems})
        try:
            batch, fresh = services.metrics_import(actor=request.user, account=form.cleaned_data["account"],
                                                   filename=upload.name, data=upload.read(),
                                                   layout=form.cleaned_data["layout"] or None)
        except ValidationError as exc:
            problems = exc.messages
        else:
            if fresh:
                messages.success(request, f"已导入“{batch.filename}”（{batch.layout_label}）：新增 {batch.rows_created} 个数值，"
                                          f"更正 {batch.rows_superseded} 个，未变 {batch.rows_unchanged} 个，作品 {batch.items} 条。")
            else:
                messages.info(request, f"这个文件已于 {timezone.localtime(batch.created_at):%Y-%m-%d %H:%M} 导入过"
                                       f"（批次 #{batch.pk}），没有任何改变。")
            return redirect("metrics:batches", ws=ws.slug)
    return render(request, "metrics/import.html", {"form": form, "problems": problems})


@workspace_view(MetricsPerm.IMPORT)
def enter(request):
    ws = request.workspace
    form = EntryForm(request.POST or None, accounts=selectors.accounts_of(ws),
                     initial={"date": clock.today() - dt.timedelta(days=1)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.metric_enter(actor=request.user, account=data["account"], date=data["date"],
                                           name=data["name"], value=data["value"], channel=data["channel"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "数值与已有记录相同，未改变。" if result.unchanged else
                             ("已更正（原值保留在历史中）。" if result.superseded else "已录入。"))
            return redirect("metrics:enter", ws=ws.slug)
    return render(request, "metrics/form.html", {"form": form, "title": "手工录入数据"})


@workspace_view(MetricsPerm.VIEW)
def lives(request):
    ws = request.workspace
    page = Paginator(selectors.live_sessions_of(ws), 30).get_page(request.GET.get("page"))
    return render(request, "metrics/lives.html", {"page": page, "can_import": request.can(MetricsPerm.IMPORT)})


@workspace_view(MetricsPerm.IMPORT)
def live_new(request):
    ws = request.workspace
    form = LiveForm(request.POST or None, accounts=selectors.accounts_of(ws))
    if request.method == "POST" and form.is_valid():
        try:
            services.live_session_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "直播场次已登记。")
            return redirect("metrics:lives", ws=ws.slug)
    return render(request, "metrics/form.html", {"form": form, "title": "登记直播场次"})


@workspace_view(MetricsPerm.IMPORT)
def template_download(request):
    with tempfile.TemporaryDirectory() as tmp:
        data = write_generic_template(Path(tmp) / "t.xlsx").read_bytes()
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote('融媒通用导入模板')}.xlsx"
    return resp


# ---------------------------------------------------------------------------------------------- 付费推广
def _promotion_form(request, promo=None):
    ws = request.workspace
    initial = None
    if promo is not None:
        initial = {name: getattr(promo, name) for name in services.PROMOTION_FIELDS}
        initial["ordered_at"] = timezone.localtime(promo.ordered_at)
    return PromotionForm(request.POST or None, initial=initial, accounts=selectors.accounts_of(ws),
                         items=selectors.promotable_items(ws))


@workspace_view(MetricsPerm.VIEW)
def promotions(request):
    """投流台账：区间汇总（消耗、结果、单个结果成本、逐月自然/付费拆分）与订单列表。"""
    ws = request.workspace
    start, end = _period(request)
    summary = selectors.promotion_summary(ws, start, end)
    page = Paginator(selectors.promotions_of(ws, start=start, end=end), 30).get_page(request.GET.get("page"))
    return render(request, "metrics/promotions.html", {
        "summary": summary, "page": page, "start": start, "end": end,
        "can_import": request.can(MetricsPerm.IMPORT), "query": f"start={start}&end={end}",
    })


@workspace_view(MetricsPerm.VIEW)
def promotion_detail(request, pk: int):
    ws = request.workspace
    promo = selectors.promotion_get(ws, pk)
    form = None
    if request.can(MetricsPerm.IMPORT):
        form = _promotion_form(request, promo)
        if request.method == "POST" and form.is_valid():
            try:
                services.promotion_save(actor=request.user, promotion=promo, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "推广订单已保存。")
                return redirect("metrics:promotion_detail", ws=ws.slug, pk=promo.pk)
    cost = selectors.cost_per_result(promo.spend, promo.result(), promo.objective)
    return render(request, "metrics/promotion.html", {"promo": promo, "form": form, "cost": cost,
                                                      "cost_unit": selectors.PROMOTION_COST_UNITS[promo.objective][0]})


@workspace_view(MetricsPerm.IMPORT)
def promotion_new(request):
    ws = request.workspace
    form = _promotion_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            promo = services.promotion_save(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "推广订单已登记。")
            return redirect("metrics:promotion_detail", ws=ws.slug, pk=promo.pk)
    return render(request, "metrics/form.html", {"form": form, "title": "登记推广订单"})


@require_POST
@workspace_view(MetricsPerm.IMPORT)
def promotion_delete(request, pk: int):
    ws = request.workspace
    services.promotion_delete(actor=request.user, promotion=selectors.promotion_get(ws, pk))
    messages.success(request, "推广订单已删除。")
    return redirect("metrics:promotions", ws=ws.slug)


@workspace_view(MetricsPerm.IMPORT)
def promotions_import(request):
    ws = request.workspace
    form = PromotionImportForm(request.POST or None, request.FILES or None, accounts=selectors.accounts_of(ws))
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.promotions_import(actor=request.user, account=form.cleaned_data["account"],
                                                product=form.cleaned_data["product"], data=upload.read(),
                                                filename=upload.name)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"已导入：新增 {result.created} 笔，更新 {result.updated} 笔，"
                                      f"未变 {result.unchanged} 笔。")
            return redirect("metrics:promotions", ws=ws.slug)
    return render(request, "metrics/promotion_import.html", {"form": form, "errors": errors})


PROMOTION_TEMPLATE_COLUMNS = ("订单号", "下单时间", "推广产品", "视频标题", "作品链接", "投放目标", "投放金额",
                              "实际消耗", "定向方式", "播放量", "新增粉丝", "主页浏览量", "线索量")


@workspace_view(MetricsPerm.IMPORT)
def promotions_template(request):
    notes = [("订单号", "平台订单号；再次导入同一订单只更新结果，不重复计"), ("下单时间", "必填，如 2025-03-08 10:30"),
             ("推广产品", "抖音 DOU+、抖音小程序投流（小雪花）等；留空时用导入页选择的产品"),
             ("投放目标", "播放量、粉丝量、主页浏览量、线索量；留空为播放量"),
             ("投放金额", "订单预算，元"), ("实际消耗", "必填，元，不能大于投放金额"),
             ("播放量 / 新增粉丝 / 主页浏览量 / 线索量", "平台订单报表回传的结果，整数，可写“2.1万”")]
    data = sheets_xlsx([Sheet("投流订单", PROMOTION_TEMPLATE_COLUMNS, []), Sheet("填写说明", ("列", "说明"), notes)])
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote('投流订单导入模板')}.xlsx"
    return resp
