"""策划页面：编辑日历、宣传计划（每月一题、专项方案、月度计划、调度会、栏目、推荐时段）与审核流程配置。"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rongmei.core import calendar as calendar_sources
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors
from rongmei.workcal import services as workcal

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


WEEKDAYS = "一二三四五六日"


def _entries_by_day(ws, start: dt.date, end: dt.date) -> dict[dt.date, list]:
    """区间内每天的稿件（截止 / 计划发布）与发布排期：{日期: [(类型, 对象), …]}。两次查询。"""
    by_day: dict[dt.date, list] = {}
    for item in selectors.calendar_items(ws, start, end):
        if item.deadline and start <= item.deadline <= end:
            by_day.setdefault(item.deadline, []).append(("deadline", item))
        if item.planned_publish_at:
            day = timezone.localtime(item.planned_publish_at).date()
            if start <= day <= end:
                by_day.setdefault(day, []).append(("publish", item))
    return by_day


def _pubs_by_day(ws, start: dt.date, end: dt.date) -> dict[dt.date, list]:
    by_day: dict[dt.date, list] = {}
    for pub in selectors.scheduled_publications(ws, start, end):
        by_day.setdefault(timezone.localtime(pub.planned_at).date(), []).append(pub)
    return by_day


def _day_label(day: dt.date, workday: bool | None, labels) -> tuple[str, str]:
    """某天的作息标签与颜色：调休上班 / 法定节假日 / 工作日 / 休息日；日历未收录时为空。"""
    kinds = {k.kind for k in labels}
    if "makeup" in kinds:
        return "调休上班", "orange"
    if "holiday" in kinds:
        return "法定节假日", "red"
    if workday is None:
        return "", ""
    if workday:
        return "工作日", "secondary"
    return "休息日", "pink"


def _common(request) -> dict:
    pubs = calendar_sources.source(calendar_sources.PUBLICATIONS)  # 发布在采编之上：经登记表取查看权限
    return {"can_create": request.can(ProductionPerm.CREATE),
            "can_view_pub": pubs is not None and request.can(pubs.perm)}


@workspace_view(ProductionPerm.VIEW)
def calendar(request):
    ws = request.workspace
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        dt.date(year, month, 1)
    except ValueError as exc:
        raise Http404("日期不正确") from exc
    weeks, warning = workcal.month_grid(ws, year, month)
    start, end = weeks[0][0].date, weeks[-1][-1].date
    by_day = _entries_by_day(ws, start, end)
    pubs = _pubs_by_day(ws, start, end)
    rows = [[(cell, by_day.get(cell.date, []), pubs.get(cell.date, [])) for cell in week] for week in weeks]
    prev_m = (dt.date(year, month, 1) - dt.timedelta(days=1)).replace(day=1)
    next_m = (dt.date(year, month, 28) + dt.timedelta(days=7)).replace(day=1)
    week_of = today if (today.year, today.month) == (year, month) else dt.date(year, month, 1)
    return render(request, "production/calendar.html", {
        "rows": rows, "warning": warning, "year": year, "month": month, "prev": prev_m, "next": next_m,
        "themes": selectors.theme_plans_of(ws, year).filter(month=month), "week_of": week_of,
        **_common(request),
    })


@workspace_view(ProductionPerm.VIEW)
def calendar_week(request):
    """周视图（周一至周日）：?week=YYYY-MM-DD 为这一周中的任意一天。"""
    ws = request.workspace
    raw = request.GET.get("week", "")
    try:
        day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError as exc:
        raise Http404("日期不正确") from exc
    start = day - dt.timedelta(days=day.weekday())
    end = start + dt.timedelta(days=6)
    key: dict[dt.date, list] = {}
    warnings = []
    for year in sorted({start.year, end.year}):
        dates, warning = workcal.key_dates(ws, year)
        if warning:
            warnings.append(warning)
        for k in dates:
            if start <= k.date <= end:
                key.setdefault(k.date, []).append(k)
    by_day = _entries_by_day(ws, start, end)
    pubs = _pubs_by_day(ws, start, end)
    today = timezone.localdate()
    days = []
    for i in range(7):
        d = start + dt.timedelta(days=i)
        try:
            wd = workcal.is_workday(d)
        except workcal.CalendarCoverageError:
            wd = None
        labels, seen = [], set()
        for k in key.get(d, []):
            if k.name not in seen:
                seen.add(k.name)
                labels.append(k)
        label, colour = _day_label(d, wd, labels)
        days.append({"date": d, "weekday": WEEKDAYS[i], "label": label, "colour": colour, "workday": wd,
                     "key_dates": labels, "entries": by_day.get(d, []), "pubs": pubs.get(d, []),
                     "today": d == today})
    return render(request, "production/calendar_week.html", {
        "days": days, "start": start, "end": end, "warning": "；".join(warnings), "day": day,
        "prev": start - dt.timedelta(days=7), "next": start + dt.timedelta(days=7),
        "themes": [t for y, m in sorted({(start.year, start.month), (end.year, end.month)})
                   for t in selectors.theme_plans_of(ws, y).filter(month=m)],
        **_common(request),
    })


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
