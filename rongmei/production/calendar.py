"""日历图层：稿件的截止日期与计划发布时间；本月主题；关键日期旁的“＋”（围绕这个日期策划稿件）。"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from . import selectors
from .permissions import ProductionPerm


def item_entries(request, start: dt.date, end: dt.date) -> dict[dt.date, list[str]]:
    """区间内每天的稿件：截止（橙）与计划发布（蓝，带时刻）。一次查询。"""
    ws = request.workspace
    out: dict[dt.date, list[str]] = {}
    for item in selectors.calendar_items(ws, start, end):
        href = reverse("production:item_detail", kwargs={"ws": ws.slug, "pk": item.pk})
        if item.deadline and start <= item.deadline <= end:
            out.setdefault(item.deadline, []).append(format_html(
                '<a class="ci" href="{}" title="{}"><span class="badge bg-orange-lt">截止</span> {}</a>',
                href, item.title, item.title))
        if item.planned_publish_at:
            local = timezone.localtime(item.planned_publish_at)
            if start <= local.date() <= end:
                out.setdefault(local.date(), []).append(format_html(
                    '<a class="ci" href="{}" title="{}"><span class="badge bg-azure-lt">计划发布</span> {} {}</a>',
                    href, item.title, local.strftime("%H:%M"), item.title))
    return out


def theme_notes(request, start: dt.date, end: dt.date) -> list[str]:
    """区间涉及月份的“每月一题”，可一键按主题策划。"""
    ws = request.workspace
    months = sorted({(start.year, start.month), (end.year, end.month)})
    themes = [t for y, m in months for t in selectors.theme_plans_of(ws, y).filter(month=m)]
    if not themes:
        return []
    return [render_to_string("production/_calendar_themes.html", {
        "themes": themes, "can_create": request.can(ProductionPerm.CREATE), "current_workspace": ws},
        request=request)]


def plan_url(workspace, day: dt.date, name: str | None) -> str:
    """新建稿件的网址：截止日期为这一天；从关键日期来的带上日期名称作标题。"""
    params = {"deadline": day.isoformat()}
    if name:
        params = {"key_date_name": name, "deadline": day.isoformat(), "title": name}
    return reverse("production:item_new", kwargs={"ws": workspace.slug}) + "?" + urlencode(params)
