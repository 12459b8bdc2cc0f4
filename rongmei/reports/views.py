from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from rongmei.core import clock
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors

from . import selectors, services
from .choices import SECTIONS, ReportKind, ReportState
from .forms import ReportForm, SectionsForm
from .permissions import ReportsPerm


@workspace_view(ReportsPerm.VIEW)
def report_list(request):
    ws = request.workspace
    kind = request.GET.get("kind", "")
    page = Paginator(selectors.reports_of(ws, kind=kind or None), 25).get_page(request.GET.get("page"))
    return render(request, "reports/list.html", {
        "page": page, "kinds": ReportKind.choices, "kind": kind, "query": f"kind={kind}" if kind else "",
        "can_generate": request.can(ReportsPerm.GENERATE), "can_download": request.can(ReportsPerm.DOWNLOAD),
        "busy": any(r.state in (ReportState.QUEUED, ReportState.RUNNING) for r in page),
    })


@workspace_view(ReportsPerm.GENERATE)
def report_new(request):
    ws = request.workspace
    choices = selectors.news_item_choices(ws, clock.today())
    form = ReportForm(request.POST or None, item_choices=choices, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        params = {"pdf": bool(data["pdf"])}
        if data["kind"] == ReportKind.NEWS_BRIEF and data["items"]:
            params["items"] = data["items"]
        try:
            report = services.report_request(actor=request.user, workspace=ws, kind=data["kind"],
                                             period_start=data["period_start"], period_end=data["period_end"],
                                             title=data["title"], params=params)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"“{report.title}”已加入生成队列。")
            return redirect("reports:detail", ws=ws.slug, pk=report.pk)
    return render(request, "reports/new.html", {"form": form})


@workspace_view(ReportsPerm.VIEW)
def report_detail(request, pk: int):
    ws = request.workspace
    report = selectors.report_get(ws, pk)
    can_generate = request.can(ReportsPerm.GENERATE)
    form = SectionsForm(request.POST or None, kind=report.kind, initial_sections=report.sections or {})
    if request.method == "POST":
        if not can_generate:
            raise PermissionDenied("您没有编辑报告的权限")
        if form.is_valid():
            services.report_update_sections(actor=request.user, report=report, sections=form.cleaned_data)
            messages.success(request, "文字已保存，报告正在重新生成。")
            return redirect("reports:detail", ws=ws.slug, pk=report.pk)
    return render(request, "reports/detail.html", {
        "report": report, "form": form, "has_sections": bool(SECTIONS.get(report.kind)),
        "can_generate": can_generate, "can_download": request.can(ReportsPerm.DOWNLOAD),
    })


@workspace_view(ReportsPerm.DOWNLOAD)
def report_download(request, pk: int, fmt: str):
    report = selectors.report_get(request.workspace, pk)
    if fmt not in ("docx", "xlsx", "pdf"):
        raise Http404("未知格式")
    field = getattr(report, fmt)
    if not field:
        raise Http404("该格式的文件尚未生成")
    services.report_downloaded(actor=request.user, report=report, fmt=fmt)
    resp = FileResponse(field.open("rb"), as_attachment=True)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.title)}.{fmt}"
    return resp
