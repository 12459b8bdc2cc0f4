from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rongmei.core.decorators import workspace_view
from rongmei.core.files import file_response
from rongmei.core.forms import apply_errors
from rongmei.engines.docgen.sheets import Sheet, sheets_xlsx
from rongmei.opinion.models import Mention

from . import documents, selectors, services
from .forms import EntryForm, ImportForm, MarkForm, ReportForm
from .permissions import SpreadPerm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@workspace_view(SpreadPerm.VIEW)
def flagships(request):
    ws = request.workspace
    items = list(selectors.flagships_of(ws))
    totals = selectors.flagship_totals(ws, items)
    rows = [{"flagship": f, "summary": totals[f.pk], "reports": f.reports.filter(final=True).count()} for f in items]
    return render(request, "spread/list.html", {
        "rows": rows, "grand_total": sum(r["summary"]["total"] for r in rows),
        "final_reports": selectors.report_count(ws), "can_edit": request.can(SpreadPerm.EDIT),
    })


@workspace_view(SpreadPerm.EDIT)
def mark(request):
    ws = request.workspace
    initial = {"item": request.GET.get("item")} if request.GET.get("item", "").isdigit() else None
    form = MarkForm(request.POST or None, initial=initial, items=selectors.markable_items(ws))
    if request.method == "POST" and form.is_valid():
        try:
            flagship = services.flagship_mark(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已设为重点内容。")
            return redirect("spread:flagship", ws=ws.slug, pk=flagship.pk)
    return render(request, "spread/form.html", {"form": form, "title": "设为重点内容"})


@workspace_view(SpreadPerm.VIEW)
def flagship_detail(request, pk: int):
    ws = request.workspace
    flagship = selectors.flagship_get(ws, pk)
    rows = selectors.reach_rows(ws, [flagship])
    can_edit = request.can(SpreadPerm.EDIT)
    return render(request, "spread/flagship.html", {
        "flagship": flagship, "rows": rows, "summary": selectors.reach_summary(rows),
        "timeline": selectors.timeline(rows), "outlets": selectors.top_outlets(rows),
        "publications": selectors.publications_of(flagship),
        "candidates": selectors.candidates(flagship, actor=request.user) if can_edit else [],
        "reports": selectors.reports_of(ws, flagship), "can_edit": can_edit,
        "can_finalize": request.can(SpreadPerm.FINALIZE), "entry_form": EntryForm() if can_edit else None,
        "import_form": ImportForm() if can_edit else None, "method": documents.METHOD,
    })


@require_POST
@workspace_view(SpreadPerm.EDIT)
def unmark(request, pk: int):
    ws = request.workspace
    try:
        services.flagship_unmark(actor=request.user, flagship=selectors.flagship_get(ws, pk))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("spread:flagship", ws=ws.slug, pk=pk)
    messages.success(request, "已取消重点内容。")
    return redirect("spread:list", ws=ws.slug)


_OUTCOME = {"created": "已登记。", "merged": "这条传播已登记过（链接相同），已合并为一条，只计一次。",
            "unchanged": "这条传播已登记过（链接相同），没有新的内容。"}


@workspace_view(SpreadPerm.EDIT)
def entry_new(request, pk: int):
    ws = request.workspace
    flagship = selectors.flagship_get(ws, pk)
    # 从媒体采用台账“补登传播量”时带上那条采用的内容
    initial = {k: request.GET[k][:1000] for k in ("kind", "outlet", "title", "url", "published_at") if k in request.GET}
    form = EntryForm(request.POST or None, initial=initial or None)
    if request.method == "POST" and form.is_valid():
        try:
            _entry, outcome = services.entry_add(actor=request.user, flagship=flagship, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _OUTCOME[outcome])
            return redirect("spread:flagship", ws=ws.slug, pk=pk)
    return render(request, "spread/form.html", {"form": form, "title": f"登记外部传播：{flagship.item.title}"})


@workspace_view(SpreadPerm.EDIT)
def entries_import(request, pk: int):
    ws = request.workspace
    flagship = selectors.flagship_get(ws, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            counts = services.entries_import(actor=request.user, flagship=flagship, data=upload.read(),
                                             filename=upload.name)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"已导入：新增 {counts['created']} 条，与已登记的合并 {counts['merged']} 条，"
                                      f"未变 {counts['unchanged']} 条。")
            return redirect("spread:flagship", ws=ws.slug, pk=pk)
    return render(request, "spread/import.html", {"form": form, "errors": errors, "flagship": flagship})


@require_POST
@workspace_view(SpreadPerm.EDIT)
def mention_add(request, pk: int, mention: int):
    ws = request.workspace
    flagship = selectors.flagship_get(ws, pk)
    found = Mention.objects.filter(workspace=ws, pk=mention).first()
    if found is None:
        raise Http404("舆情信息不存在")
    _entry, outcome = services.entry_from_mention(actor=request.user, flagship=flagship, mention=found)
    messages.success(request, _OUTCOME[outcome] + ("请在下表补上它的传播量。" if outcome == "created" else ""))
    return redirect("spread:flagship", ws=ws.slug, pk=pk)


@workspace_view(SpreadPerm.VIEW)
def entry_detail(request, pk: int):
    """证据链接打开的页面：一条外部传播（修改、删除）。"""
    ws = request.workspace
    entry = selectors.entry_get(ws, pk)
    form = None
    if request.can(SpreadPerm.EDIT):
        initial = {k: getattr(entry, k) for k in ("kind", "outlet", "title", "url", "reach", "basis", "note")}
        initial["published_at"] = timezone.localtime(entry.published_at)
        form = EntryForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.entry_update(actor=request.user, entry=entry, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect("spread:flagship", ws=ws.slug, pk=entry.flagship_id)
    return render(request, "spread/entry.html", {"entry": entry, "form": form})


@require_POST
@workspace_view(SpreadPerm.EDIT)
def entry_remove(request, pk: int):
    ws = request.workspace
    entry = selectors.entry_get(ws, pk)
    services.entry_delete(actor=request.user, entry=entry)
    messages.success(request, "已删除这条外部传播。")
    return redirect("spread:flagship", ws=ws.slug, pk=entry.flagship_id)


@workspace_view(SpreadPerm.EDIT)
def report_new(request, pk: int):
    ws = request.workspace
    flagship = selectors.flagship_get(ws, pk)
    last = selectors.reports_of(ws, flagship).first()
    form = ReportForm(request.POST or None, initial=dict(last.findings) if last else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        report = services.report_generate(actor=request.user, flagship=flagship, title=data.pop("title"),
                                          findings=data)
        messages.success(request, "传播分析报告已生成。")
        return redirect("spread:report", ws=ws.slug, pk=report.pk)
    return render(request, "spread/form.html", {"form": form, "title": f"生成传播分析报告：{flagship.item.title}",
                                                "submit": "生成 Word 报告"})


@workspace_view(SpreadPerm.VIEW)
def report_detail(request, pk: int):
    report = selectors.report_get(request.workspace, pk)
    return render(request, "spread/report.html", {"report": report, "can_finalize": request.can(SpreadPerm.FINALIZE)})


@workspace_view(SpreadPerm.VIEW)
def report_download(request, pk: int):
    report = selectors.report_get(request.workspace, pk)
    if not report.docx:
        raise Http404("报告文件不存在")
    return file_response(report.docx, filename=f"{report.title}.docx")


@require_POST
@workspace_view(SpreadPerm.FINALIZE)
def report_finalize(request, pk: int):
    ws = request.workspace
    report = selectors.report_get(ws, pk)
    try:
        services.report_finalize(actor=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已定稿，计入合同的“重点内容传播分析报告”。")
    return redirect("spread:report", ws=ws.slug, pk=pk)


@workspace_view(SpreadPerm.EDIT)
def template(request):
    data = sheets_xlsx([Sheet("外部传播", ("类型", "账号/媒体", "标题", "链接", "发布时间", "传播量", "依据"), []),
                        Sheet("填写说明", ("列", "说明"), [
                            ("类型", "其他账号转载/转发、引用/摘编、媒体采用、网络提及（也认“转载”“采用”）；留空为转载"),
                            ("账号/媒体", "必填"), ("链接", "有链接时按链接去重，同一条只计一次"),
                            ("发布时间", "必填，如 2024-03-08 10:30"), ("传播量", "阅读/播放，整数，可写“2.1万”"),
                            ("依据", "页面公开的阅读/播放数、对方提供、估算、未知（不计量）；留空为页面公开数")])])
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('外部传播登记模板')}.xlsx"
    return resp
