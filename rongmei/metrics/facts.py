"""事实来源：把数据转为 facts-v1，供合同考核（rongmei.core.facts.register("metrics", ...)）。

* 日增量 → ``{"type": "metric", "date", "platform", "name", "value", "ref": "metrics.account:<pk>"}``，
  只输出考核词表（rongmei.engines.kpi.vocab.METRICS）里的指标与平台；
* 直播场次 → ``{"type": "live_session", "date", "platform", "minutes", "viewers", "ref": "metrics.live:<pk>"}``；
* 付费推广订单 → ``{"type": "promotion", "date", "platform", "product", "spend", "budget", "plays", "followers",
  "ref": "metrics.promotion:<pk>"}``（“必须使用付费推广”的义务以此为证据，证据链接打开订单页）。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Max, Sum
from django.utils import timezone

from rongmei.engines.kpi.vocab import METRICS as FACT_METRICS
from rongmei.engines.kpi.vocab import PLATFORMS as FACT_PLATFORMS

from .models import DailyMetric, LiveSession, Promotion
from .selectors import live_sessions_of, promotions_of


def metric_facts(workspace, start: dt.date, end: dt.date) -> Iterator[dict]:
    rows = (DailyMetric.objects.filter(workspace=workspace, current=True, channel="", date__gte=start, date__lte=end,
                                       name__in=list(FACT_METRICS), account__platform__code__in=list(FACT_PLATFORMS))
            .order_by("date", "account_id", "name")
            .values_list("date", "account__platform__code", "name", "value", "account_id"))
    for day, platform, name, value, account_id in rows.iterator(5000):
        yield {"type": "metric", "date": day.isoformat(), "platform": platform, "name": name, "value": value,
               "ref": f"metrics.account:{account_id}"}


    lives = live_sessions_of(workspace, start=start, end=end).filter(
        account__platform__code__in=list(FACT_PLATFORMS)).order_by("started_at")

    for s in lives:
        yield {"type": "live_session", "date": timezone.localtime(s.started_at).date().isoformat(),
               "platform": s.account.platform.code, "minutes": s.minutes, "viewers": s.total_viewers,
               "title": s.title, "ref": f"metrics.live:{s.pk}"}

    promos = promotions_of(workspace, start=start, end=end).filter(
        account__platform__code__in=list(FACT_PLATFORMS)).order_by("ordered_at", "id")
    for p in promos:
        title = p.content_item.title if p.content_item_id else p.item_title
        fact = {"type": "promotion", "date": timezone.localtime(p.ordered_at).date().isoformat(),
                "platform": p.account.platform.code, "product": p.product, "spend": float(p.spend),
                "budget": float(p.budget), "plays": p.plays, "followers": p.followers,
                "title": title or p.get_product_display(), "ref": f"metrics.promotion:{p.pk}"}
        if p.item_url:
            fact["url"] = p.item_url
        yield fact


def metric_facts_revision(workspace) -> tuple:
    """Changes whenever metric_facts would: daily values are append-only (a changed value is a new row, so
    count/max id move); live sessions are covered by count, max id and the sums of the figures they carry."""
    metrics = DailyMetric.objects.filter(workspace=workspace).aggregate(n=Count("id"), top=Max("id"))
    lives = LiveSession.objects.filter(workspace=workspace).aggregate(
        n=Count("id"), top=Max("id"), minutes=Sum("minutes"), viewers=Sum("total_viewers"))
    promos = Promotion.objects.filter(workspace=workspace).aggregate(
        n=Count("id"), top=Max("id"), spend=Sum("spend"), plays=Sum("plays"), followers=Sum("followers"),
        changed=Max("updated_at"))
    return tuple(metrics.values()) + tuple(lives.values()) + tuple(promos.values())
