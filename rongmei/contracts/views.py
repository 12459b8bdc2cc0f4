from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rongmei.core import clock
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors
from rongmei.engines.kpi import FACT_TYPES, PeriodError, template_ids, template_text
from rongmei.engines.kpi.contract import add_months

from . import exports, selectors, services
from .choices import STATUS_COLOURS, FactOrigin
from .forms import DefinitionForm, FactForm, ImportForm, SnapshotForm
from .permissions import ContractPerm

PAGE_SIZE = 50


def _period_options(contract) -> list[tuple[str, str]]:
    out = [("annual", "全周期（年度）")]
    if add_months(contract.start, 6) <= contract.end:
        out += [("h1", "上半年（前 6 个月）"), ("h2", "下半年（后 6 个月）")]
    cur = dt.date(contract.start.year, contract.start.month, 1)
    while cur <= contract.end:
        out.append((f"{cur.year}-{cur.month:02d}", f"{cur.year} 年 {cur.month} 月"))
        cur = add_months(cur, 1)
    return out


def _params(request) -> tuple[dt.date | None, str]:
    as_of = None
    raw = request.GET.get("as_of", "").strip()
    if raw:
        try:
            as_of = dt.date.fromisoformat(raw)
        except ValueError:
            messages.warning(request, f"截至日期“{raw}”不是 YYYY-MM-DD 格式，已使用默认日期。")
    return as_of, request.GET.get("period", "annual").strip() or "annual"


def _state(request):
    as_of, period = _params(request)
    try:
        return selectors.evaluation_for(request.workspace, as_of=as_of, period=period)
    except PeriodError as exc:
        messages.warning(request, f"{exc}；已改为全周期。")
        return selectors.evaluation_for(request.workspace, as_of=as_of, period="annual")


@workspace_view(ContractPerm.VIEW)
def overview(request):
    """合同履约：从缓存的评估结果渲染（不重算）；逐日曲线滚动到可见时再按需取数。"""
    ws = request.workspace
    state = _state(request)
    if state is None:
        return render(request, "contracts/empty.html", {
            "templates": template_ids(), "suggested": ws.contract_template, "can_edit": request.can(ContractPerm.EDIT),
        })
    ev = state.evaluation
    obligations = [{"o": o, "colour": STATUS_COLOURS.get(o.pace.status, "secondary")} for o in ev.obligations]
    charts = [{"id": o.id, "name": o.name} for o in ev.obligations if o.series.get("plan")]
    scored = [o for o in ev.obligations if o.scored]
    return render(request, "contracts/overview.html", {
        "state": state, "ev": ev, "contract": state.contract, "obligations": obligations, "charts": charts,
        "scored_total": len(scored), "scored_met": sum(1 for o in scored if o.met),
        "penalties_incurred": [p for p in ev.penalties if p.status in ("incurred", "accruing")],
        "periods": _period_options(state.contract), "query": f"period={state.period}&as_of={state.as_of}",
        "can_edit": request.can(ContractPerm.EDIT), "can_facts": request.can(ContractPerm.ENTER_FACTS),
        "can_snapshot": request.can(ContractPerm.SNAPSHOT),
    })


@workspace_view(ContractPerm.VIEW)
def chart(request, ob: str):
    """One obligation's cumulative series and plan line (JSON), read from the cached evaluation."""
    state = _state(request)
    if state is None:
        raise Http404("本工作区还没有合同定义")
    result = next((o for o in state.evaluation.obligations if o.id == ob), None)
    if result is None:
        raise Http404("义务不存在")
    return JsonResponse({"id": result.id, "name": result.name, "unit": result.measurement.unit,
                         "plan": result.series.get("plan", []), "actual": result.series.get("actual", [])})


