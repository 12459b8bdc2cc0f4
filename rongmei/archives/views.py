"""档案的页面：档案包列表与打包、档案包详情（文件清单、下载、销毁）、保管期限。"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongmei.core import archive, clock
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors
from rongmei.engines import months

from . import selectors, services
from .choices import SetState
from .forms import ArchiveSetForm, DisposalForm, RetentionForm
from .permissions import ArchivesPerm


def _category_choices():
    return [(s.key, s.label) for s in archive.sections()]


@workspace_view(ArchivesPerm.VIEW)
def set_list(request):
    ws = request.workspace
    can_export = request.can(ArchivesPerm.EXPORT)
    today = clock.today()
    last_month = months.prev_month(today)
    form = ArchiveSetForm(request.POST or None, category_choices=_category_choices(),
                          initial={"period_start": last_month, "period_end": months.month_end(last_month)})
    if request.method == "POST":
        if not can_export:
            raise PermissionDenied("您没有打包导出档案的权限")
        if form.is_valid():
            data = form.cleaned_data
            try:
                obj = services.archive_set_create(actor=request.user, workspace=ws, period_start=data["period_start"],
                                                  period_end=data["period_end"], categories=data["categories"] or None,
                                                  title=data["title"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已打包 {obj.file_count} 个文件。")
                return redirect("archives:detail", ws=ws.slug, pk=obj.pk)
    page = Paginator(selectors.sets_of(ws), 25).get_page(request.GET.get("page"))
    years = selectors.retention_years(ws)
    categories = [{**c, "years": years.get(c["key"], c["years"])} for c in selectors.categories()]
    return render(request, "archives/list.html", {
        "page": page, "form": form, "can_export": can_export, "categories": categories, "query": "",
        "can_marked": request.can(ArchivesPerm.EXPORT_MARKED), "can_dispose": request.can(ArchivesPerm.DISPOSE),
        "retention_form": RetentionForm(category_choices=_category_choices()),
    })


@workspace_view(ArchivesPerm.VIEW)
def set_detail(request, pk: int):
    obj = selectors.set_get(request.workspace, pk)
    eligible = (obj.state == SetState.READY and obj.retain_until is not None and clock.today() > obj.retain_until)
    return render(request, "archives/detail.html", {
        "obj": obj, "form": DisposalForm(), "can_download": _may_download(request, obj),
        "can_dispose": request.can(ArchivesPerm.DISPOSE) and eligible,
        "labels": archive.CONFIDENTIALITY_LABELS,
    })


def _may_download(request, obj) -> bool:
    if obj.state != SetState.READY or not request.can(ArchivesPerm.EXPORT):
        return False
    return not obj.includes_marked or request.can(ArchivesPerm.EXPORT_MARKED)


@workspace_view(ArchivesPerm.EXPORT)
def set_download(request, pk: int):
    obj = selectors.set_get(request.workspace, pk)
    if obj.state != SetState.READY or not obj.package:
        raise Http404("档案包已销毁")
    if not _may_download(request, obj):
        raise PermissionDenied("这个档案包含标有密级的材料，您没有导出标密材料的权限")
    name = f"档案-{obj.workspace.name}-{obj.period_start.isoformat()}-{obj.period_end.isoformat()}.zip"
    response = FileResponse(obj.package.open("rb"), as_attachment=True, filename=name)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@workspace_view(ArchivesPerm.DISPOSE)
@require_POST
def set_dispose(request, pk: int):
    obj = selectors.set_get(request.workspace, pk)
    form = DisposalForm(request.POST)
    reason = form.data.get("reason", "")
    try:
        services.archive_set_dispose(actor=request.user, archive_set=obj, reason=reason)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "档案包已销毁，销毁记录已保存。")
    return redirect("archives:detail", ws=request.workspace.slug, pk=obj.pk)


@workspace_view(ArchivesPerm.DISPOSE)
def retention(request):
    if request.method != "POST":  # 直接打开这个地址：回到档案页（保管期限表单在那里）
        return redirect("archives:list", ws=request.workspace.slug)
    form = RetentionForm(request.POST, category_choices=_category_choices())
    if not form.is_valid():
        messages.error(request, "保管期限应为 1 到 100 年的整数，或留空表示永久。")
    else:
        try:
            services.retention_set(actor=request.user, workspace=request.workspace,
                                   category=form.cleaned_data["category"], years=form.cleaned_data["years"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "保管期限已保存，之后打包的档案按新期限计算。")
    return redirect("archives:list", ws=request.workspace.slug)
