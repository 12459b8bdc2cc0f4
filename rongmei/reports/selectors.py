from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone

from rongmei.core.facts import collect
from rongmei.metrics.selectors import items_of

from .models import Report


def reports_of(workspace, *, kind: str | None = None):
    qs = Report.objects.filter(workspace=workspace).select_related("created_by")
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def report_get(workspace, pk: int) -> Report:
    report = reports_of(workspace).filter(pk=pk).first()
    if report is None:
        raise Http404("报告不存在")
    return report


def news_item_choices(workspace, today: dt.date) -> list[tuple[str, str]]:
    """最近 14 天的作品（发布记录事实 + 作品数据），供新闻速览选择。"""

    start = today - dt.timedelta(days=14)
    out = []
    for f in collect(workspace, start, today):
        if f.get("type") == "publication" and (f.get("ref") or f.get("title")):
            out.append((f.get("ref") or f.get("title"), f"{f.get('date')} {f.get('title') or f.get('item') or ''}"))
    for item in items_of(workspace, start=start, end=today).order_by("-published_at")[:100]:
        out.append((f"metrics.item:{item.pk}", f"{timezone.localtime(item.published_at):%Y-%m-%d} {item.title or item.item_ref}"))
    return out[:200]
