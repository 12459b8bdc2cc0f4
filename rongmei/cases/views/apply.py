"""申报单位：新建申报、在线填写（每项要素一个输入框、实时字数）、上传材料、提交、下载申请表、查看历次版本。
地区主管部门、主办方也用这里的详情页看案例（按 selectors.case_get 的范围）。"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongmei.core.decorators import workspace_view
from rongmei.core.files import file_response

from .. import documents, selectors, services
from ..choices import CASE_STATUS_COLOURS, DECISION_COLOURS, UPLOAD_RULES, FileKind
from ..forms import FileForm, NewCaseForm
from ..permissions import CasePerm
from . import DOCX, download, error_text


@workspace_view(CasePerm.APPLY)
@require_POST
def case_new(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    form = NewCaseForm(request.POST, call=call)
    if not form.is_valid():
        messages.error(request, "请选择类别并填写案例名称。")
        return redirect("cases:call", ws=request.workspace.slug, pk=call.pk)
    try:
        case = services.case_create(actor=request.user, call=call, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else str(exc))
        return redirect("cases:call", ws=request.workspace.slug, pk=call.pk)
    return redirect("cases:case_edit", ws=request.workspace.slug, pk=case.pk)


def _own(request, pk: int):
    case = selectors.case_get(request.user, request.workspace, pk)
    unit = selectors.unit_of(request.user, request.workspace)
    if unit is None or case.unit_id != unit.pk:
        raise Http404("申报不存在")
    return case


@workspace_view(CasePerm.APPLY)
def case_edit(request, pk: int):
    case = _own(request, pk)
    if not case.editable:
        return redirect("cases:case", ws=request.workspace.slug, pk=case.pk)
    if request.method == "POST":
        elements = [request.POST.get(f"element_{i}", "") for i in range(1, len(case.category.elements) + 1)]
        data = {f["key"]: request.POST.get(f"data_{f['key']}", "") for f in case.call.data_fields}
        try:
            services.case_save(actor=request.user, case=case, title=request.POST.get("title", ""),
                               elements=elements, data=data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            case.title, case.elements = request.POST.get("title", case.title), elements
            case.data = data
        else:
            used, limit = selectors.case_chars(case), case.call.char_limit
            if used > limit:
                messages.warning(request, f"已保存。申报材料共 {used} 字，超过 {limit} 字的上限，提交前须删减 "
                                          f"{used - limit} 字。")
            else:
                messages.success(request, f"已保存（共 {used} 字）。")
            if request.POST.get("then") == "submit":
                return redirect("cases:case", ws=request.workspace.slug, pk=case.pk)
            return redirect("cases:case_edit", ws=request.workspace.slug, pk=case.pk)
    rows = [(n, name, text, len(text)) for n, name, text in case.element_rows()]
    return render(request, "cases/case_edit.html", {
        "case": case, "rows": rows, "limit": case.call.char_limit,
        "data_rows": [(f, case.data.get(f["key"], "")) for f in case.call.data_fields]})


@workspace_view(CasePerm.VIEW)
def case_detail(request, pk: int):
    case = selectors.case_get(request.user, request.workspace, pk)
    unit = selectors.unit_of(request.user, request.workspace)
    own = unit is not None and case.unit_id == unit.pk
    ctx = {"case": case, "own": own, "rows": selectors.element_counts(case), "chars": selectors.case_chars(case),
           "files": selectors.live_files(case), "versions": case.versions.all(), "colours": CASE_STATUS_COLOURS,
           "decision_colours": DECISION_COLOURS, "can_review": request.can(CasePerm.REVIEW),
           "data_rows": [(f, case.data.get(f["key"], "")) for f in case.call.data_fields]}
    if own:
        ctx["problems"] = services.submit_problems(case) if case.editable else []
        ctx["file_form"] = FileForm()
        ctx["rules"] = [(FileKind(k).label, "、".join(exts), mb) for k, (exts, mb) in UPLOAD_RULES.items()]
    return render(request, "cases/case_detail.html", ctx)


@workspace_view(CasePerm.APPLY)
@require_POST
def file_add(request, pk: int):
    case = _own(request, pk)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择材料类型。")
    else:
        try:
            item = services.case_file_add(actor=request.user, case=case, kind=form.cleaned_data["kind"],
                                          upload=form.cleaned_data["upload"], url=form.cleaned_data["url"].strip(),
                                          title=form.cleaned_data["title"])
            messages.success(request, f"已上传：{item.name}")
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    return redirect("cases:case", ws=request.workspace.slug, pk=case.pk)


@workspace_view(CasePerm.APPLY)
@require_POST
def file_remove(request, pk: int):
    item = selectors.file_get(request.user, request.workspace, pk)
    case = _own(request, item.case_id)
    try:
        services.case_file_remove(actor=request.user, item=item)
        messages.success(request, f"已撤下：{item.name}")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("cases:case", ws=request.workspace.slug, pk=case.pk)


@workspace_view(CasePerm.VIEW)
def file_download(request, pk: int):
    item = selectors.file_get(request.user, request.workspace, pk)
    if item.kind == FileKind.LINK:
        return redirect(item.url)
    return file_response(item.file, filename=item.name, inline=request.GET.get("inline") == "1")


@workspace_view(CasePerm.APPLY)
@require_POST
def case_submit(request, pk: int):
    case = _own(request, pk)
    try:
        version = services.case_submit(actor=request.user, case=case)
        messages.success(request, f"已提交第 {version.number} 版，等待地区主管部门初审。")
    except ValidationError as exc:
        messages.error(request, "未能提交：" + error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("cases:case", ws=request.workspace.slug, pk=case.pk)


@workspace_view(CasePerm.VIEW)
def case_form_docx(request, pk: int):
    case = selectors.case_get(request.user, request.workspace, pk)
    data = documents.application_form(case)
    return download(data, f"{case.category.name}典型案例申请表-{case.title}.docx", DOCX)


@workspace_view(CasePerm.VIEW)
def version_detail(request, pk: int, number: int):
    case = selectors.case_get(request.user, request.workspace, pk)
    version = case.versions.filter(number=number).first()
    if version is None:
        raise Http404("版本不存在")
    snap = version.snapshot
    rows = list(zip(snap.get("element_names", []), snap.get("elements", []), strict=False))
    return render(request, "cases/version.html", {"case": case, "version": version, "rows": rows,
                                                  "data_rows": [(f, snap.get("data", {}).get(f["key"], ""))
                                                                for f in case.call.data_fields]})
