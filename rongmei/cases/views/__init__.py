"""典型案例征集：首页（按角色）、征集的建立与设置、申报单位确认。其余页面按主题在 apply / review / expert /
results / register 模块。"""

from __future__ import annotations

import io
from pathlib import PurePosixPath
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongmei.core.decorators import workspace_view
from rongmei.core.files import file_response
from rongmei.core.forms import apply_errors

from .. import selectors, services
from ..choices import CALL_STATUS_COLOURS, UNIT_STATUS_COLOURS, UnitStatus
from ..forms import CallForm, CategoryForm, NewCaseForm, ScoringForm
from ..models import Category
from ..permissions import CasePerm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(data: bytes, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@workspace_view(CasePerm.VIEW)
def index(request):
    ws, user = request.workspace, request.user
    calls = list(selectors.calls_visible(user, ws))
    ctx = {"calls": [(c, selectors.call_counts(c)) for c in calls], "colours": CALL_STATUS_COLOURS,
           "can_manage": request.can(CasePerm.MANAGE), "can_apply": request.can(CasePerm.APPLY),
           "can_review": request.can(CasePerm.REVIEW), "can_score": request.can(CasePerm.SCORE),
           "can_results": request.can(CasePerm.RESULTS),
           "region": selectors.regional_region(user, ws)}
    if ctx["can_apply"]:
        ctx["unit"] = selectors.unit_of(user, ws)
        ctx["my_cases"] = selectors.my_cases(user, ws)
    if ctx["can_score"]:
        ctx["my_panels"] = selectors.expert_panels(user, ws)
    if request.can(CasePerm.CONFIRM_UNITS):
        ctx["pending_units"] = selectors.pending_units_count(user, ws)
    return render(request, "cases/index.html", ctx)


@workspace_view(CasePerm.MANAGE)
def call_new(request):
    form = CallForm(request.POST or None, initial={"regions": "、".join(services.SEED_REGIONS)})
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=request.user, workspace=request.workspace, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "征集已建立（草稿），已按通知预置四个类别和评分指标，请核对后发布。")
            return redirect("cases:call", ws=request.workspace.slug, pk=call.pk)
    return render(request, "cases/call_form.html", {"form": form, "call": None})


