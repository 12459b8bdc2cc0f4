"""结果：按类别的排名（含各专家总分与离群提示；评审结束前只有主办方看得到）、公众投票与平台数据分、
评选结果（典型案例/推荐上报）、通报（Word）、向上推荐名单（Excel）。"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core.decorators import workspace_view

from .. import documents, selectors, services
from ..choices import DECISION_COLOURS, Decision
from ..permissions import CasePerm
from . import DOCX, XLSX, download, error_text


def _results(request, call):
    results = selectors.call_results(call)
    if not request.can(CasePerm.MANAGE):  # 甲方领导：评审结束的类别才看得到分数
        results = [(cat, panel, rows if panel and panel.closed_at else []) for cat, panel, rows in results]
    return results


@workspace_view(CasePerm.RESULTS)
def results(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    return render(request, "cases/results.html", {
        "call": call, "results": _results(request, call), "decisions": Decision.choices,
        "colours": DECISION_COLOURS, "can_manage": request.can(CasePerm.MANAGE),
        "weights": call.vote_weight or call.data_weight})


@workspace_view(CasePerm.MANAGE)
@require_POST
def decide(request, pk: int, case: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    item = selectors.case_get(request.user, request.workspace, case)
    try:
        if "vote" in request.POST or "data" in request.POST:
            services.case_components(actor=request.user, case=item, vote=request.POST.get("vote"),
                                     data=request.POST.get("data"))
        if "decision" in request.POST:
            services.case_decide(actor=request.user, case=item, decision=request.POST.get("decision", ""))
        messages.success(request, f"已保存“{item.title}”。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("cases:results", ws=request.workspace.slug, pk=call.pk)


@workspace_view(CasePerm.MANAGE)
@require_POST
def finish(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    try:
        services.call_finish(actor=request.user, call=call)
        messages.success(request, "评选结果已通报。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("cases:results", ws=request.workspace.slug, pk=call.pk)


@workspace_view(CasePerm.RESULTS)
def notice_docx(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    report = documents.notice_report(call, _results(request, call))
    with tempfile.TemporaryDirectory() as tmp:
        data = report.save_docx(Path(tmp) / "notice.docx").read_bytes()
    record(Action.EXPORT, obj=call, workspace=call.workspace, actor=request.user, message="导出评选结果通报（Word）")
    return download(data, f"{report.title}.docx", DOCX)


@workspace_view(CasePerm.RESULTS)
def national_xlsx(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    data = documents.national_xlsx(call, _results(request, call), documents.province(call))
    record(Action.EXPORT, obj=call, workspace=call.workspace, actor=request.user, message="导出向上推荐名单（Excel）")
    return download(data, f"{call.title}-推荐名单.xlsx", XLSX)