@workspace_view(ContractPerm.VIEW)
def evidence(request, ob: str):
    ws = request.workspace
    state = _state(request)
    if state is None:
        raise Http404("本工作区还没有合同定义")
    result = next((o for o in state.evaluation.obligations if o.id == ob), None)
    if result is None:
        raise Http404("义务不存在")
    items = selectors.evidence_facts(state, ob)
    totals = selectors.evidence_totals(state, ob, items)
    row_value = selectors.row_value_of(state, ob)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"f": f, "link": selectors.ref_link(ws, f.ref), "type_label": FACT_TYPES.get(f.type, f.type),
             "value": row_value(f)} for f in page.object_list]
    indicator = next((i for i in state.evaluation.indicators if i.obligation == ob), None)
    return render(request, "contracts/evidence.html", {
        "state": state, "ob": result, "page": page, "rows": rows, "totals": totals, "indicator": indicator,
        "query": f"period={state.period}&as_of={state.as_of}",
    })


@workspace_view(ContractPerm.VIEW)
def definition(request):
    ws = request.workspace
    current = selectors.current_version(ws)
    can_edit = request.can(ContractPerm.EDIT)
    form = DefinitionForm(request.POST or None, initial={"yaml_text": current.yaml_text if current else ""})
    report = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("您没有编辑合同定义的权限")
        if form.is_valid():
            text = form.cleaned_data["yaml_text"].replace("\r\n", "\n")
            if request.POST.get("action") == "validate":
                report = services.contract_validate(text)
            else:
                try:
                    version = services.contract_save(actor=request.user, workspace=ws, yaml_text=text,
                                                     comment=form.cleaned_data["comment"])
                except ValidationError as exc:
                    report = services.contract_validate(text)
                    apply_errors(form, exc)
                else:
                    if version == current:
                        messages.info(request, "合同定义没有变化，未新建版本。")
                    else:
                        messages.success(request, f"已保存为第 {version.number} 版。" + (
                            f"有 {len(version.warnings)} 条警告，请查看。" if version.warnings else ""))
                    return redirect("contracts:definition", ws=ws.slug)
    return render(request, "contracts/definition.html", {
        "form": form, "current": current, "can_edit": can_edit, "report": report, "templates": template_ids(),
        "staffing": selectors.contract_of(current).staffing if current else None,
    })


@require_POST
@workspace_view(ContractPerm.EDIT)
def from_template(request):
    ws = request.workspace
    tid = request.POST.get("template", "")
    try:
        version = services.contract_from_template(actor=request.user, workspace=ws, template_id=tid)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("contracts:overview", ws=ws.slug)
    messages.success(request, f"已由模板 {tid} 创建合同定义（第 {version.number} 版）。")
    return redirect("contracts:overview", ws=ws.slug)


