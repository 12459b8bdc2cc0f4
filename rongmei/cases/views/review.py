"""地区主管部门：本地区的申报（初审通过/退回）、推荐排序表（拖动或上下按钮排序）、导出 Word/Excel、
上传盖章扫描件；主办方看全部地区的进度。"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core.decorators import workspace_view
from rongmei.core.files import file_response

from .. import documents, selectors, services
from ..choices import CASE_STATUS_COLOURS, CaseStatus
from ..permissions import CasePerm
from . import DOCX, XLSX, download, error_text


def _region(request, call) -> str:
    regions = selectors.regions_visible(request.user, call)
    region = request.GET.get("region") or request.POST.get("region") or (regions[0] if len(regions) == 1 else "")
    if region and region not in regions:
        raise Http404("地区不存在")
    return region


@workspace_view(CasePerm.REVIEW)
def region(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    name = _region(request, call)
    regions = selectors.regions_visible(request.user, call)
    if not name:
        return render(request, "cases/regions.html", {
            "call": call, "rows": selectors.region_status(call, regions), "CaseStatus": CaseStatus})
    cases = list(selectors.region_cases(call, name))
    return render(request, "cases/region.html", {
        "call": call, "region": name, "many": len(regions) > 1, "colours": CASE_STATUS_COLOURS,
        "pending": [c for c in cases if c.status == CaseStatus.SUBMITTED],
        "others": [c for c in cases if c.status == CaseStatus.RETURNED],
        "ranked": selectors.region_ranked(call, name), "report": selectors.region_report(call, name)})


def _back(request, call, region):
    return redirect(reverse("cases:region", kwargs={"ws": request.workspace.slug, "pk": call.pk})
                    + f"?region={region}")


@workspace_view(CasePerm.REVIEW)
@require_POST
def case_review(request, pk: int):
    case = selectors.case_get(request.user, request.workspace, pk)
    verdict = request.POST.get("verdict")
    try:
        services.case_review(actor=request.user, case=case, passed=verdict == "pass",
                             reason=request.POST.get("reason", ""))
        messages.success(request, f"“{case.title}”" + ("初审通过，已排在本地区推荐次序末尾。" if verdict == "pass"
                                                        else "已退回申报单位修改。"))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return _back(request, case.call, case.unit.region)


@workspace_view(CasePerm.REVIEW)
@require_POST
def region_order(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    name = _region(request, call)
    try:
        ids = [int(x) for x in request.POST.getlist("case")]
        direction, _, move = request.POST.get("move", "").partition(":")
        if move and direction in ("up", "down"):  # 手机与键盘：上移/下移按钮（值为“up:编号”）
            i = ids.index(int(move))
            j = i - 1 if direction == "up" else i + 1
            if 0 <= j < len(ids):
                ids[i], ids[j] = ids[j], ids[i]
        services.region_order(actor=request.user, call=call, region=name, case_ids=ids)
        messages.success(request, "推荐次序已保存。")
    except (ValueError, ValidationError) as exc:
        messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else "排序数据有误，请刷新后重试。")
    return _back(request, call, name)


@workspace_view(CasePerm.REVIEW)
def region_export(request, pk: int, fmt: str):
    call = selectors.call_get(request.user, request.workspace, pk)
    name = _region(request, call)
    if not name or fmt not in ("docx", "xlsx"):
        raise Http404("请先选择地区")
    cases = selectors.region_ranked(call, name)
    filename = f"{name}{documents.rank_title(call)}.{fmt}"
    record(Action.EXPORT, obj=call, workspace=call.workspace, actor=request.user,
           message=f"导出{name}推荐排序表（{'Word' if fmt == 'docx' else 'Excel'}，{len(cases)} 件）")
    if fmt == "docx":
        return download(documents.ranking_docx(call, name, cases), filename, DOCX)
    return download(documents.ranking_xlsx(call, name, cases), filename, XLSX)


@workspace_view(CasePerm.REVIEW)
@require_POST
def region_scan(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    name = _region(request, call)
    upload = request.FILES.get("scan")
    if upload is None:
        messages.error(request, "请选择盖章扫描件（PDF 或图片）。")
    else:
        try:
            services.region_scan_upload(actor=request.user, call=call, region=name, upload=upload)
            messages.success(request, "盖章的推荐排序表已上传。")
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    return _back(request, call, name)


@workspace_view(CasePerm.REVIEW)
def region_scan_download(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    name = _region(request, call)
    report = selectors.region_report(call, name) if name else None
    if report is None or not report.scan:
        raise Http404("还没有上传扫描件")
    return file_response(report.scan, filename=report.scan_name, inline=True)
