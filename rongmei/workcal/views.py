from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors

from . import services
from .forms import ThemeDayForm
from .models import ThemeDay
from .permissions import CalendarPerm


@workspace_view(CalendarPerm.VIEW)
def month(request):
    today = dt.date.today()
    try:
        year = int(request.GET.get("year", today.year))
        mon = int(request.GET.get("month", today.month))
        dt.date(year, mon, 1)
    except ValueError:
        year, mon = today.year, today.month
    weeks, warning = services.month_grid(request.workspace, year, mon)
    prev_m = (dt.date(year, mon, 1) - dt.timedelta(days=1))
    next_m = (dt.date(year, mon, 28) + dt.timedelta(days=7)).replace(day=1)
    return render(request, "workcal/month.html", {
        "weeks": weeks, "year": year, "month": mon, "warning": warning,
        "prev": prev_m, "next": next_m,
        "theme_days": ThemeDay.objects.filter(workspace=request.workspace),
        "can_edit": request.can(CalendarPerm.EDIT),
        "weekday_names": ["一", "二", "三", "四", "五", "六", "日"],
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
