"""事实来源：把重点内容的传播与定稿的传播分析报告转为 facts-v1，供合同考核（core.facts.register("spread", …)）。

* 每个传播组成一条 ``{"type": "reach", "date", "value", "component", "outlet", "item", "url", "ref"}``，
  与传播页、Word 报告读同一组行（selectors.reach_rows），所以合同页的“精品内容全网传播”与它们一致；
* 每份定稿的传播分析报告一条 ``{"type": "deliverable", "kind": "propagation_report", "item": "spread-flagship-<pk>"}``
  （合同按 item 去重计数：同一重点内容的多份报告算一份）。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Max, Sum
from django.utils import timezone

from rongmei.metrics.models import ItemStat

from .models import Flagship, PropagationReport, ReachEntry
from .selectors import flagships_of, reach_rows


def spread_facts(workspace, start: dt.date, end: dt.date) -> Iterator[dict]:
    for row in reach_rows(workspace):
        day = row.day
        if day is None or not start <= day <= end:
            continue
        fact = {"type": "reach", "date": day.isoformat(), "value": float(row.reach), "component": row.component,
                "outlet": row.outlet, "title": row.title or row.outlet, "item": f"spread-flagship-{row.flagship_id}",
                "ref": row.ref}
        if row.url.startswith(("http://", "https://")):
            fact["url"] = row.url
        yield fact
    reports = (PropagationReport.objects.filter(workspace=workspace, final=True)
               .select_related("flagship__item").order_by("finalized_at", "id"))
    for r in reports:
        day = timezone.localtime(r.finalized_at).date()
        if start <= day <= end:
            yield {"type": "deliverable", "kind": "propagation_report", "date": day.isoformat(),
                   "item": f"spread-flagship-{r.flagship_id}", "title": r.title, "ref": f"spread.report:{r.pk}"}


def spread_facts_revision(workspace) -> tuple:
    """标记、传播记录（含修改）、本方作品数据、报告定稿的任何变化都会改变它。"""
    entries = ReachEntry.objects.filter(workspace=workspace).aggregate(
        n=Count("id"), top=Max("id"), reach=Sum("reach"), changed=Max("updated_at"))
    flags = Flagship.objects.filter(workspace=workspace).aggregate(n=Count("id"), top=Max("id"))
    items = list(flagships_of(workspace).values_list("item_id", flat=True))
    stats = ItemStat.objects.filter(workspace=workspace, content_item_id__in=items).aggregate(
        n=Count("id"), reads=Sum("reads"), plays=Sum("plays"), as_of=Max("as_of"))
    reports = PropagationReport.objects.filter(workspace=workspace, final=True).aggregate(
        n=Count("id"), last=Max("finalized_at"))
    return tuple(entries.values()) + tuple(flags.values()) + tuple(stats.values()) + tuple(reports.values())
