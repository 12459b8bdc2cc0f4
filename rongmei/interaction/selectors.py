"""互动的读操作（带权限范围）与统计口径。每个数字只在这里定义一次：页面、接口、导出、事实、首页卡片都读这里。

口径：
* **需答复**：分类不是“日常互动”的消息（咨询、建议、投诉、舆情风险）；
* **响应率** = 需答复且已首次响应 / 需答复；
* **按时**：首次响应不晚于首次响应期限（等待群众补充的暂停已顺延期限）；**超时**：晚于期限响应，或到现在仍未响应且已过期限；
  其余为“未到期”；**按时率** = 按时 / (按时 + 超时)；
* **首次响应用时**、**办结用时**：按工作区（平台）的工作时段和法定工作日计算的工作时间，办结用时扣除暂停时间；
  统计中位数与第 90 百分位（小时）。用时由服务在首次响应、办结时按当时的工作时段算好存在消息上
  （Message.first_response_seconds / resolve_seconds），统计只聚合存下的值，百万条消息时也不逐条计算。
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, CharField, Count, DateTimeField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncDay, TruncMonth
from django.http import Http404
from django.utils import timezone

from rongmei.core import clock
from rongmei.core.labels import label as zh
from rongmei.core.permissions import has_perm
from rongmei.engines import textclass
from rongmei.publishing.models import AccountCredential
from rongmei.workspaces.models import OfficialAccount

from . import ingest, timing
from .choices import OPEN_STATES, Category, CurationState, MessageState, ReplyState
from .models import Department, Faq, InboxSettings, IngestState, Message, Reply, ReplyTemplate
from .permissions import InteractionPerm

PAGE_SIZE = 50


def message_get(workspace, pk: int, user=None) -> Message:
    """工作区内的一条消息；处室联络人只能取转给本处室的。"""
    qs = Message.objects.filter(workspace=workspace).select_related("account__platform", "assignee", "department",
                                                                    "item", "publication", "parent")
    if user is not None and not has_perm(user, workspace, InteractionPerm.VIEW):
        qs = qs.filter(department__contacts=user)
    try:
        return qs.get(pk=pk)
    except Message.DoesNotExist:
        raise Http404("没有这条消息") from None


def overdue_q(now: dt.datetime) -> Q:
    """逾期：未办结、未暂停，且（未首次响应而过了首次响应期限，或过了办结期限）。"""
    return (Q(state__in=OPEN_STATES, paused_at__isnull=True)
            & (Q(first_response_at__isnull=True, first_due_at__lt=now) | Q(due_at__lt=now)))


@dataclass
class InboxFilter:
    account: int | None = None
    platform: str = ""
    category: str = ""
    state: str = ""  # "" = 未办结；"all" = 全部
    overdue: bool = False
    urgent: bool = False
    assignee: str = ""  # "me" / "none" / 用户 id
    department: int | None = None
    curation: bool = False
    q: str = ""

    @classmethod
    def from_params(cls, params) -> InboxFilter:
        def _int(name):
            try:
                return int(params.get(name) or 0) or None
            except (TypeError, ValueError):
                return None
        return cls(account=_int("account"), platform=(params.get("platform") or "")[:30],
                   category=(params.get("category") or "")[:16], state=(params.get("state") or "")[:20],
                   overdue=params.get("overdue") in ("1", "true", "on"), urgent=params.get("urgent") in ("1", "true", "on"),
                   assignee=(params.get("assignee") or "")[:12], department=_int("department"),
                   curation=params.get("curation") in ("1", "true", "on"), q=(params.get("q") or "").strip()[:100])

    def is_default(self) -> bool:
        return self == InboxFilter()


# “未办结”写成字面量而不是绑定参数：SQLite 只有在条件与部分索引 inbox_ws_open_received 的 WHERE 字面相同时
# 才会用它（绑定参数的 IN 用不上），用不上时默认页要顺着全部消息找未办结的，未办结的很少时就要扫百万条
_OPEN_SQL = f'"{Message._meta.db_table}"."state" IN ({", ".join(f"{chr(39)}{s}{chr(39)}" for s in OPEN_STATES)})'
TRIGRAM = 3
SEARCH_PROBE = 2000


def _contains(word: str) -> Q:
    return Q(text__icontains=word) | Q(author__icontains=word)


def search_q(q: str) -> tuple[Q, bool]:
    """搜索框：每个词（最多 5 个）都要在内容或昵称里出现（子串，不分大小写）。返回（条件, 是否只剩少数候选）。

    SQLite 上不少于 3 个字的词先查三字组全文索引（迁移 0004，结果与逐条子串比对相同）：命中不超过 2,000 条时
    直接按这些 id 取；命中更多说明是常见词，顺着时间倒序逐条比对很快就凑够一页，不必把几万条命中都取出来排序。
    少于 3 个字的词逐条比对。PostgreSQL 上条件就是子串比对（``UPPER(text) LIKE``），由迁移 0010 的 pg_trgm 三字组
    索引回答，是否用索引由它的查询规划器按统计信息决定。"""
    words = q.split()[:5]
    indexed = [w for w in words if connection.vendor == "sqlite" and len(w) >= TRIGRAM]
    cond = Q()
    for w in words:
        if w not in indexed:
            cond &= _contains(w)
    if not indexed:
        return cond, False
    with connection.cursor() as cur:
        cur.execute("SELECT rowid FROM interaction_message_fts WHERE interaction_message_fts MATCH %s LIMIT %s",
                    [" AND ".join('"' + w.replace('"', '""') + '"' for w in indexed), SEARCH_PROBE + 1])
        ids = [row[0] for row in cur.fetchall()]
    if len(ids) <= SEARCH_PROBE:
        return cond & Q(id__in=ids), True
    for w in indexed:
        cond &= _contains(w)
    return cond, False


def _not_by_workspace_index(qs: QuerySet, workspace) -> QuerySet:
    """限定工作区，但不让 SQLite 用以工作区开头的索引（条件前加一元 +）：没有统计信息时它以为“工作区 = ?”
    很窄，会顺着工作区的时间索引把百万条逐条试一遍，而不是用更窄的 id 列表或处室索引。"""
    return qs.extra(where=[f'+"{Message._meta.db_table}"."workspace_id" = %s'], params=[workspace.pk])


def inbox(workspace, user, flt: InboxFilter, *, now: dt.datetime | None = None) -> QuerySet:
    now = now or clock.now()
    search, narrow = search_q(flt.q) if flt.q else (Q(), False)
    if narrow:  # 只剩不到 2,000 条候选：按 id 逐条取再排序最快
        qs = _not_by_workspace_index(Message.objects.all(), workspace)
    else:
        qs = Message.objects.filter(workspace=workspace)
    if flt.account:
        qs = qs.filter(account_id=flt.account)
    if flt.platform:
        qs = qs.filter(platform=flt.platform)
    if flt.category:
        qs = qs.filter(category=flt.category)
    if flt.state == "all":
        pass
    elif flt.state:
        qs = qs.filter(state=flt.state)
    else:
        qs = qs.extra(where=[_OPEN_SQL])  # 常量，见 _OPEN_SQL
    if flt.overdue:
        qs = qs.filter(overdue_q(now))
    if flt.urgent:
        qs = qs.filter(Q(urgent=True) | Q(category=Category.RISK))
    if flt.assignee == "me":
        qs = qs.filter(assignee=user)
    elif flt.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif flt.assignee.isdigit():
        qs = qs.filter(assignee_id=int(flt.assignee))
    if flt.department:
        qs = qs.filter(department_id=flt.department)
    if flt.curation:
        qs = qs.filter(curation_state=CurationState.PENDING)
    return qs.filter(search).select_related("account__platform", "assignee", "department").order_by("-received_at", "-id")


def inbox_page(workspace, user, flt: InboxFilter, page: int, *, now: dt.datetime | None = None,
               size: int = PAGE_SIZE) -> tuple[list[Message], bool]:
    """收件箱的一页：第 1 页最上面是符合筛选的置顶消息（最近置顶的在前），其余按收到时间倒序。

    置顶的另查一次（条数很少），其余照旧走按时间的索引分页，所以置顶不拖慢百万条时的翻页。
    """
    qs = inbox(workspace, user, flt, now=now)
    top = list(qs.filter(pinned_at__isnull=False).order_by("-pinned_at", "-id")[:size]) if page <= 1 else []
    rows, has_next = page_of(qs.filter(pinned_at__isnull=True), page, size)
    return top + rows, has_next


def page_of(qs: QuerySet, page: int, size: int = PAGE_SIZE) -> tuple[list[Message], bool]:
    """一页消息与“是否还有下一页”（不数总数：百万条时 COUNT 太慢）。"""
    page = max(1, page)
    rows = list(qs[(page - 1) * size: page * size + 1])
    return rows[:size], len(rows) > size


def new_count(workspace) -> int:
    return Message.objects.filter(workspace=workspace, state=MessageState.NEW).count()


def overdue_counts(workspace, now: dt.datetime | None = None) -> dict:
    """首页卡片与导航：逾期、即将到期（2 小时内）、待处理、待审核、处室逾期。"""
    now = now or clock.now()
    # 只数未办结的（有索引；百万条消息里大多已办结）。数 state（非空，与数行相同）而不是 id：用到的列都在
    # inbox_ws_open_timers 里，PostgreSQL 才能只读索引（它的索引不像 SQLite 那样自带行号）
    base = Message.objects.filter(workspace=workspace, state__in=OPEN_STATES)
    soon = now + dt.timedelta(hours=2)
    return base.aggregate(
        overdue=Count("state", filter=overdue_q(now)),
        soon=Count("state", filter=Q(state__in=OPEN_STATES, paused_at__isnull=True) & ~overdue_q(now)
                   & (Q(first_response_at__isnull=True, first_due_at__lte=soon) | Q(due_at__lte=soon))),
        new=Count("state", filter=Q(state=MessageState.NEW)),
        awaiting=Count("state", filter=Q(state=MessageState.AWAITING_APPROVAL)),
        department_overdue=Count("state", filter=Q(department_due_at__lt=now, department_answered_at__isnull=True,
                                                state=MessageState.WAITING_DEPARTMENT)),
    )


def department_of(user, workspace) -> list[Department]:
    return list(Department.objects.filter(workspace=workspace, contacts=user, is_active=True))


def _contact_department_ids(workspace, user) -> list[int]:
    # 先取出联络人的处室再按处室编号查消息：SQLite 才会走处室索引，而不是顺着整个工作区的消息逐条去连表
    return list(Department.objects.filter(workspace=workspace, contacts=user).values_list("id", flat=True))


def department_queue(workspace, user, *, answered: bool = False) -> QuerySet:
    """处室联络人看到的问题：只有转给本处室的。"""
    qs = Message.objects.filter(workspace=workspace, department_id__in=_contact_department_ids(workspace, user),
                                department_asked_at__isnull=False)
    qs = qs.filter(department_answered_at__isnull=not answered)
    return qs.select_related("account__platform", "department").order_by("department_due_at", "id")


def department_waiting_count(workspace, user) -> int:
    """处室联络人导航上的数字：转给本处室、还没答复的问题。"""
    return department_queue(workspace, user).count()


def department_overview(workspace, now: dt.datetime | None = None) -> list[dict]:
    """每个处室：待答复、逾期、已答复（甲方看处室的时钟）。"""
    now = now or clock.now()
    ids = list(Department.objects.filter(workspace=workspace).values_list("id", flat=True))
    rows = (_not_by_workspace_index(Message.objects.all(), workspace)
            .filter(department_id__in=ids, department_asked_at__isnull=False)
            .values("department_id", "department__name")
            .annotate(waiting=Count("id", filter=Q(department_answered_at__isnull=True)),
                      overdue=Count("id", filter=Q(department_answered_at__isnull=True, department_due_at__lt=now)),
                      late=Count("id", filter=Q(department_answered_at__isnull=False,
                                                department_answered_at__gt=F("department_due_at"))),
                      answered=Count("id", filter=Q(department_answered_at__isnull=False)))
            .order_by("department__name"))
    return list(rows)


def department_overdue_list(workspace, now: dt.datetime | None = None) -> QuerySet:
    now = now or clock.now()
    return (Message.objects.filter(workspace=workspace, department_answered_at__isnull=True,
                                   department_due_at__lt=now, state=MessageState.WAITING_DEPARTMENT)
            .select_related("department", "account__platform").order_by("department_due_at"))


def accounts_of(workspace) -> list[OfficialAccount]:
    return list(OfficialAccount.objects.filter(workspace=workspace).select_related("platform"))


def departments_of(workspace, *, active: bool = True) -> list[Department]:
    qs = Department.objects.filter(workspace=workspace).prefetch_related("contacts")
    return list(qs.filter(is_active=True) if active else qs)


def templates_of(workspace, *, q: str = "", category: str = "", active: bool = True) -> QuerySet:
    qs = ReplyTemplate.objects.filter(workspace=workspace)
    if active:
        qs = qs.filter(is_active=True)
    if category:
        qs = qs.filter(Q(category=category) | Q(category=""))
    for w in q.split()[:5]:
        qs = qs.filter(Q(title__icontains=w) | Q(topic__icontains=w) | Q(text__icontains=w))
    return qs


def pending_replies(workspace) -> QuerySet:
    return (Reply.objects.filter(message__workspace=workspace, state=ReplyState.PENDING)
            .select_related("message__account__platform", "written_by").order_by("written_at"))


# ---------------------------------------------------------------- 问题集锦


def repeated_questions(workspace, *, days: int = 90, limit: int = 3000, min_count: int = 2,
                       threshold: float = 0.6) -> list[dict]:
    """近 days 天的咨询/建议/投诉里的重复问题（近似重复分组），按次数从多到少。已整理成集锦的不再出现。"""
    since = clock.now() - dt.timedelta(days=days)
    rows = list(Message.objects.filter(workspace=workspace, received_at__gte=since, faq__isnull=True,
                                       category__in=[Category.CONSULT, Category.SUGGEST, Category.COMPLAIN])
                .order_by("-received_at").values("id", "text", "category", "received_at")[:limit])
    index = textclass.NearDupIndex(threshold=threshold)
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in reversed(rows):  # 从早到晚：组以最早的问题为代表
        key = index.add(str(r["id"]), r["text"])
        groups[key].append(r)
    out = []
    for members in groups.values():
        if len(members) < min_count:
            continue
        out.append({"question": members[0]["text"], "count": len(members), "ids": [m["id"] for m in members],
                    "category": members[0]["category"], "latest": max(m["received_at"] for m in members)})
    out.sort(key=lambda g: (-g["count"], -g["latest"].timestamp()))
    return out


def faqs_of(workspace) -> QuerySet:
    return Faq.objects.filter(workspace=workspace).select_related("item", "created_by")


# ---------------------------------------------------------------- 统计（唯一口径）


def needs_response(category: str) -> bool:
    return category != Category.CHAT


def timeliness(first_due_at, first_response_at, now: dt.datetime) -> str:
    """"on_time" 按时 / "late" 超时 / "pending" 未到期（一处定义）。"""
    if first_response_at is not None:
        return "on_time" if first_due_at is None or first_response_at <= first_due_at else "late"
    if first_due_at is not None and first_due_at < now:
        return "late"
    return "pending"


def _percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


@dataclass
class StatRow:
    key: str
    label: str
    received: int = 0
    needing: int = 0
    responded: int = 0
    on_time: int = 0
    late: int = 0
    resolved: int = 0
    first_hours: list[float] = field(default_factory=list, repr=False)
    resolve_hours: list[float] = field(default_factory=list, repr=False)

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.needing if self.needing else None

    @property
    def on_time_rate(self) -> float | None:
        judged = self.on_time + self.late
        return self.on_time / judged if judged else None

    @property
    def first_median(self) -> float | None:
        return statistics.median(self.first_hours) if self.first_hours else None

    @property
    def first_p90(self) -> float | None:
        return _percentile(self.first_hours, 0.9)

    @property
    def resolve_median(self) -> float | None:
        return statistics.median(self.resolve_hours) if self.resolve_hours else None

    @property
    def resolve_p90(self) -> float | None:
        return _percentile(self.resolve_hours, 0.9)

    def to_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "received": self.received, "needing": self.needing,
                "responded": self.responded, "on_time": self.on_time, "late": self.late, "resolved": self.resolved,
                "response_rate": self.response_rate, "on_time_rate": self.on_time_rate,
                "first_median_hours": self.first_median, "first_p90_hours": self.first_p90,
                "resolve_median_hours": self.resolve_median, "resolve_p90_hours": self.resolve_p90}


BY_CHOICES = {"account": "账号", "category": "分类", "department": "处室", "month": "月份", "day": "日期",
              "platform": "平台"}
_GROUP_FIELD = {"account": "account_id", "category": "category", "department": "department_id", "platform": "platform"}


def _fixed_offset(tz, lo: dt.datetime, hi: dt.datetime) -> int | None:
    """时区在 lo–hi 之间的固定 UTC 偏移（秒；北京时间一直是 +8）；其间有夏令时切换时为 None。"""
    offsets = set()
    day = lo
    while day <= hi:
        offsets.add(day.astimezone(tz).utcoffset())
        day += dt.timedelta(hours=12)
    offsets.add(hi.astimezone(tz).utcoffset())
    return int(offsets.pop().total_seconds()) if len(offsets) == 1 else None


def _local_period(by: str, tz, lo: dt.datetime, hi: dt.datetime):
    """按收到日期（当地时间）分组的表达式：day → "YYYY-MM-DD"，month → "YYYY-MM"。
    SQLite 上时区偏移固定时用它自带的 date()/strftime()（逐行调用 Django 的 Python 时区函数，8 万条要近 1 秒）。"""
    offset = _fixed_offset(tz, lo, hi) if connection.vendor == "sqlite" else None
    col = f'"{Message._meta.db_table}"."received_at"'
    if offset is not None:
        fmt = "%Y-%m-%d" if by == "day" else "%Y-%m"
        return RawSQL(f"strftime('{fmt}', {col}, '{offset:+d} seconds')", [], output_field=CharField())
    trunc = TruncDay if by == "day" else TruncMonth
    return trunc("received_at", tzinfo=tz, output_field=DateTimeField())


def _key_of(by: str, value) -> str:
    if by in ("day", "month"):
        if isinstance(value, dt.datetime):
            return f"{value:%Y-%m-%d}" if by == "day" else f"{value:%Y-%m}"
        return value
    if by == "department":
        return str(value or "")
    return str(value)


def stats(workspace, start: dt.date, end: dt.date, *, by: str = "", now: dt.datetime | None = None,
          account: int | None = None, platform: str = "", hours: bool = True) -> dict:
    """统计（收到时间在 start–end 内的消息，北京时间）。by 为空只给合计；否则再按 账号/分类/处室/月份/日期/平台 分组。

    条数用一次分组聚合查询；用时读服务存下的工作时间（秒），一次取出需答复且已响应或已办结的用时算中位数与
    第 90 百分位（hours=False 时不取，只要条数的调用方如互动事实用）。个别时间点不是经服务写入（没有存用时）的消息
    当场按工作时段补算。"""
    now = now or clock.now()
    tz = timezone.get_current_timezone()
    lo = timezone.make_aware(dt.datetime.combine(start, dt.time(0)), tz)
    hi = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0)), tz)
    qs = Message.objects.filter(workspace=workspace, received_at__gte=lo, received_at__lt=hi)
    if account:
        qs = qs.filter(account_id=account)
    if platform:
        qs = qs.filter(platform=platform)
    if by in ("day", "month"):
        qs = qs.annotate(_group=_local_period(by, tz, lo, hi))
        group = "_group"
    else:
        group = _GROUP_FIELD.get(by)
    need = ~Q(category=Category.CHAT)
    answered = Q(first_response_at__isnull=False)
    counts = {
        "received": Count("id"),
        "needing": Count("id", filter=need),
        "responded": Count("id", filter=need & answered),
        # 按时/超时与 timeliness() 同一口径
        "on_time": Count("id", filter=need & answered & (Q(first_due_at__isnull=True)
                                                          | Q(first_response_at__lte=F("first_due_at")))),
        "late": Count("id", filter=need & (Q(first_response_at__gt=F("first_due_at"))
                                           | Q(first_response_at__isnull=True, first_due_at__lt=now))),
        "resolved": Count("id", filter=need & Q(resolved_at__isnull=False)),
    }
    total = StatRow("all", "合计")
    groups: dict[str, StatRow] = {}
    if group:
        for row in qs.values(group).annotate(**counts).order_by():
            key = _key_of(by, row[group])
            groups[key] = StatRow(key, key, **{k: row[k] for k in counts})
        for name in counts:
            setattr(total, name, sum(getattr(r, name) for r in groups.values()))
    else:
        agg = qs.aggregate(**counts)
        for name in counts:
            setattr(total, name, agg[name] or 0)
    stale = ExpressionWrapper(Q(first_response_at__isnull=False, first_response_seconds__isnull=True)
                              | Q(resolved_at__isnull=False, resolve_seconds__isnull=True), output_field=BooleanField())
    timed = (qs.filter(need & (answered | Q(resolved_at__isnull=False)))
             .annotate(_stale=stale).values_list(group or "id", "first_response_seconds", "resolve_seconds", "_stale", "id")
             .order_by())
    missing: dict[int, StatRow | None] = {}
    for key, first_s, resolve_s, is_stale, pk in (timed.iterator(5000) if hours else ()):
        row = groups.get(_key_of(by, key)) if group else None
        if is_stale:
            missing[pk] = row
            continue
        _add_hours(total, row, first_s, resolve_s)
    if missing:
        clocks: dict = {}
        for pk, platform_, received, first_at, resolved, paused in Message.objects.filter(pk__in=list(missing)).values_list(
                "id", "platform", "received_at", "first_response_at", "resolved_at", "paused_seconds"):
            c = timing.clock_for(workspace, platform_, cache=clocks)
            _add_hours(total, missing[pk], *timing.durations(c, received, first_at, resolved, paused))
    _label_rows(by, groups, workspace)
    ordered = sorted(groups.values(), key=lambda r: r.key if by in ("month", "day") else (-r.received, r.key))
    return {"total": total, "rows": ordered, "by": by, "start": start, "end": end}


def _add_hours(total: StatRow, row: StatRow | None, first_s: int | None, resolve_s: int | None) -> None:
    for r in (total, row) if row is not None else (total,):
        if first_s is not None:
            r.first_hours.append(first_s / 3600)
        if resolve_s is not None:
            r.resolve_hours.append(resolve_s / 3600)


def _label_rows(by: str, groups: dict[str, StatRow], workspace) -> None:
    if by == "account":
        names = {str(a.pk): f"{a.platform.name}·{a.name}" for a in
                 OfficialAccount.objects.filter(workspace=workspace, pk__in=[int(k) for k in groups]).select_related("platform")}
    elif by == "department":
        names = dict(Department.objects.filter(workspace=workspace, pk__in=[int(k) for k in groups if k])
                     .values_list("id", "name"))
        names = {str(k): v for k, v in names.items()} | {"": "未转处室"}
    elif by == "category":
        names = dict(Category.choices)
    elif by == "platform":
        names = {k: zh(k, "platform") or k for k in groups}
    else:
        names = {}
    for key, row in groups.items():
        if by == "month":
            y, m = key.split("-")
            row.label = f"{int(y)} 年 {int(m)} 月"
        elif by == "day":
            _y, m, d = key.split("-")
            row.label = f"{int(m)} 月 {int(d)} 日"
        else:
            row.label = names.get(key, key)


def facts_revision(workspace) -> tuple:
    """互动事实的版本：写消息的服务每次改动都换新值（services.facts_changed）；再加上今天的日期，
    因为没有响应的消息过了期限就从“未到期”变成“超时”。只读一行，不扫消息表。"""
    version = InboxSettings.objects.filter(workspace=workspace).values_list("facts_version", flat=True).first()
    return (version or "", clock.today().isoformat())


def archive_rows(workspace, start: dt.date | None = None, end: dt.date | None = None) -> Iterable[tuple]:
    """档案导出：每条消息与它的每条答复（一行一条答复；没有答复的消息一行）。"""
    qs = Message.objects.filter(workspace=workspace)
    if start:
        qs = qs.filter(received_at__date__gte=start)
    if end:
        qs = qs.filter(received_at__date__lte=end)
    qs = qs.select_related("account__platform", "department", "assignee").prefetch_related(
        "replies__written_by", "replies__approved_by", "replies__sent_by").order_by("received_at", "id")
    for m in qs.iterator(2000):
        replies = list(m.replies.all()) or [None]
        for r in replies:
            yield m, r


# ---------------------------------------------------------------- 平台接入


def ingest_overview(workspace) -> list[dict]:
    """工作区每个账号的接入方式与评论拉取状态（平台接入页）。"""
    accounts = list(OfficialAccount.objects.filter(workspace=workspace).select_related("platform")
                    .order_by("platform__code", "name"))
    states = {s.account_id: s for s in IngestState.objects.filter(account__in=accounts)}
    configured = set(AccountCredential.objects.filter(account__in=accounts).values_list("account_id", flat=True))
    rows = []
    for a in accounts:
        api = a.platform.code in ingest.COMMENT_PLATFORMS
        push = a.platform.code in ingest.PUSH_PLATFORMS
        method = "接口拉取（每 5 分钟）" if api else "导入或人工登记"
        if push:
            method += "＋消息推送"
        state = states.get(a.pk)
        rows.append({"account": a, "state": state, "api": api, "push": push, "configured": a.pk in configured,
                     "method": method, "failing": bool(state and state.failing)})
    return rows


def ingest_failing_count(workspace) -> int:
    """最近一次拉取失败的账号数（收件箱“平台接入”按钮上的红点）。"""
    return (IngestState.objects.filter(workspace=workspace, last_error_at__isnull=False)
            .filter(Q(last_success_at__isnull=True) | Q(last_error_at__gt=F("last_success_at"))).count())
