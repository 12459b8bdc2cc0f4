"""策划页面：编辑日历、宣传计划（每月一题、专项方案、月度计划、调度会、栏目、推荐时段）与审核流程配置。"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors

from .. import selectors, services
from ..choices import KIND_CHOICES
from ..forms import CampaignForm, ColumnForm, MeetingForm, StageForm, ThemePlanForm, WindowForm, WorkPlanForm
from ..permissions import ProductionPerm
from ..presets import PRESET_LABELS

# 计划类对象：网址中的类型 → (名称, 表单, 取对象, 保存服务, 服务参数名)
PLANNING = {
    "column": ("栏目", ColumnForm, selectors.column_get, services.column_save, "column"),
    "theme": ("每月一题", ThemePlanForm, selectors.theme_plan_get, services.theme_plan_save, "plan"),
    "campaign": ("专项宣传方案", CampaignForm, selectors.campaign_get, services.campaign_save, "campaign"),
    "workplan": ("月度工作计划", WorkPlanForm, selectors.work_plan_get, services.work_plan_save, "plan"),
    "meeting": ("调度会", MeetingForm, selectors.meeting_get, services.meeting_save, "meeting"),
    "window": ("推荐发布时段", WindowForm, selectors.window_get, services.window_save, "window"),
}


def _to_calendar(request, **params) -> HttpResponseRedirect:
    target = reverse("workcal:month", kwargs={"ws": request.workspace.slug})
    return redirect(target + "?" + urlencode({k: v for k, v in params.items() if v}))


@workspace_view(ProductionPerm.VIEW)
def calendar(request):
    """旧的编辑日历（月）并入了统一日历：稿件截止与计划发布是其中一个图层。"""
    year, month = request.GET.get("year", ""), request.GET.get("month", "")
    date = ""
    if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        date = dt.date(int(year), int(month), 1).isoformat()
    return _to_calendar(request, view="month", date=date)


@workspace_view(ProductionPerm.VIEW)
def calendar_week(request):
    """旧的编辑日历（周）：?week=YYYY-MM-DD 跳到统一日历的周视图。"""
    return _to_calendar(request, view="week", date=request.GET.get("week", ""))


@workspace_view(ProductionPerm.VIEW)
def plans(request):
    ws = request.workspace
    year = request.GET.get("year", "")
    return render(request, "production/plans.html", {
        "themes": selectors.theme_plans_of(ws, int(year) if year.isdigit() else None),
        "campaigns": selectors.campaigns_of(ws), "work_plans": selectors.work_plans_of(ws)[:24],
        "meetings": selectors.meetings_of(ws)[:30], "columns": selectors.columns_of(ws),
        "windows": selectors.windows_of(ws), "can_plan": request.can(ProductionPerm.PLAN),
        "can_create": request.can(ProductionPerm.CREATE), "year": year,
    })


@workspace_view(ProductionPerm.PLAN)
def planning_edit(request, what: str, pk: int | None = None):
    ws = request.workspace
    if what not in PLANNING:
        raise Http404("未知类型")
    label, form_cls, getter, saver, arg = PLANNING[what]
    obj = getter(ws, pk) if pk else None
    extra = {"workspace": ws} if form_cls is MeetingForm else {}
    form = form_cls(request.POST or None, instance=obj, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            saver(actor=request.user, workspace=ws, **{arg: obj}, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{label}已保存。")
            return redirect("production:plans", ws=ws.slug)
    return render(request, "production/planning_form.html", {"form": form, "label": label, "obj": obj})


@require_POST
@workspace_view(ProductionPerm.PLAN)
def window_action(request, pk: int | None = None):
    ws = request.workspace
    if pk:
        services.window_delete(actor=request.user, window=selectors.window_get(ws, pk))
        messages.success(request, "时段已删除。")
    else:
        try:
            n = services.windows_install_preset(actor=request.user, workspace=ws, preset=request.POST.get("preset", ""))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已写入 {n} 个推荐时段。")
    return redirect("production:plans", ws=ws.slug)


@workspace_view(ProductionPerm.VIEW)
def chains(request):
    ws = request.workspace
    return render(request, "production/chains.html", {
        "chains": selectors.chains_of(ws), "presets": PRESET_LABELS,
        "can_configure": request.can(ProductionPerm.CONFIGURE),
        "kinds": KIND_CHOICES,
    })


@require_POST
@workspace_view(ProductionPerm.CONFIGURE)
def chain_install(request):
    ws = request.workspace
    try:
        chain = services.chain_install_preset(actor=request.user, workspace=ws, preset=request.POST.get("preset", ""),
                                              kind=request.POST.get("kind", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已安装审核流程“{chain.name}”。")
    return redirect("production:chains", ws=ws.slug)


@workspace_view(ProductionPerm.CONFIGURE)
def stage_edit(request, chain_pk: int, pk: int | None = None):
    ws = request.workspace
    chain = selectors.chain_get(ws, chain_pk)
    stage = selectors.stage_get(ws, pk) if pk else None
    if stage is not None and stage.chain_id != chain.pk:
        raise Http404("审核环节不存在")
    form = StageForm(request.POST or None, instance=stage, workspace=ws)
    if request.method == "POST":
        if request.POST.get("delete") and stage is not None:
            try:
                services.stage_delete(actor=request.user, stage=stage)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            return redirect("production:chains", ws=ws.slug)
        if form.is_valid():
            data = dict(form.cleaned_data)
            people = data.pop("people")
            try:
                services.stage_save(actor=request.user, chain=chain, stage=stage, people=people, **data)
            except (ValidationError, PermissionDenied) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "审核环节已保存。")
                return redirect("production:chains", ws=ws.slug)
    return render(request, "production/planning_form.html", {"form": form, "label": f"{chain.name} · 审核环节",
                                                             "obj": stage})
