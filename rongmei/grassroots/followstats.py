"""涨粉活动的关注人汇总（``Follower``）：从关注事件推导，供 ``selectors.campaign_quality`` 用 SQL 汇总。

口径只在 :func:`fold` 里写一次：用户按（来源, 用户标识）区分，来源 0 是公众号推送的事件，否则是平台渠道（导入）。
按时间（同一时刻按事件 id）依次看该用户在本活动的事件：首次“关注”且归因到本活动单位的那一条是新关注（反复关注只算一次）；
其后第一条“取关”是取关时间；其后有“互动”或“扫码”即有互动。

另存按（活动单位, 首次关注日期）的计数（``FollowerDay``），活动页只对它求和。汇总是缓存：事件表是唯一来源。读之前 :func:`refresh` 比对事件的最大 id、条数与参加单位，新事件只重算涉及的用户，
只多了参加单位时同样；其他变化（事件被删、单位被移除）整活动重算。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from .choices import FollowEventKind
from .models import Campaign, Follower, FollowerDay, FollowerMark, FollowEvent

Who = tuple[int, str]
WEEK = dt.timedelta(days=7)
MONTH = dt.timedelta(days=30)
INCREMENTAL_LIMIT = 20_000  # 新事件涉及的用户超过这个数时整活动重算（一次读全部事件反而快）
CHUNK = 500


def _channels(campaign: Campaign) -> list[int]:
    return list(campaign.channels.values_list("pk", flat=True))


def campaign_events(campaign: Campaign, channels: list[int] | None = None) -> QuerySet[FollowEvent]:
    """本活动的全部事件：公众号推送的（活动的公众号）与本活动各平台渠道导入的。"""
    channels = _channels(campaign) if channels is None else channels
    return FollowEvent.objects.filter(Q(account_id=campaign.account_id) | Q(channel_id__in=channels))


def _signature(events: QuerySet[FollowEvent], campaign: Campaign, channels: list[int]) -> tuple[int, int]:
    """（最大事件 id, 事件条数）：公众号、平台渠道分两次只读索引地计数（比一个 OR 查询快得多；
    既有公众号又是本活动渠道的事件记两次，前后一致即可）。"""
    a = events.filter(account_id=campaign.account_id).aggregate(n=Count("id"), m=Max("id"))
    b = events.filter(channel_id__in=channels).aggregate(n=Count("id"), m=Max("id")) if channels else {"n": 0}
    return max(a["m"] or 0, b.get("m") or 0), a["n"] + b["n"]


def fold(rows: Iterable[tuple], cu_ids: set[int]) -> dict[Who, tuple[int, dt.datetime, dt.datetime | None, bool]]:
    """rows：(channel_id, openid, kind, campaign_unit_id, at)，按 (at, id) 排好序。
    返回 {用户: (归因的活动单位 id, 首次关注时间, 其后首次取关时间或 None, 其后是否有互动)}。"""
    first: dict[Who, list] = {}
    for channel_id, openid, kind, cu_id, at in rows:
        who = (channel_id or 0, openid)
        if kind == FollowEventKind.SUBSCRIBE:
            if cu_id in cu_ids and who not in first:
                first[who] = [cu_id, at, None, False]
        elif kind == FollowEventKind.UNSUBSCRIBE:
            f = first.get(who)
            if f is not None and f[2] is None:
                f[2] = at
        elif kind in (FollowEventKind.ACTIVE, FollowEventKind.SCAN):
            f = first.get(who)
            if f is not None:
                f[3] = True
    return {who: tuple(v) for who, v in first.items()}


COLUMNS = ("campaign_id", "campaign_unit_id", "source", "openid", "followed_at", "unfollowed_at", "left_7", "left_30",
           "active")


def _follower(campaign_id: int, who: Who, state: tuple) -> tuple:
    """一行关注人汇总（按 COLUMNS 的顺序）。"""
    cu_id, at, gone, active = state
    return (campaign_id, cu_id, who[0], who[1], at, gone, gone is not None and gone - at <= WEEK,
            gone is not None and gone - at <= MONTH, active)


def _insert(rows: Iterable[tuple]) -> None:
    """成批写入关注人汇总。十几万行时 bulk_create 逐字段准备参数太慢（约 15 s），这里直接 executemany，
    时间值按数据库后端的规则转换（SQLite 与 PostgreSQL 都适用）。"""
    adapt = connection.ops.adapt_datetimefield_value
    sql = (f"INSERT INTO {connection.ops.quote_name(Follower._meta.db_table)} "
           f"({', '.join(connection.ops.quote_name(c) for c in COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})")
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for r in rows:
            batch.append((*r[:4], adapt(r[4]), adapt(r[5]), *r[6:]))
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


FIELDS = ("channel_id", "openid", "kind", "campaign_unit_id", "at")


def _count_days(campaign: Campaign, followers: QuerySet[Follower]) -> list[FollowerDay]:
    rows = (followers.annotate(day=TruncDate("followed_at", tzinfo=timezone.get_default_timezone())).values("campaign_unit_id", "day")
            .annotate(n=Count("pk"), u7=Count("pk", filter=Q(left_7=True)), u30=Count("pk", filter=Q(left_30=True)),
                      act=Count("pk", filter=Q(active=True))).order_by())
    return [FollowerDay(campaign=campaign, campaign_unit_id=r["campaign_unit_id"], day=r["day"], new=r["n"],
                        left_7=r["u7"], left_30=r["u30"], active=r["act"]) for r in rows]


def _rebuild(campaign: Campaign, events: QuerySet[FollowEvent], cu_ids: set[int]) -> None:
    states = fold(events.order_by("at", "pk").values_list(*FIELDS).iterator(chunk_size=5000), cu_ids)
    Follower.objects.filter(campaign=campaign).delete()
    _insert(_follower(campaign.pk, w, s) for w, s in states.items())
    FollowerDay.objects.filter(campaign=campaign).delete()
    FollowerDay.objects.bulk_create(_count_days(campaign, Follower.objects.filter(campaign=campaign)), batch_size=2000)


def _update(campaign: Campaign, events: QuerySet[FollowEvent], cu_ids: set[int], whos: set[Who]) -> None:
    by_source: dict[int, list[str]] = {}
    for source, openid in whos:
        by_source.setdefault(source, []).append(openid)
    touched: dict[int, set[dt.date]] = {}  # 活动单位 → 要重数的日期（北京时间）

    def touch(cu_id, at):
        touched.setdefault(cu_id, set()).add(timezone.localdate(at, timezone.get_default_timezone()))

    for source, openids in by_source.items():
        for i in range(0, len(openids), CHUNK):
            part = openids[i:i + CHUNK]
            where = Q(channel__isnull=True) if source == 0 else Q(channel_id=source)
            states = fold(events.filter(where, openid__in=part).order_by("at", "pk").values_list(*FIELDS), cu_ids)
            old = Follower.objects.filter(campaign=campaign, source=source, openid__in=part)
            for cu_id, at in old.values_list("campaign_unit_id", "followed_at"):
                touch(cu_id, at)
            old.delete()
            fresh = [_follower(campaign.pk, w, s) for w, s in states.items()]
            for row in fresh:
                touch(row[1], row[4])
            _insert(fresh)
    for cu_id, days in touched.items():  # 重数涉及的格子：这个单位从最早到最晚涉及的那几天
        lo, hi = min(days), max(days) + dt.timedelta(days=1)
        tz = timezone.get_default_timezone()
        start = timezone.make_aware(dt.datetime.combine(lo, dt.time.min), tz)
        end = timezone.make_aware(dt.datetime.combine(hi, dt.time.min), tz)
        FollowerDay.objects.filter(campaign_unit_id=cu_id, day__gte=lo, day__lt=hi).delete()
        FollowerDay.objects.bulk_create(_count_days(campaign, Follower.objects.filter(
            campaign=campaign, campaign_unit_id=cu_id, followed_at__gte=start, followed_at__lt=end)))


def refresh(campaign: Campaign) -> None:
    """让本活动的关注人汇总跟上事件表（读汇总之前调用；导入之后也调用，让导入承担重算）。"""
    channels = _channels(campaign)
    events = campaign_events(campaign, channels)
    cu_ids = set(campaign.units.values_list("pk", flat=True))
    units = ",".join(str(i) for i in sorted(cu_ids))
    last, count = _signature(FollowEvent.objects.all(), campaign, channels)
    mark = FollowerMark.objects.filter(campaign=campaign).first()
    if mark is not None and (mark.last_event, mark.events, mark.units) == (last, count, units):
        return
    with transaction.atomic():
        mark, _ = FollowerMark.objects.select_for_update().get_or_create(campaign=campaign)
        if (mark.last_event, mark.events, mark.units) == (last, count, units):
            return  # 别的请求刚刚重算过
        newer = events.filter(pk__gt=mark.last_event, pk__lte=last)
        # 只多了单位时也可以只重算新事件涉及的用户：归因到新单位的事件一定晚于上次汇总（单位先建、事件后到）
        old_units = {int(i) for i in mark.units.split(",") if i}
        incremental = (old_units <= cu_ids and mark.last_event > 0
                       and mark.events + _signature(newer, campaign, channels)[1] == count)
        whos = set()
        if incremental:
            whos = {(ch or 0, oid) for ch, oid in newer.values_list("channel_id", "openid").distinct()}
            incremental = len(whos) <= INCREMENTAL_LIMIT
        if incremental:
            _update(campaign, events.filter(pk__lte=last), cu_ids, whos)
        else:
            _rebuild(campaign, events.filter(pk__lte=last), cu_ids)
        mark.last_event, mark.events, mark.units = last, count, units
        mark.save()