@workspace_view(CasePerm.MANAGE)
def call_edit(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    initial = {k: getattr(call, k) for k in ("title", "doc_number", "issuer", "deadline", "char_limit",
                                              "eligible_types", "contacts", "notice")}
    initial["regions"] = "、".join(call.regions)
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(actor=request.user, call=call, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("cases:call", ws=request.workspace.slug, pk=call.pk)
    return render(request, "cases/call_form.html", {"form": form, "call": call})


@workspace_view(CasePerm.VIEW)
def call_detail(request, pk: int):
    ws, user = request.workspace, request.user
    call = selectors.call_get(user, ws, pk)
    regions = selectors.regions_visible(user, call)
    ctx = {"call": call, "colours": CALL_STATUS_COLOURS, "counts": selectors.call_counts(call),
           "can_manage": request.can(CasePerm.MANAGE), "can_apply": request.can(CasePerm.APPLY),
           "can_results": request.can(CasePerm.RESULTS), "regions": regions,
           "region_rows": selectors.region_status(call, regions) if request.can(CasePerm.MANAGE) else [],
           "is_open": call.is_open(), "criteria": call.criteria.all(), "categories": call.categories.all()}
    if ctx["can_apply"]:
        ctx["unit"] = selectors.unit_of(user, ws)
        ctx["my_cases"] = selectors.my_cases(user, ws).filter(call=call)
        ctx["new_form"] = NewCaseForm(call=call)
    return render(request, "cases/call_detail.html", ctx)


@workspace_view(CasePerm.MANAGE)
@require_POST
def call_publish(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    try:
        services.call_publish(actor=request.user, call=call)
        messages.success(request, "征集已发布，申报单位可以注册和申报。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("cases:call", ws=request.workspace.slug, pk=call.pk)


@workspace_view(CasePerm.MANAGE)
@require_POST
def call_start_review(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    try:
        services.call_start_review(actor=request.user, call=call)
        messages.success(request, "已进入专家评审，请为各评审组邀请专家。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("cases:call", ws=request.workspace.slug, pk=call.pk)
    return redirect("cases:panels", ws=request.workspace.slug, pk=call.pk)


@workspace_view(CasePerm.MANAGE)
def category_edit(request, pk: int):
    category = Category.objects.filter(pk=pk, call__workspace=request.workspace).select_related("call").first()
    if category is None:
        raise Http404("类别不存在")
    form = CategoryForm(request.POST or None, initial={"name": category.name, "description": category.description,
                                                       "elements": "\n".join(category.elements)})
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=category, name=form.cleaned_data["name"],
                                     elements=form.cleaned_data["elements"].splitlines(),
                                     description=form.cleaned_data["description"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "类别已保存。")
            return redirect("cases:call", ws=request.workspace.slug, pk=category.call_id)
    return render(request, "cases/simple_form.html", {
        "form": form, "title": f"修改类别：{category.name}", "back": category.call, "submit": "保存"})


@workspace_view(CasePerm.MANAGE)
def scoring(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    initial = {"criteria": "\n".join(f"{c.name} {c.weight} {c.max_score}" for c in call.criteria.all()),
               "blind": call.blind, "method": call.method, "trim": call.trim, "outlier_points": call.outlier_points,
               "expert_weight": call.expert_weight, "vote_weight": call.vote_weight, "data_weight": call.data_weight}
    form = ScoringForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scoring_set(actor=request.user, call=call, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "评分规则已保存。")
            return redirect("cases:call", ws=request.workspace.slug, pk=call.pk)
    return render(request, "cases/simple_form.html", {
        "form": form, "title": "评分规则", "back": call, "submit": "保存",
        "note": "专家总分＝Σ(得分÷满分×权重)÷Σ权重×100；去掉最高最低分要求专家人数不少于 2×个数+1；"
                "某位专家的总分与中位数相差超过阈值时标为离群（至少 3 位专家时判定，只提示不剔除）；"
                "同分依次比较专家分、各指标得分率（按指标顺序）、首次提交时间。"})


@workspace_view(CasePerm.CONFIRM_UNITS)
def units(request):
    ws = request.workspace
    rows = selectors.units_visible(request.user, ws).select_related("account", "confirmed_by")
    status = request.GET.get("status", "pending")
    if status in UnitStatus.values:
        rows = rows.filter(status=status)
    return render(request, "cases/units.html", {"units": rows, "status": status, "statuses": UnitStatus.choices,
                                                "colours": UNIT_STATUS_COLOURS})


def _unit(request, pk: int):
    unit = selectors.units_visible(request.user, request.workspace).filter(pk=pk).first()
    if unit is None:
        raise Http404("申报单位不存在")
    return unit


@workspace_view(CasePerm.CONFIRM_UNITS)
@require_POST
def unit_confirm(request, pk: int):
    unit = _unit(request, pk)
    try:
        services.unit_confirm(actor=request.user, unit=unit)
        messages.success(request, f"已确认“{unit.name}”，该单位现在可以登录申报。")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else str(exc))
    return redirect("cases:units", ws=request.workspace.slug)


@workspace_view(CasePerm.CONFIRM_UNITS)
@require_POST
def unit_reject(request, pk: int):
    unit = _unit(request, pk)
    try:
        services.unit_reject(actor=request.user, unit=unit, reason=request.POST.get("reason", ""))
        messages.success(request, f"已不予确认“{unit.name}”。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("cases:units", ws=request.workspace.slug)


@workspace_view(CasePerm.MANAGE)
@require_POST
def attachment_add(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError("请选择附件文件")
        item = services.call_attachment_add(actor=request.user, call=call, title=request.POST.get("title", ""),
                                            upload=upload)
        messages.success(request, f"已添加附件：{item.title}")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("cases:call", ws=request.workspace.slug, pk=call.pk)


@workspace_view(CasePerm.VIEW)
def attachment(request, pk: int, att: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    item = call.attachments.filter(pk=att).first()
    if item is None:
        raise Http404("附件不存在")
    suffix = PurePosixPath(item.file.name).suffix
    return file_response(item.file, filename=item.title if item.title.endswith(suffix) else item.title + suffix)

