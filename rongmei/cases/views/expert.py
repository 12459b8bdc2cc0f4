"""评审：主办方组建评审组、邀请专家、看进度、结束评审；专家先声明利益冲突，再看分给自己的案例（匿名时隐去
单位名字）并打分，提交即锁定，只看得到自己的评分。"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongmei.accounts.models import User
from rongmei.core.decorators import workspace_view
from rongmei.core.files import file_response

from .. import selectors, services
from ..permissions import CasePerm
from . import error_text


@workspace_view(CasePerm.MANAGE)
def panels(request, pk: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    rows = [(p, selectors.panel_progress(p)) for p in selectors.panels_of(call)]
    return render(request, "cases/panels.html", {"call": call, "rows": rows,
                                                 "experts": selectors.experts_of(request.workspace)})


@workspace_view(CasePerm.MANAGE)
@require_POST
def panel_add_expert(request, pk: int, panel: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    p = selectors.panel_get(call, panel)
    raw = request.POST.get("user", "")
    user = User.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    try:
        if user is None:
            raise ValidationError("请选择专家")
        services.panel_add_expert(actor=request.user, panel=p, user=user)
        messages.success(request, f"已邀请 {user} 参加{p}。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("cases:panels", ws=request.workspace.slug, pk=call.pk)


@workspace_view(CasePerm.MANAGE)
@require_POST
def panel_close(request, pk: int, panel: int):
    call = selectors.call_get(request.user, request.workspace, pk)
    p = selectors.panel_get(call, panel)
    try:
        services.panel_close(actor=request.user, panel=p)
        messages.success(request, f"{p}评审已结束，可以查看排名并决定评选结果。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("cases:panels", ws=request.workspace.slug, pk=call.pk)


@workspace_view(CasePerm.SCORE)
def expert_panel(request, panel: int):
    pe = selectors.expert_panel(request.user, request.workspace, panel)
    if pe.declared_at is None:
        return redirect("cases:declare", ws=request.workspace.slug, panel=panel)
    cases = selectors.expert_cases(pe)
    scores = selectors.own_scores(pe)
    blind = pe.panel.call.blind
    rows = [(c, selectors.case_for_expert(c, blind).title, scores.get(c.pk)) for c in cases]
    return render(request, "cases/expert_panel.html", {
        "pe": pe, "rows": rows, "done": len(scores), "conflicts": pe.conflicts.count(), "blind": blind})


@workspace_view(CasePerm.SCORE)
def declare(request, panel: int):
    pe = selectors.expert_panel(request.user, request.workspace, panel)
    if pe.declared_at is not None:
        return redirect("cases:expert_panel", ws=request.workspace.slug, panel=panel)
    units = sorted({c.unit for c in selectors.panel_cases(pe.panel)}, key=lambda u: u.name)
    if request.method == "POST":
        try:
            services.expert_declare(actor=request.user, pe=pe, unit_ids=request.POST.getlist("unit"),
                                    note=request.POST.get("note", ""))
        except (ValidationError, ValueError) as exc:
            messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else "声明数据有误")
        else:
            messages.success(request, "利益冲突声明已提交，现在可以查看分给您的案例。")
            return redirect("cases:expert_panel", ws=request.workspace.slug, panel=panel)
    return render(request, "cases/declare.html", {"pe": pe, "units": units})


@workspace_view(CasePerm.SCORE)
def expert_case(request, panel: int, case: int):
    pe = selectors.expert_panel(request.user, request.workspace, panel)
    if pe.declared_at is None:
        return redirect("cases:declare", ws=request.workspace.slug, panel=panel)
    item = selectors.expert_case(pe, case)
    criteria = list(pe.panel.call.criteria.all())
    score = selectors.own_scores(pe).get(item.pk)
    values = {}
    if request.method == "POST" and score is None:
        values = {str(c.pk): request.POST.get(f"c{c.pk}", "") for c in criteria}
        try:
            services.score_submit(actor=request.user, pe=pe, case=item, values=values,
                                  comment=request.POST.get("comment", ""))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "评分已提交并锁定。")
            return redirect("cases:expert_panel", ws=request.workspace.slug, panel=panel)
    view = selectors.case_for_expert(item, pe.panel.call.blind)
    rows = [(c, (score.values if score else values).get(str(c.pk), "")) for c in criteria]
    return render(request, "cases/expert_case.html", {"pe": pe, "case": item, "view": view, "rows": rows,
                                                      "score": score})


@workspace_view(CasePerm.SCORE)
def expert_file(request, panel: int, case: int, pk: int):
    pe = selectors.expert_panel(request.user, request.workspace, panel)
    item = selectors.expert_case(pe, case)
    view = selectors.case_for_expert(item, pe.panel.call.blind)
    for f, shown in view.files:
        if f.pk == pk:
            if f.kind == "link":
                return redirect(f.url)
            return file_response(f.file, filename=shown, inline=True)
    raise Http404("文件不存在")
