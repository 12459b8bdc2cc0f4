"""数据的读取：一律限定在工作区内；看板只读汇总表（DailyCount、MonthlyCount）与作品表。"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Avg, Count, F, Q, Sum
from django.http import Http404
from django.utils import timezone

from rongmei.core import clock
from rongmei.engines.months import add_months, month_start, months_between, next_month, prev_month
from rongmei.engines.numfmt import RATIO, format_value
from rongmei.production.choices import KIND_CHOICES
from rongmei.production.models import ContentItem
from rongmei.workspaces.models import OfficialAccount

from .choices import (
    CORE_METRICS,
    LEVEL_METRICS,
    PROMOTION_COST_UNITS,
    PromotionObjective,
    is_aggregated,
    metric_label,
)
from .models import (
    DailyCount,
    DailyMetric,
    ImportBatch,
    ImportJob,
    ItemStat,
    LiveSession,
    MonthlyCount,
    Promotion,
)

TREND_METRICS = ("plays", "reads", "likes", "shares", "comments", "favorites")
FOLLOWER_METRICS = ("followers_gained", "followers_lost", "followers_net")


def accounts_of(workspace):
    return OfficialAccount.objects.filter(workspace=workspace).select_related("platform")


def account_get(workspace, pk: int) -> OfficialAccount:
    acc = accounts_of(workspace).filter(pk=pk).first()
    if acc is None:
        raise Http404("账号不存在")
    return acc


def batches_of(workspace):
    return ImportBatch.objects.filter(workspace=workspace).select_related("account__platform", "created_by")


def batch_get(workspace, pk: int) -> ImportBatch:
    batch = batches_of(workspace).filter(pk=pk).first()
    if batch is None:
        raise Http404("批次不存在")
    return batch


def _local_midnight(day: dt.date) -> dt.datetime:
    """本地零点（按时间范围过滤可用索引；__date 查找会对每行调用函数，无法用索引）。"""

    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def live_sessions_of(workspace, *, start: dt.date | None = None, end: dt.date | None = None):
    qs = LiveSession.objects.filter(workspace=workspace).select_related("account__platform")
    if start:
        qs = qs.filter(started_at__gte=_local_midnight(start))
    if end:
        qs = qs.filter(started_at__lt=_local_midnight(end + dt.timedelta(days=1)))
    return qs


def items_of(workspace, *, start: dt.date | None = None, end: dt.date | None = None, account=None):
    qs = ItemStat.objects.filter(workspace=workspace).select_related("account__platform")
    if account is not None:
        qs = qs.filter(account=account)
    if start:
        qs = qs.filter(published_at__gte=_local_midnight(start))
    if end:
        qs = qs.filter(published_at__lt=_local_midnight(end + dt.timedelta(days=1)))
    return qs


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def daily_series(workspace, start: dt.date, end: dt.date, names, *, account=None) -> dict[str, dict[dt.date, float]]:
    """{指标: {日: 值}}。工作区读 DailyCount；单个账号读该账号的日数据（索引 account, current, date）。"""
    out: dict[str, dict[dt.date, float]] = {n: {} for n in names}
    if account is None:
        rows = DailyCount.objects.filter(workspace=workspace, date__gte=start, date__lte=end, name__in=names)
        values = rows.values_list("date", "name", "value")
    else:
        rows = DailyMetric.objects.filter(account=account, current=True, channel="", date__gte=start,
                                          date__lte=end, name__in=names)
        values = rows.values_list("date", "name", "value")
    for day, name, value in values:
        out[name][day] = value
    return out


def period_totals(workspace, start: dt.date, end: dt.date, *, account=None, names=CORE_METRICS,
                  series: dict[str, dict[dt.date, float]] | None = None) -> dict[str, float]:
    """区间合计（水平值取区间内最后一天的值）。``series`` 为已读出的同一区间日序列时不再查库。"""
    if series is None:
        series = daily_series(workspace, start, end, names, account=account)
    else:
        series = {n: series.get(n, {}) for n in names}
    out = {}
    for name, by_day in series.items():
        if name in LEVEL_METRICS:
            out[name] = by_day[max(by_day)] if by_day else 0.0
        else:
            out[name] = sum(by_day.values())
    return out


def monthly_totals(workspace, first_month: dt.date, last_month: dt.date, *, account=None,
                   by_platform: bool = False) -> dict:
    """MonthlyCount 汇总：{(月, 指标)}: 值，或 by_platform 时 {(月, 平台, 指标): 值}。"""
    qs = MonthlyCount.objects.filter(workspace=workspace, month__gte=first_month, month__lte=last_month)
    if account is not None:
        qs = qs.filter(account=account)
    keys = ["month", "platform", "name"] if by_platform else ["month", "name"]
    out = {}
    for row in qs.values(*keys).annotate(total=Sum("value")):
        out[tuple(row[k] for k in keys)] = row["total"]
    return out


#: 看板默认显示的天数与一次最多显示的天数
DEFAULT_DAYS = 30
MAX_DAYS = 731
FIRST_DAY, LAST_DAY = dt.date(1990, 1, 1), dt.date(2200, 12, 31)  # 地址栏里手改的日期不超出这个范围


def default_range(workspace, today: dt.date) -> tuple[dt.date, dt.date]:
    """看板的默认区间（网页、接口、首页卡片共用这一处）：最近 30 天，截至昨天；
    工作区的数据更早结束（服务期已过）时，截至最后一天有数据的日期。"""
    end = today - dt.timedelta(days=1)
    latest = latest_date(workspace)
    if latest is not None and latest < end:
        end = latest
    return end - dt.timedelta(days=DEFAULT_DAYS - 1), end


def resolve_range(workspace, today: dt.date, start: dt.date | None = None,
                  end: dt.date | None = None) -> tuple[dt.date, dt.date, list[str]]:
    """用户给出的起止日期（可只给一端或都不给）→ 实际区间与给用户的提示。网页与接口共用。

    只给结束日期时取截至该日的 30 天；只给开始日期时结束日期取默认；起止颠倒时互换；超过两年时截为两年。
    """
    default_start, default_end = default_range(workspace, today)
    notes: list[str] = []
    if end is None:
        end = default_end
        start = start or default_start
    elif start is None:
        start = end - dt.timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        start, end = end, start
    if start < FIRST_DAY or end > LAST_DAY:
        start, end = max(start, FIRST_DAY), min(max(end, FIRST_DAY), LAST_DAY)
        start = min(start, end)
        notes.append(f"日期只能在 {FIRST_DAY.year} 年至 {LAST_DAY.year} 年之间，已调整")
    if (end - start).days > MAX_DAYS:
        start = end - dt.timedelta(days=MAX_DAYS)
        notes.append("看板一次最多显示两年")
    return start, end, notes


def _whole_months(start: dt.date, end: dt.date) -> int:
    """区间恰好是若干个整月（起于月初、止于月末）时返回月数，否则 0。"""
    if start.day != 1 or (end + dt.timedelta(days=1)).day != 1:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def comparison_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """环比的对比区间——看板、报告与导出共用这一个定义：

    * 区间是整月（如 9 月 1 日—9 月 30 日、第三季度）：取紧挨着的前同样月数的整月（8 月 1 日—8 月 31 日）；
    * 否则：取紧挨着的前一等长区间（最近 30 天 → 再往前 30 天）。
    """
    months = _whole_months(start, end)
    if months:
        return start - relativedelta(months=months), start - dt.timedelta(days=1)
    length = (end - start).days + 1
    return start - dt.timedelta(days=length), start - dt.timedelta(days=1)


def comparison_label(start: dt.date, end: dt.date) -> str:
    months = _whole_months(start, end)
    if months == 1:
        return "上月"
    return f"前 {months} 个月" if months else "上一等长区间"


def change_ratio(now: float, before: float) -> float | None:
    """环比变化率（小数，0.123 即 +12.3%）；对比期为 0 时没有变化率（None）。"""
    if not before:
        return None
    return (now - before) / abs(before)


def change_text(now: float, before: float) -> str:
    """环比的文字：“+12.3%”“−9.7%”；对比期为 0 时为“新增”或“—”。百分数由 numfmt.format_value 格式化。"""
    ratio = change_ratio(now, before)
    if ratio is None:
        return "—" if not now else "新增"
    return f"{'+' if ratio >= 0 else '−'}{format_value(abs(ratio), RATIO)}"


def live_summary(workspace, start: dt.date, end: dt.date, *, account=None) -> dict:
    """区间内的直播：场次、总分钟、总小时、累计观看、平均最高在线。看板、报告共用；
    合同考核读的是同一批场次（facts.metric_facts 把每一场输出为一条 live_session 事实）。"""
    lives = live_sessions_of(workspace, start=start, end=end)
    if account is not None:
        lives = lives.filter(account=account)
    live = lives.aggregate(n=Count("id"), minutes=Sum("minutes"), viewers=Sum("total_viewers"),
                           peak=Avg("peak_viewers"))
    live["minutes"] = live["minutes"] or 0
    live["viewers"] = live["viewers"] or 0
    live["hours"] = live["minutes"] / 60
    return live


@dataclass
class ChartData:
    key: str
    title: str
    kind: str  # line | bar | pie
    categories: list[str]
    series: dict[str, list[float]]
    category_title: str = "分类"

    def to_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "kind": self.kind, "categories": self.categories,
                "series": [{"name": k, "data": v} for k, v in self.series.items()],
                "category_title": self.category_title}

    def table(self) -> tuple[list[str], list[list]]:
        header = [self.category_title, *self.series]
        rows = [[c, *[self.series[s][i] for s in self.series]] for i, c in enumerate(self.categories)]
        return header, rows


def _views_expr():
    return F("plays") + F("reads")


def item_groups(items, *, limit: int = 12) -> tuple[list[dict], list[dict], dict[int, dict]]:
    """作品按内容形态、栏目、发布小时分组（作品数、平均播放/阅读），一次 SQL GROUP BY 后在内存里合并。

    已关联稿件的作品取稿件的内容形态与栏目，未关联的取导入文件里的。全年 1.6 万条作品原先要分三次分组扫描。
    """

    kind_labels = dict(KIND_CHOICES)
    kinds: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    columns: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    hours: dict[int, list[float]] = defaultdict(lambda: [0, 0.0])
    rows = (items.order_by().values_list("published_hour", "kind", "column", "content_item_id",
                                          "content_item__kind", "content_item__column__name")
            .annotate(n=Count("id"), total=Sum(_views_expr())))
    for hour, kind, column, item_id, item_kind, item_column, n, total in rows:
        if item_id is not None:
            kind = kind_labels.get(item_kind, item_kind or "")
            column = item_column or column
        total = total or 0.0
        for key, bucket in ((kind, kinds), (column, columns)):
            if key:
                bucket[key][0] += n
                bucket[key][1] += total
        if hour is not None:
            hours[hour][0] += n
            hours[hour][1] += total

    def ranked(bucket, field):
        top = sorted(bucket.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
        return [{field: k, "n": n, "avg": total / n if n else 0.0} for k, (n, total) in top]

    return (ranked(kinds, "kind"), ranked(columns, "column"),
            {h: {"n": n, "avg": total / n if n else 0.0} for h, (n, total) in hours.items()})


def dashboard(workspace, start: dt.date, end: dt.date, *, account=None) -> dict:
    """看板数据：要点数字（含环比）、趋势、月度对比、热门作品、形态/栏目对比、发布时段、关注来源、直播。"""
    days = _days(start, end)
    names = tuple(dict.fromkeys((*TREND_METRICS, *FOLLOWER_METRICS, "followers_total", *CORE_METRICS)))
    series = daily_series(workspace, start, end, names, account=account)
    prev_start, prev_end = comparison_period(start, end)
    now_totals = period_totals(workspace, start, end, account=account, series=series)
    prev_totals = period_totals(workspace, prev_start, prev_end, account=account)
    figures = []
    for name in ("plays", "reads", "likes", "shares", "comments", "favorites", "followers_gained", "followers_net",
                 "followers_total"):
        figures.append({"name": name, "label": metric_label(name), "value": now_totals.get(name, 0.0),
                        "previous": prev_totals.get(name, 0.0),
                        "ratio": change_ratio(now_totals.get(name, 0.0), prev_totals.get(name, 0.0)),
                        "change": change_text(now_totals.get(name, 0.0), prev_totals.get(name, 0.0))})
    charts: list[ChartData] = []
    labels = [d.isoformat() for d in days]
    charts.append(ChartData("trend", "播放、阅读与互动趋势", "line", labels,
                            {metric_label(n): [series[n].get(d, 0.0) for d in days] for n in TREND_METRICS},
                            "日期"))
    charts.append(ChartData("followers", "关注增长趋势", "line", labels,
                            {metric_label(n): [series[n].get(d, 0.0) for d in days] for n in FOLLOWER_METRICS},
                            "日期"))
    # 月度对比（近 12 个月，按平台）
    last_month = month_start(end)
    first_month = add_months(last_month, -11)
    months = list(months_between(first_month, last_month))
    monthly = monthly_totals(workspace, first_month, last_month, account=account)
    charts.append(ChartData("monthly", "近 12 个月播放与阅读（月度对比）", "bar", [f"{m:%Y-%m}" for m in months],
                            {metric_label(n): [monthly.get((m, n), 0.0) for m in months]
                             for n in ("plays", "reads", "followers_gained")}, "月份"))
    # 作品：热门、形态、栏目、发布时段
    items = items_of(workspace, start=start, end=end, account=account)
    top = list(items.select_related("content_item__column")
               .annotate(total_views=_views_expr()).order_by("-total_views", "-likes")[:10])
    by_kind, by_column, by_hour = item_groups(items)
    charts.append(ChartData("kinds", "内容形态对比（平均播放/阅读）", "bar", [r["kind"] for r in by_kind],
                            {"作品数": [r["n"] for r in by_kind],
                             "平均播放/阅读": [round(r["avg"] or 0, 1) for r in by_kind]}, "内容形态"))
    charts.append(ChartData("columns", "栏目对比（平均播放/阅读）", "bar", [r["column"] for r in by_column],
                            {"作品数": [r["n"] for r in by_column],
                             "平均播放/阅读": [round(r["avg"] or 0, 1) for r in by_column]}, "栏目"))
    hours = list(range(24))
    charts.append(ChartData("hours", "发布时段与平均表现", "bar", [f"{h}时" for h in hours],
                            {"作品数": [by_hour.get(h, {}).get("n", 0) for h in hours],
                             "平均播放/阅读": [round(by_hour.get(h, {}).get("avg") or 0, 1) for h in hours]},
                            "发布时段"))
    # 关注来源（按渠道拆分的行）
    src_q = DailyMetric.objects.filter(~Q(channel=""), workspace=workspace, current=True, date__gte=start,
                                       date__lte=end, name__in=("followers_gained", "reads"))
    if account is not None:
        src_q = src_q.filter(account=account)
    sources = defaultdict(float)
    for channel, name, total in src_q.values("channel", "name").annotate(t=Sum("value")).values_list(
            "channel", "name", "t"):
        sources[(name, channel)] += total
    follower_src = sorted(((c, v) for (n, c), v in sources.items() if n == "followers_gained"), key=lambda x: -x[1])
    read_src = sorted(((c, v) for (n, c), v in sources.items() if n == "reads"), key=lambda x: -x[1])
    src = follower_src or read_src
    charts.append(ChartData("sources", "关注来源" if follower_src else "阅读来源渠道", "pie",
                            [c for c, _v in src], {"人数" if follower_src else "阅读次数": [v for _c, v in src]},
                            "渠道"))
    live = live_summary(workspace, start, end, account=account)
    paid = promotion_totals(workspace, start, end, account=account)
    for figure in figures:
        figure["paid"] = {"plays": paid["plays"], "followers_gained": paid["followers"]}.get(figure["name"]) \
            if paid["orders"] else None
    return {
        "paid": paid if paid["orders"] else None,
        "start": start, "end": end, "prev_start": prev_start, "prev_end": prev_end,
        "comparison": comparison_label(start, end),
        "figures": figures, "charts": charts, "top_items": top, "live": live,
    }


def chart_of(data: dict, key: str) -> ChartData:
    for chart in data["charts"]:
        if chart.key == key:
            return chart
    raise Http404("没有这个图表")


def _month_split(start: dt.date, end: dt.date) -> tuple[dt.date | None, dt.date | None, list[tuple[dt.date, dt.date]]]:
    """把区间拆成整月部分（首月 1 日, 末月 1 日；没有整月时为 None）与首尾不足整月的日期段。"""
    first_full = start if start.day == 1 else next_month(start)
    last_full = prev_month(end + dt.timedelta(days=1))  # 最后一个完整月的 1 日
    if first_full > last_full:
        return None, None, [(start, end)]
    edges = []
    if start < first_full:
        edges.append((start, first_full - dt.timedelta(days=1)))
    month_after = next_month(last_full)
    if month_after <= end:
        edges.append((month_after, end))
    return first_full, last_full, edges


def account_summaries(workspace, start: dt.date, end: dt.date) -> list[dict]:
    """各账号区间汇总（整月读月度汇总表，区间首尾不足整月的部分读日数据）。用于账号对比表。"""
    names = TREND_METRICS + ("followers_gained", "followers_lost")
    totals: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    first_full, last_full, edges = _month_split(start, end)
    if first_full is not None:
        qs = (MonthlyCount.objects.filter(workspace=workspace, month__gte=first_full, month__lte=last_full,
                                          name__in=names)
              .values("account_id", "name").annotate(t=Sum("value")))
        for row in qs:
            totals[row["account_id"]][row["name"]] += row["t"]
    for a, b in edges:
        qs = (DailyMetric.objects.filter(workspace=workspace, current=True, channel="", date__gte=a, date__lte=b,
                                         name__in=names)
              .values("account_id", "name").annotate(t=Sum("value")))
        for row in qs:
            totals[row["account_id"]][row["name"]] += row["t"]
    out = []
    for acc in accounts_of(workspace):
        out.append({"account": acc, **{n: totals[acc.pk].get(n, 0.0) for n in names}})
    return out


def latest_date(workspace) -> dt.date | None:
    """工作区最近一天有数据的日期（看板默认区间以它为终点）。"""
    return DailyCount.objects.filter(workspace=workspace).order_by("-date").values_list("date", flat=True).first()


def recorded_names(workspace, names) -> set[str]:
    """工作区记录过（任何日期）的指标名，取自 names。"""
    return set(DailyMetric.objects.filter(workspace=workspace, name__in=list(names))
               .order_by().values_list("name", flat=True).distinct())


def has_any(workspace) -> bool:
    return DailyCount.objects.filter(workspace=workspace).exists() or ItemStat.objects.filter(
        workspace=workspace).exists()




def platform_totals(workspace, start: dt.date, end: dt.date) -> dict[str, dict[str, float]]:
    """{平台代码: {指标: 值}}：整月读 MonthlyCount，不足整月的首尾读日数据。水平值取期末值（各账号之和）。"""
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    first_full = start if start.day == 1 else next_month(start)
    last_full = prev_month(end + dt.timedelta(days=1))  # 最后一个完整月的 1 日
    level_latest: dict[tuple[int, str], tuple[dt.date, float, str]] = {}
    if first_full <= last_full:
        rows = MonthlyCount.objects.filter(workspace=workspace, month__gte=first_full, month__lte=last_full)
        for acc, platform, month, name, value in rows.values_list("account_id", "platform", "month", "name", "value"):
            if name in LEVEL_METRICS:
                key = (acc, name)
                if key not in level_latest or level_latest[key][0] < month:
                    level_latest[key] = (month, value, platform)
            else:
                out[platform][name] += value
        edges = []
        if start < first_full:
            edges.append((start, first_full - dt.timedelta(days=1)))
        month_after = next_month(last_full)
        if month_after <= end:
            edges.append((month_after, end))
    else:
        edges = [(start, end)]
    for a, b in edges:
        rows = (DailyMetric.objects.filter(workspace=workspace, current=True, channel="", date__gte=a, date__lte=b)
                .values_list("account_id", "account__platform__code", "date", "name", "value"))
        for acc, platform, day, name, value in rows:
            if name in LEVEL_METRICS:
                key = (acc, name)
                if key not in level_latest or level_latest[key][0] <= day:
                    level_latest[key] = (day, value, platform)
            elif name not in ("completion_rate",):
                if is_aggregated(name):
                    out[platform][name] += value
    for (_acc, name), (_d, value, platform) in level_latest.items():
        out[platform][name] += value
    return {p: dict(v) for p, v in out.items()}


def import_jobs_of(workspace, *, days: int = 7) -> list:
    """数据导入记录页上方的后台导入：还在进行的，和最近几天结束的（未导入的原因要让人看到）。"""
    since = clock.now() - dt.timedelta(days=days)
    return list(ImportJob.objects.filter(workspace=workspace)
                .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=since))
                .select_related("account__platform", "created_by", "batch")[:20])


# ---------------------------------------------------------------------------------------------- 付费推广
#: 自然 / 付费拆分的口径（页面、接口、月报都引用这一句）
PAID_SPLIT_METHOD = ("付费部分取投流订单回传的结果，按下单月份归月；自然部分 = 推广账号所在平台当月的总量 − 付费部分。"
                     "平台回传的付费结果大于当月总量时（两处统计口径不同），自然部分记为 0 并标注。")


def promotions_of(workspace, *, start: dt.date | None = None, end: dt.date | None = None):
    qs = Promotion.objects.filter(workspace=workspace).select_related("account__platform", "content_item")
    if start:
        qs = qs.filter(ordered_at__gte=_local_midnight(start))
    if end:
        qs = qs.filter(ordered_at__lt=_local_midnight(end + dt.timedelta(days=1)))
    return qs


def promotion_get(workspace, pk: int) -> Promotion:
    promo = promotions_of(workspace).filter(pk=pk).first()
    if promo is None:
        raise Http404("推广订单不存在")
    return promo


def cost_per_result(spend: Decimal, results: float, objective: str) -> Decimal | None:
    """单个结果成本（播放按千次计）；没有结果时为 None（页面显示“—”）。"""
    unit, per = PROMOTION_COST_UNITS[objective]
    if not results:
        return None
    return (Decimal(spend) * per / Decimal(results)).quantize(Decimal("0.01"))


def promotion_totals(workspace, start: dt.date, end: dt.date, *, account=None) -> dict:
    """区间内（按下单时间）的订单数、预算、消耗与付费结果合计；看板“其中付费”与投流台账读同一个数。"""
    qs = promotions_of(workspace, start=start, end=end)
    if account is not None:
        qs = qs.filter(account=account)
    row = qs.aggregate(orders=Count("id"), budget=Sum("budget"), spend=Sum("spend"), plays=Sum("plays"),
                       followers=Sum("followers"), home_visits=Sum("home_visits"), leads=Sum("leads"))
    out = {k: (v if v is not None else 0) for k, v in row.items()}
    for k in ("budget", "spend"):  # 金额到分（SQLite 的合计不带小数位）
        out[k] = Decimal(out[k]).quantize(Decimal("0.01"))
    return out


def promotion_summary(workspace, start: dt.date, end: dt.date) -> dict:
    """区间内的投流汇总（一个数字只在这里算）：订单数、预算、消耗、各项结果、按目标的单个结果成本、逐月拆分。

    看板、投流台账页、接口、月报与合同事实都读这里（或读同一批订单）。
    """
    promos = list(promotions_of(workspace, start=start, end=end).order_by("ordered_at", "id"))
    totals = promotion_totals(workspace, start, end)
    by_objective = []
    for code, label in PromotionObjective.choices:
        chosen = [p for p in promos if p.objective == code]
        if not chosen:
            continue
        spend = sum((p.spend for p in chosen), Decimal(0))
        results = sum(p.result() for p in chosen)
        unit, _per = PROMOTION_COST_UNITS[code]
        by_objective.append({"objective": code, "label": label, "orders": len(chosen), "spend": spend,
                             "results": results, "cost": cost_per_result(spend, results, code), "unit": unit})
    platforms = sorted({p.account.platform.code for p in promos})
    months = []
    if promos:
        first, last = month_start(start), month_start(end)
        monthly = monthly_totals(workspace, first, last, by_platform=True)
        for month in months_between(first, last):
            in_month = [p for p in promos if month_start(timezone.localtime(p.ordered_at).date()) == month]
            row = {"month": month, "orders": len(in_month),
                   "budget": sum((p.budget for p in in_month), Decimal(0)),
                   "spend": sum((p.spend for p in in_month), Decimal(0)), "capped": False}
            for name, metric in (("plays", "plays"), ("followers", "followers_gained")):
                paid = sum(getattr(p, name) for p in in_month)
                total = sum(monthly.get((month, code, metric), 0.0) for code in platforms)
                row[f"{name}_paid"] = paid
                row[f"{name}_total"] = total
                row[f"{name}_organic"] = max(total - paid, 0.0)
                row[f"{name}_share"] = (paid / total) if total else None
                row["capped"] = row["capped"] or paid > total
            months.append(row)
    return {"start": start, "end": end, "totals": totals, "by_objective": by_objective, "months": months,
            "platforms": platforms, "method": PAID_SPLIT_METHOD}


def promotable_items(workspace):
    """可关联到推广订单的稿件（本工作区，新的在前）。"""
    return ContentItem.objects.filter(workspace=workspace).order_by("-id")