@workspace_view(ContractPerm.VIEW)
def versions(request):
    page = Paginator(selectors.versions_of(request.workspace), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contracts/versions.html", {"page": page})


@workspace_view(ContractPerm.VIEW)
def version_detail(request, number: int):
    version = selectors.version_get(request.workspace, number)
    return render(request, "contracts/version_detail.html", {"version": version})


@workspace_view(ContractPerm.VIEW)
def template_yaml(request, tid: str):
    if tid not in template_ids():
        raise Http404("没有此模板")
    return HttpResponse(template_text(tid), content_type="text/plain; charset=utf-8")


@workspace_view(ContractPerm.VIEW)
def facts(request):
    ws = request.workspace
    ftype = request.GET.get("type", "")
    origin = request.GET.get("origin", "")
    qs = selectors.facts_of(ws, type=ftype, origin=origin)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    can_enter = request.can(ContractPerm.ENTER_FACTS)
    return render(request, "contracts/facts.html", {
        "page": page, "types": FACT_TYPES, "origins": FactOrigin.choices, "type": ftype, "origin": origin,
        "query": f"type={ftype}&origin={origin}", "counts": selectors.fact_counts(ws),
        "imports": selectors.imports_of(ws)[:20], "can_enter": can_enter,
        "form": FactForm(initial={"date": clock.today()}) if can_enter else None,
        "import_form": ImportForm() if can_enter else None,
    })


@workspace_view(ContractPerm.ENTER_FACTS)
def fact_new(request):
    ws = request.workspace
    form = FactForm(request.POST or None, initial={"date": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.fact_create(actor=request.user, workspace=ws, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "事实已录入，合同页的数字已更新。")
            return redirect(reverse("contracts:facts", kwargs={"ws": ws.slug}) + "?origin=manual")
    return render(request, "contracts/fact_form.html", {"form": form})


@require_POST
@workspace_view(ContractPerm.ENTER_FACTS)
def fact_delete(request, pk: int):
    fact = selectors.fact_get(request.workspace, pk)
    try:
        services.fact_delete(actor=request.user, fact=fact)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已删除该事实。")
    return redirect("contracts:facts", ws=request.workspace.slug)


@require_POST
@workspace_view(ContractPerm.ENTER_FACTS)
def import_delete(request, pk: int):
    batch = selectors.import_get(request.workspace, pk)
    n = services.import_delete(actor=request.user, batch=batch)
    messages.success(request, f"已删除导入批次“{batch.filename}”及其 {n} 条事实。")
    return redirect("contracts:facts", ws=request.workspace.slug)


@workspace_view(ContractPerm.ENTER_FACTS)
def facts_import(request):
    ws = request.workspace
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.BACKGROUND_IMPORT_BYTES:
            services.facts_import_enqueue(actor=request.user, workspace=ws, upload=upload)
            messages.info(request, f"“{upload.name}”较大（{upload.size / 1048576:.1f} MB），已转入后台导入；"
                                   "完成或出错时会通知您，进度见“后台任务”。")
            return redirect("contracts:facts", ws=ws.slug)
        try:
            batch, created = services.facts_import(actor=request.user, workspace=ws, filename=upload.name,
                                                   content=upload.read())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if created:
                messages.success(request, f"已导入“{batch.filename}”：{batch.fact_count} 条事实。")
            else:
                messages.info(request, f"这个文件已于 {batch.created_at:%Y-%m-%d %H:%M} 导入过（{batch.fact_count} 条），"
                                       "本次没有做任何改变。")
            return redirect("contracts:facts", ws=ws.slug)
    return render(request, "contracts/import.html", {"form": form})


@workspace_view(ContractPerm.VIEW)
def snapshots(request):
    ws = request.workspace
    can = request.can(ContractPerm.SNAPSHOT)
    form = SnapshotForm(request.POST or None, initial={"as_of": request.GET.get("as_of") or clock.today(),
                                                       "period": request.GET.get("period") or "annual"})
    if request.method == "POST":
        if not can:
            raise PermissionDenied("您没有冻结考核快照的权限")
        if form.is_valid():
            try:
                snap = services.snapshot_create(actor=request.user, workspace=ws, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已冻结考核快照：{snap.title}")
                return redirect("contracts:snapshot", ws=ws.slug, pk=snap.pk)
    page = Paginator(selectors.snapshots_of(ws), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contracts/snapshots.html", {"page": page, "form": form if can else None})


@workspace_view(ContractPerm.VIEW)
def snapshot(request, pk: int):
    snap = selectors.snapshot_get(request.workspace, pk)
    return render(request, "contracts/snapshot.html", {
        "snap": snap, "r": snap.result, "can_export": request.can(ContractPerm.SNAPSHOT),
    })


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@workspace_view(ContractPerm.SNAPSHOT)
def snapshot_download(request, pk: int, fmt: str):
    snap = selectors.snapshot_get(request.workspace, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("不支持的格式")
    data = exports.snapshot_file(snap, fmt)
    services.snapshot_exported(actor=request.user, snapshot=snap, fmt=fmt)
    resp = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    resp["Content-Disposition"] = f'attachment; filename="snapshot-{snap.pk}-{snap.as_of}.{fmt}"'
    return resp
