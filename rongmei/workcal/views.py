from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from rongmei.core import calendar, clock
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors
from rongmei.engines import months

from . import services
from .forms import ThemeDayForm
from .models import ThemeDay
from .permissions import CalendarPerm

WEEKDAYS = "一二三四五六日"


VIEWS = {"month": "月", "week": "周", "day": "日"}
KEY_DATES = "keydates"  # 底图上的关键日期（节假日名称、农历节日、节气、主题日）也可以关掉
FIRST_YEAR, LAST_YEAR = 1900, 2200  # 地址栏里手改的年份不超出这个范围
MONTH_CELL_LIMIT = 3  # 月视图每格最多画几条，其余点进日视图


def _anchor(request) -> dt.date:
    """要看的那一天：?date=，兼容旧链接的 ?year=&month= 与 ?week=。"""
    today = clock.today()
    raw = request.GET.get("date") or request.GET.get("week") or ""
    try:
        if raw:
            day = dt.date.fromisoformat(raw)
        elif request.GET.get("year") or request.GET.get("month"):
            day = dt.date(int(request.GET.get("year", today.year)), int(request.GET.get("month", today.month)), 1)
        else:
            return today
    except ValueError as exc:
        raise Http404("日期不正确") from exc
    if not FIRST_YEAR <= day.year <= LAST_YEAR:  # 公元 1 年、9999 年：上一段/下一段的日期算不出来
        raise Http404(f"日历只能查看 {FIRST_YEAR}–{LAST_YEAR} 年")
    return day


def _range(view: str, day: dt.date) -> tuple[dt.date, dt.date, dt.date, dt.date, str]:
    """(起, 止, 上一段, 下一段, 标题)。"""
    if view == "month":
        first = months.month_start(day)
        return first, months.month_end(day), months.prev_month(day), months.next_month(day), \
            f"{day.year} 年 {day.month} 月"
    if view == "week":
        start = day - dt.timedelta(days=day.weekday())
        end = start + dt.timedelta(days=6)
        title = f"{start.year} 年 {start.month} 月 {start.day} 日 – {end.month} 月 {end.day} 日"
        return start, end, start - dt.timedelta(days=7), start + dt.timedelta(days=7), title
    title = f"{day.year} 年 {day.month} 月 {day.day} 日 星期{WEEKDAYS[day.weekday()]}"
    return day, day, day - dt.timedelta(days=1), day + dt.timedelta(days=1), title


@workspace_view(CalendarPerm.VIEW)
def month(request):
    """日历：月 / 周 / 日视图，底图是作息与关键日期，其上是各应用登记的图层（稿件截止、发布排期……）。"""
    ws = request.workspace
    view = request.GET.get("view", "month")
    if view not in VIEWS:
        view = "month"
    day = _anchor(request)
    start, end, prev, nxt, title = _range(view, day)
    available = calendar.layers_for(request)
    toggles = [(KEY_DATES, "关键日期与节假日", "red")] + [(x.key, x.label, x.colour) for x in available]
    if request.GET.get("layers"):  # 提交过图层表单：只画勾选的
        chosen = set(request.GET.getlist("layer"))
    else:
        chosen = {key for key, _, _ in toggles}
    layers = [x for x in available if x.key in chosen]
    if view == "month":
        weeks, warning = services.month_grid(ws, day.year, day.month)
        cells = [c for week in weeks for c in week]
    else:
        cells, warning = services.days_between(ws, start, end)
    by_day, notes, controls, scripts = calendar.collect(request, layers, cells[0].date, cells[-1].date,
                                                        period=(start, end))
    planner = calendar.planner_for(request)
    rows = []
    for cell in cells:
        entries = [html for _, html in by_day.get(cell.date, [])]
        plans = [(k, planner(ws, cell.date, k.name)) for k in cell.labels] if planner else [(k, "") for k in cell.labels]
        rows.append({
            "cell": cell, "key_dates": plans if KEY_DATES in chosen else [],
            "entries": entries if view != "month" else entries[:MONTH_CELL_LIMIT],
            "more": max(0, len(entries) - MONTH_CELL_LIMIT) if view == "month" else 0,
            "plan_url": planner(ws, cell.date, None) if planner and view != "month" else "",
            "weekday": WEEKDAYS[cell.date.weekday()],
        })
    keep = {k: v for k, v in request.GET.lists() if k in ("layers", "layer", "account")}
    return render(request, "workcal/calendar.html", {
        "view": view, "views": VIEWS, "unit": {"month": "月", "week": "周", "day": "天"}[view], "day": day, "title": title, "prev": prev, "next": nxt,
        "weeks": [rows[i:i + 7] for i in range(0, len(rows), 7)] if view == "month" else None, "days": rows,
        "warning": warning, "toggles": toggles, "chosen": chosen, "notes": notes, "controls": controls,
        "scripts": scripts, "keep": urlencode(keep, doseq=True),
        "theme_days": ThemeDay.objects.filter(workspace=ws) if view == "month" else None,
        "can_edit": request.can(CalendarPerm.EDIT), "weekday_names": WEEKDAYS,
    })


@workspace_view(CalendarPerm.EDIT)
def theme_day_edit(request, pk: int | None = None):
    obj = None
    if pk is not None:
        obj = ThemeDay.objects.filter(workspace=request.workspace, pk=pk).first()
        if obj is None:
            raise Http404("主题日不存在")
    form = ThemeDayForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_day_save(actor=request.user, workspace=request.workspace, theme_day=obj,
                                    **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "主题日已保存。")
            return redirect("workcal:month", ws=request.workspace.slug)
    return render(request, "workcal/theme_day_form.html", {"form": form, "obj": obj})
