"""自查的页面：总览（最新一次的结果、按严重程度的不合格项、7 天预警）、历次记录、发现详情、备案登记、设置。"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors

from . import selectors, services
from .choices import RULE_LABELS, FindingState, Severity
from .forms import FilingForm, PolicyForm, RunForm
from .permissions import InspectionPerm


def _run_context(request, run):
    ctx = {"run": run, "can_run": request.can(InspectionPerm.RUN), "can_manage": request.can(InspectionPerm.MANAGE),
           "run_form": RunForm(), "local_days": selectors.local_update_days(request.workspace)}
    if run is not None:
        findings = list(selectors.findings_of(run, state=FindingState.FAILING))
        ctx.update({
            "counts": selectors.severity_counts(run),
            "groups": [(Severity(s).label, s, [f for f in findings if f.severity == s]) for s in Severity.values],
            "forecast": selectors.forecast_of(run),
        })
    return ctx


@workspace_view(InspectionPerm.VIEW)
def overview(request):
    run = selectors.latest_run(request.workspace)
    return render(request, "inspection/overview.html", {**_run_context(request, run), "is_latest": True})


@workspace_view(InspectionPerm.VIEW)
def run_detail(request, pk: int):
    run = selectors.run_get(request.workspace, pk)
    latest = selectors.latest_run(request.workspace)
    return render(request, "inspection/overview.html",
                  {**_run_context(request, run), "is_latest": latest is not None and latest.pk == run.pk})


@workspace_view(InspectionPerm.RUN)
@require_POST
def run_now(request):
    ws = request.workspace
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "检查日期格式不正确，请按“年-月-日”填写。")
        return redirect("inspection:overview", ws=ws.slug)
    try:
        run = services.inspection_run(actor=request.user, workspace=ws, as_of=form.cleaned_data["as_of"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("inspection:overview", ws=ws.slug)
    messages.success(request, f"自查完成：不合格 {run.failing} 项，7 天内将不合格 {run.at_risk} 项。")
    return redirect("inspection:run_detail", ws=ws.slug, pk=run.pk)


@workspace_view(InspectionPerm.VIEW)
def runs(request):
    page = Paginator(selectors.runs_of(request.workspace), 25).get_page(request.GET.get("page"))
    return render(request, "inspection/runs.html", {"page": page, "query": ""})


@workspace_view(InspectionPerm.VIEW)
def finding_detail(request, pk: int):
    finding = selectors.finding_get(request.workspace, pk)
    return render(request, "inspection/finding.html", {"f": finding, "rule_labels": RULE_LABELS})


@workspace_view(InspectionPerm.VIEW)
def run_report(request, pk: int):
    run = selectors.run_get(request.workspace, pk)
    if not run.report:
        raise Http404("这次自查没有生成报告")
    name = f"自查报告-{run.workspace.name}-{run.as_of.isoformat()}.docx"
    response = FileResponse(run.report.open("rb"), as_attachment=True, filename=name)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@workspace_view(InspectionPerm.VIEW)
def filings(request):
    ws = request.workspace
    can_manage = request.can(InspectionPerm.MANAGE)
    accounts = list(selectors.accounts_of(ws))
    form = FilingForm(request.POST or None, accounts=accounts)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("您没有登记备案的权限")
        if form.is_valid():
            data = form.cleaned_data
            account = next(a for a in accounts if str(a.pk) == data["account"])
            try:
                services.filing_create(actor=request.user, workspace=ws, account=account, kind=data["kind"],
                                       event_on=data["event_on"], filed_on=data["filed_on"],
                                       reference=data["reference"], note=data["note"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已登记。下次自查按新的备案记录检查。")
                return redirect("inspection:filings", ws=ws.slug)
    page = Paginator(selectors.filings_of(ws), 25).get_page(request.GET.get("page"))
    return render(request, "inspection/filings.html", {"page": page, "form": form, "can_manage": can_manage,
                                                       "query": ""})


@workspace_view(InspectionPerm.MANAGE)
@require_POST
def filing_delete(request, pk: int):
    filing = selectors.filing_get(request.workspace, pk)
    services.filing_delete(actor=request.user, filing=filing)
    messages.success(request, "已删除这条登记。")
    return redirect("inspection:filings", ws=request.workspace.slug)


@workspace_view(InspectionPerm.MANAGE)
def settings_view(request):
    ws = request.workspace
    form = PolicyForm(request.POST or None, initial={"local_update_days": selectors.local_update_days(ws)})
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(actor=request.user, workspace=ws,
                                   local_update_days=form.cleaned_data["local_update_days"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "自查设置已保存，下次自查起生效。")
            return redirect("inspection:overview", ws=ws.slug)
    return render(request, "inspection/settings.html", {"form": form})
