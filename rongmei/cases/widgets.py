from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors
from .choices import CallStatus, CaseStatus
from .permissions import CasePerm


def home_card(request) -> str | None:
    """工作台卡片：各角色在典型案例征集里的待办（主办方：待确认单位与进行中的征集；申报单位：本单位的申报；
    地区主管部门：待初审；专家：待声明、待评分）。没有征集时不显示。"""
    ws, user = request.workspace, request.user
    calls = [c for c in selectors.calls_visible(user, ws) if c.status in (CallStatus.PUBLISHED, CallStatus.REVIEWING)]
    ctx = {"ws": ws, "calls": calls}
    if request.can(CasePerm.CONFIRM_UNITS):
        ctx["pending_units"] = selectors.pending_units_count(user, ws)
    if request.can(CasePerm.APPLY):
        ctx["my_cases"] = list(selectors.my_cases(user, ws).filter(call__in=calls)[:5])
    if request.can(CasePerm.REVIEW):
        ctx["to_review"] = sum(selectors.cases_visible(user, c).filter(status=CaseStatus.SUBMITTED).count()
                               for c in calls)
    if request.can(CasePerm.SCORE):
        panels = []
        for pe in selectors.expert_panels(user, ws).filter(panel__closed_at__isnull=True):
            left = len(selectors.expert_cases(pe)) - pe.scores.count() if pe.declared_at else None
            panels.append((pe, left))
        ctx["panels"] = panels
    if not (calls or ctx.get("pending_units") or ctx.get("panels")):
        return None
    return render_to_string("cases/_home_card.html", ctx, request=request)
