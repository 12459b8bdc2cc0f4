"""舆情的读操作（带权限范围）。每个数字只在这里算一次：页面、接口、首页卡片与报告都读这里。"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from rongmei.core.permissions import require_perm

from . import search as fts
from .analysis import spikes
from .choices import AlertState, DocKind, DocState, EventState, RiskGrade, Sentiment
from .models import (
    Alert,
    DutySlot,
    Event,
    Mention,
    MentionGroup,
    MentionRegion,
    OpinionDocument,
    RiskAssessment,
    RobotChannel,
    Source,
    Topic,
    TopicMatch,
    TopicVersion,
)
from .permissions import OpinionPerm

SearchError = fts.SearchError
PAGE = 50


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return lo, hi


# ---- 列表与检索 -----------------------------------------------------------------------------------------------


@dataclass
class SearchPage:
    mentions: list[Mention] = field(default_factory=list)
    has_more: bool = False
    offset: int = 0
    error: str = ""


def search(
    workspace,
    *,
    query: str = "",
    topic: Topic | None = None,
    sentiment: str = "",
    source_id: int | None = None,
    region: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    group_id: int | None = None,
    limit: int = PAGE,
    offset: int = 0,
    actor=None,
) -> SearchPage:
    """舆情信息的唯一检索入口：检索式（专题表达式语法，全文索引）、专题命中、情感、来源、地域、日期、事件组。

    按发布时间倒序分页（limit + 1 判断是否还有下一页，不数总数）。检索式有误时 ``error`` 为中文说明。
    """
    require_perm(actor, workspace, OpinionPerm.VIEW)
    qs = Mention.objects.filter(workspace=workspace)
    if query.strip():
        try:
            qs = qs.filter(fts.condition(query.strip()))
        except fts.SearchError as exc:
            return SearchPage(error=str(exc))
    if topic is not None:
        qs = qs.filter(topic_matches__topic=topic)
    if sentiment in Sentiment.values:
        qs = qs.filter(sentiment=sentiment)
    if source_id:
        qs = qs.filter(source_id=source_id)
    if region:
        qs = qs.filter(region_rows__region=region)
    if start or end:
        lo, hi = _day_bounds(start or dt.date(2000, 1, 1), end or dt.date(2100, 1, 1))
        qs = qs.filter(published_at__gte=lo, published_at__lt=hi)
    if group_id:
        qs = qs.filter(group_id=group_id)
    rows = list(
        qs.select_related("source", "group").order_by("-published_at", "-id")[offset : offset + limit + 1]
    )
    return SearchPage(mentions=rows[:limit], has_more=len(rows) > limit, offset=offset)


def mention_get(workspace, pk: int) -> Mention:
    return Mention.objects.select_related("source", "group", "group__first_source").get(
        workspace=workspace, pk=pk
    )


def mention_topics(mention: Mention) -> list[Topic]:
    return [
        tm.topic
        for tm in TopicMatch.objects.filter(mention=mention).select_related("topic").order_by("topic__name")
    ]


def group_members(group: MentionGroup, limit: int = 20) -> list[Mention]:
    return list(group.mentions.select_related("source").order_by("published_at", "id")[:limit])


def topics(workspace) -> QuerySet[Topic]:
    return Topic.objects.filter(workspace=workspace).order_by("-active", "name")


def topic_get(workspace, pk: int) -> Topic:
    return Topic.objects.get(workspace=workspace, pk=pk)


def topic_versions(topic: Topic) -> QuerySet[TopicVersion]:
    return topic.versions.select_related("created_by").order_by("-version")


def sources(workspace) -> QuerySet[Source]:
    return Source.objects.filter(workspace=workspace).order_by("kind", "name")


def source_get(workspace, pk: int) -> Source:
    return Source.objects.get(workspace=workspace, pk=pk)


# ---- 统计：声量、负面占比、趋势、突增、来源与地域 --------------------------------------------------------------


def negative_share(total: int, negative: int) -> float | None:
    """负面占比的唯一定义：负面条数 / 信息条数（没有信息时为空）。"""
    return negative / total if total else None


def volume(workspace, start: dt.date, end: dt.date, *, topic: Topic | None = None) -> dict:
    """一段日期（北京时间，含首尾）的声量：信息条数、负面条数、负面占比、正面条数、事件组数。"""
    lo, hi = _day_bounds(start, end)
    ((total, negative, positive),) = _bucket_counts(workspace, topic, [(lo, hi)])
    agg = {"total": total, "negative": negative, "positive": positive}
    groups = (
        MentionGroup.objects.filter(
            workspace=workspace, last_published_at__gte=lo, first_published_at__lt=hi, size__gt=1
        ).count()
        if topic is None
        else None
    )
    return {**agg, "negative_share": negative_share(agg["total"], agg["negative"]), "groups": groups}


@dataclass
class TrendPoint:
    at: dt.datetime | dt.date
    total: int
    negative: int
    spike: bool = False

    @property
    def negative_share(self) -> float | None:
        return negative_share(self.total, self.negative)


def _union_counts(arm: str, arms: list[list], chunk: int = 200) -> list[tuple]:
    """同一条计数语句 ``arm``（第一列是编号或取值）按每组参数各跑一次，用 ``UNION ALL`` 并成一条查询（每 ``chunk`` 组一条）。
    每一组都按自己的范围走索引；逐组用 ORM 各查一次时，几十组的 ORM 开销就比查询本身还多。"""
    rows: list[tuple] = []
    with connection.cursor() as cur:
        for first in range(0, len(arms), chunk):
            part = arms[first : first + chunk]
            cur.execute(" UNION ALL ".join([arm] * len(part)), [x for params in part for x in params])
            rows += cur.fetchall()
    return rows


def _bucket_counts(
    workspace, topic: Topic | None, bounds: list[tuple[dt.datetime, dt.datetime]]
) -> list[tuple[int, int, int]]:
    """每个时段 [a, b) 的 (条数, 负面条数, 正面条数)——声量与趋势的唯一计数处（专题给了时数专题命中，否则数工作区的信息）；
    每段各按自己的上下界走一次 (工作区/专题, 发布时间, 情感) 覆盖索引。"""
    if topic is not None:
        table, column, key = TopicMatch._meta.db_table, "topic_id", topic.pk
    else:
        table, column, key = Mention._meta.db_table, "workspace_id", workspace.pk
    adapt = connection.ops.adapt_datetimefield_value
    arm = (
        f"SELECT %s, COUNT(*), COUNT(CASE WHEN sentiment = %s THEN 1 END), COUNT(CASE WHEN sentiment = %s THEN 1 END) "
        f"FROM {table} WHERE {column} = %s AND published_at >= %s AND published_at < %s"
    )
    out = [(0, 0, 0)] * len(bounds)
    arms = [[i, Sentiment.NEG, Sentiment.POS, key, adapt(a), adapt(b)] for i, (a, b) in enumerate(bounds)]
    for i, total, negative, positive in _union_counts(arm, arms):
        out[i] = (total, negative, positive)
    return out


def daily_counts(
    workspace, start: dt.date, end: dt.date, *, topic: Topic | None = None
) -> list[tuple[dt.date, int, int, int]]:
    """每天（北京时间，含首尾）的 (日期, 条数, 负面条数, 正面条数)：总览的趋势与舆情月报的每日走势都读它。"""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    counts = _bucket_counts(workspace, topic, [_day_bounds(day, day) for day in days])
    return [(day, *c) for day, c in zip(days, counts, strict=True)]


def trend(
    workspace,
    start: dt.date,
    end: dt.date,
    *,
    topic: Topic | None = None,
    hourly: bool = False,
    baseline_days: int = 14,
) -> list[TrendPoint]:
    """每天（或每小时）的信息条数与负面条数，缺的日子补 0；突增按该专题（或全工作区）自己的基线判定：
    前 ``baseline_days`` 个点的中位数与 MAD 的稳健 z 分数（见 ``analysis.spikes``）。

    每个时段一条按发布时间范围计数的查询（北京时间的零点或整点为界），都只走 (工作区/专题, 发布时间, 情感) 的覆盖索引；
    比按“日期(发布时间)”分组的一条查询快约三倍（百万条的库、30 天：分组要对每行算日期再排序）。"""
    if hourly:
        lo, hi = _day_bounds(start, end)
        starts = []
        cursor = lo
        while cursor < hi:
            starts.append(cursor)
            cursor += dt.timedelta(hours=1)
        counts = _bucket_counts(workspace, topic, [(a, a + dt.timedelta(hours=1)) for a in starts])
        points = [TrendPoint(at, total, negative) for at, (total, negative, _pos) in zip(starts, counts, strict=True)]
    else:
        points = [TrendPoint(day, total, negative) for day, total, negative, _pos in daily_counts(workspace, start, end, topic=topic)]
    for i in spikes([p.total for p in points], window=baseline_days):
        points[i].spike = True
    return points


#: “主要来源”“涉及地域”先用松散索引扫描取出工作区里不同的来源名/地域词，每个值按自己的范围数一次；不同的值超过这么多个时
#: 改用一条 GROUP BY（结果相同，百万条时慢约四倍）
PER_VALUE_CAP = 300


def _per_value_counts(
    model, column: str, workspace, lo: dt.datetime, hi: dt.datetime, *, negative: bool, cap: int
) -> list[tuple[str, int, int]] | None:
    """``column`` 的每个取值在 [lo, hi) 内的 (值, 条数, 负面条数)，只含条数 > 0 的；不同的值多于 ``cap`` 个时返回 None。

    递归 CTE 在 (工作区, column, 发布时间…) 索引上逐个跳到下一个不同的值（松散索引扫描，每个值一次索引查找），
    再给每个值按自己的范围计数（``_union_counts``）——都不排序、不建临时表；一条 GROUP BY 要把期间内几十万行排一遍。"""
    q = connection.ops.quote_name
    table, col = q(model._meta.db_table), q(column)
    loose = (
        f"WITH RECURSIVE v(x) AS (SELECT CAST(MIN({col}) AS TEXT) FROM {table} WHERE workspace_id = %s "
        f"UNION ALL SELECT CAST((SELECT MIN({col}) FROM {table} WHERE workspace_id = %s AND {col} > v.x) AS TEXT) "
        f"FROM v WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL LIMIT %s"
    )
    neg = "COUNT(CASE WHEN sentiment = %s THEN 1 END)" if negative else "0"
    arm = (
        f"SELECT %s, COUNT(*), {neg} FROM {table} "
        f"WHERE workspace_id = %s AND {col} = %s AND published_at >= %s AND published_at < %s"
    )
    with connection.cursor() as cur:
        cur.execute(loose, [workspace.pk, workspace.pk, cap + 1])
        values = [row[0] for row in cur.fetchall()]
    if len(values) > cap:
        return None
    adapt = connection.ops.adapt_datetimefield_value
    a, b = adapt(lo), adapt(hi)
    arms = [[v, Sentiment.NEG, workspace.pk, v, a, b] if negative else [v, workspace.pk, v, a, b] for v in values]
    return [(value, n, neg_n) for value, n, neg_n in _union_counts(arm, arms) if n]


def top_sources(workspace, start: dt.date, end: dt.date, *, limit: int = 10, cap: int = PER_VALUE_CAP) -> list[dict]:
    """期间内信息最多的来源（媒体/平台名）与其中的负面条数。"""
    lo, hi = _day_bounds(start, end)
    rows = _per_value_counts(Mention, "source_name", workspace, lo, hi, negative=True, cap=cap)
    if rows is None:
        return list(
            Mention.objects.filter(workspace=workspace, published_at__gte=lo, published_at__lt=hi)
            .values("source_name")
            .annotate(n=Count("id"), negative=Count("id", filter=Q(sentiment=Sentiment.NEG)))
            .order_by("-n", "source_name")[:limit]
        )
    rows.sort(key=lambda r: (-r[1], r[0]))
    return [{"source_name": name, "n": n, "negative": neg} for name, n, neg in rows[:limit]]


def top_regions(
    workspace, start: dt.date, end: dt.date, *, limit: int = 10, cap: int = PER_VALUE_CAP
) -> list[tuple[str, int]]:
    """期间内信息里出现最多的地域词与信息条数（一条信息提到同一地方只算一次）。与按地域筛选的信息列表同一口径。"""
    lo, hi = _day_bounds(start, end)
    rows = _per_value_counts(MentionRegion, "region", workspace, lo, hi, negative=False, cap=cap)
    if rows is None:
        grouped = (
            MentionRegion.objects.filter(workspace=workspace, published_at__gte=lo, published_at__lt=hi)
            .values("region")
            .annotate(n=Count("id"))
            .order_by("-n", "region")[:limit]
        )
        return [(r["region"], r["n"]) for r in grouped]
    rows.sort(key=lambda r: (-r[1], r[0]))
    return [(region, n) for region, n, _ in rows[:limit]]


def top_groups(workspace, start: dt.date, end: dt.date, *, limit: int = 8) -> list[MentionGroup]:
    """期间内规模最大的近似信息组（转载多的事件）。先在覆盖索引上挑出主键，再取这几行。"""
    lo, hi = _day_bounds(start, end)
    ids = list(
        MentionGroup.objects.filter(
            workspace=workspace, last_published_at__gte=lo, first_published_at__lt=hi, size__gt=1
        )
        .order_by("-size", "-last_published_at")
        .values_list("pk", flat=True)[:limit]
    )
    rows = MentionGroup.objects.filter(pk__in=ids).select_related("first_source").in_bulk()
    return [rows[pk] for pk in ids]


def topic_summaries(workspace, start: dt.date, end: dt.date) -> list[dict]:
    """每个启用专题在期间内的声量与是否正在突增（最后一天是突增点）。"""
    out = []
    for topic in Topic.objects.filter(workspace=workspace, active=True).order_by("name"):
        points = trend(workspace, start, end, topic=topic)
        total = sum(p.total for p in points)
        negative = sum(p.negative for p in points)
        out.append(
            {
                "topic": topic,
                "total": total,
                "negative": negative,
                "negative_share": negative_share(total, negative),
                "spiking": bool(points and points[-1].spike),
                "spike_days": [p.at for p in points if p.spike],
            }
        )
    return out



# --- 舆情应对 ---------------------------------------------------------------------------------------------


def open_alert_count(workspace) -> int:
    """未确认的预警条数（菜单角标、工作台）。"""
    return Alert.objects.filter(workspace=workspace).exclude(state=AlertState.ACKED).count()


def alerts_of(workspace, *, state: str = "") -> QuerySet:
    qs = Alert.objects.filter(workspace=workspace).select_related("group", "event", "acknowledged_by")
    if state == "open":
        qs = qs.exclude(state=AlertState.ACKED)
    elif state in AlertState.values:
        qs = qs.filter(state=state)
    return qs.order_by("-last_at", "-id")


def alert_get(workspace, pk: int) -> Alert:
    return get_object_or_404(Alert.objects.select_related("workspace", "group", "event"), workspace=workspace, pk=pk)


def events_of(workspace, *, state: str = "", grade: str = "") -> QuerySet:
    qs = Event.objects.filter(workspace=workspace).select_related("owner", "group")
    if state in EventState.values:
        qs = qs.filter(state=state)
    if grade in RiskGrade.values:
        qs = qs.filter(grade=grade)
    return qs.order_by("-opened_at", "-id")


def event_get(workspace, pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("workspace", "owner", "group", "plan"),
                             workspace=workspace, pk=pk)


def timeline(event: Event) -> QuerySet:
    return event.entries.select_related("actor", "mention").order_by("at", "id")


def cases_of(workspace, *, q: str = "", grade: str = "") -> QuerySet:
    """案例库：已结束的事件，按名称、概述与复盘文字检索。"""
    qs = events_of(workspace, state=EventState.CLOSED, grade=grade)
    for word in q.split():
        qs = qs.filter(Q(title__icontains=word) | Q(summary__icontains=word)
                       | Q(review_cause__icontains=word) | Q(review_handling__icontains=word)
                       | Q(review_lessons__icontains=word))
    return qs.order_by("-closed_at", "-id")


def assessments_of(workspace, *, grade: str = "", unconfirmed: bool = False) -> QuerySet:
    qs = RiskAssessment.objects.filter(workspace=workspace).select_related("group", "confirmed_by")
    if grade in RiskGrade.values:
        qs = qs.filter(grade=grade)
    if unconfirmed:
        qs = qs.filter(confirmed_at__isnull=True)
    return qs.order_by("-computed_at", "-id")


def assessment_get(workspace, pk: int) -> RiskAssessment:
    return get_object_or_404(RiskAssessment.objects.select_related("workspace", "group"), workspace=workspace, pk=pk)


def documents_of(workspace, *, kind: str = "") -> QuerySet:
    qs = OpinionDocument.objects.filter(workspace=workspace).select_related("event", "created_by")
    if kind in DocKind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-id")


def document_get(workspace, pk: int) -> OpinionDocument:
    return get_object_or_404(OpinionDocument.objects.select_related("workspace", "event"), workspace=workspace, pk=pk)


def plans_of(workspace) -> QuerySet:
    return documents_of(workspace, kind=DocKind.EMERGENCY_PLAN).order_by("-version")


def duty_slots_of(workspace) -> QuerySet:
    return DutySlot.objects.filter(workspace=workspace).select_related("user").order_by("start", "id")


def duty_slot_get(workspace, pk: int) -> DutySlot:
    return get_object_or_404(DutySlot, workspace=workspace, pk=pk)


def robots_of(workspace) -> QuerySet:
    return RobotChannel.objects.filter(workspace=workspace).order_by("kind", "name", "id")


def robot_get(workspace, pk: int) -> RobotChannel:
    return get_object_or_404(RobotChannel, workspace=workspace, pk=pk)


# ---- 档案（期间按北京时间的自然日，含两端） ---------------------------------------------------------------------


def events_opened_between(workspace, start: dt.date, end: dt.date) -> QuerySet:
    lo, hi = _day_bounds(start, end)
    return (Event.objects.filter(workspace=workspace, opened_at__gte=lo, opened_at__lt=hi)
            .select_related("owner", "plan").order_by("opened_at", "id"))


def alerts_first_between(workspace, start: dt.date, end: dt.date) -> QuerySet:
    lo, hi = _day_bounds(start, end)
    return (Alert.objects.filter(workspace=workspace, first_at__gte=lo, first_at__lt=hi)
            .select_related("event", "acknowledged_by").prefetch_related("recipients").order_by("first_at", "id"))


def documents_done_between(workspace, start: dt.date, end: dt.date) -> QuerySet:
    lo, hi = _day_bounds(start, end)
    return (OpinionDocument.objects.filter(workspace=workspace, state=DocState.DONE, created_at__gte=lo,
                                           created_at__lt=hi).exclude(docx="").order_by("created_at", "id"))
