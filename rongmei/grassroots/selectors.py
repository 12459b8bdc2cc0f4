"""读：范围（谁能看到哪些线索与积分）、重复检测、排行、培训进度、媒体采用、涨粉质量。每个数字只在这里算一次。"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from rongmei.core import clock
from rongmei.core.permissions import has_perm
from rongmei.engines import months
from rongmei.engines.textclass.neardup import shingle_similarity

from . import followstats, rules
from .choices import DEFAULT_POINTS, FACT_LEVEL, Attendance, ClueStatus, PointKind
from .models import (
    Campaign,
    CampaignUnit,
    Clue,
    Course,
    Draw,
    Enrolment,
    Exchange,
    FollowerDay,
    Material,
    Member,
    NetworkSettings,
    Partner,
    Placement,
    PointEntry,
    Quiz,
    Session,
    Unit,
)
from .permissions import GrassrootsPerm

DUPLICATE_DAYS = 30
DUPLICATE_THRESHOLD = 0.45
DUPLICATE_SCAN = 500


# ---------------------------------------------------------------- 单位与人员
def units_of(workspace) -> QuerySet[Unit]:
    return Unit.objects.filter(workspace=workspace)


def unit_get(workspace, pk) -> Unit:
    unit = units_of(workspace).filter(pk=pk).first()
    if unit is None:
        raise Http404("单位不存在")
    return unit


def subtree(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(workspace_id=unit.workspace_id, path__startswith=unit.path)


def members_of(workspace) -> QuerySet[Member]:
    return Member.objects.filter(workspace=workspace).select_related("unit", "user")


def member_get(workspace, pk) -> Member:
    m = members_of(workspace).filter(pk=pk).first()
    if m is None:
        raise Http404("人员不存在")
    return m


def member_for(user, workspace) -> Member | None:
    if user is None or not user.is_authenticated:
        return None
    return members_of(workspace).filter(user=user, active=True).first()


@dataclass(frozen=True)
class Scope:
    """一个人能看到的线索与积分：全部（编辑、组长）、本单位子树（单位管理员）或只有自己。"""

    everything: bool
    member: Member | None
    unit: Unit | None  # 单位管理员的单位

    @property
    def label(self) -> str:
        if self.everything:
            return "全部单位"
        if self.unit is not None:
            return f"{self.unit.name}及下级单位"
        return "本人"


def scope_for(user, workspace) -> Scope:
    member = member_for(user, workspace)
    if has_perm(user, workspace, GrassrootsPerm.TRIAGE) or has_perm(user, workspace, GrassrootsPerm.VIEW):
        return Scope(True, member, None)
    if member is not None and member.is_unit_admin:
        return Scope(False, member, member.unit)
    return Scope(False, member, None)


def _scoped(qs, scope: Scope, *, member_field="member", unit_field="unit"):
    if scope.everything:
        return qs
    if scope.unit is not None:
        return qs.filter(**{f"{unit_field}__path__startswith": scope.unit.path})
    if scope.member is None:
        return qs.none()
    return qs.filter(**{member_field: scope.member})


# ---------------------------------------------------------------- 线索
def clues_for(workspace, scope: Scope, *, status: str = "", q: str = "", unit: int | None = None) -> QuerySet[Clue]:
    qs = _scoped(Clue.objects.filter(workspace=workspace), scope).select_related("member", "unit", "item")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(place__icontains=q))
    if unit:
        u = units_of(workspace).filter(pk=unit).first()
        if u is not None:
            qs = qs.filter(unit__path__startswith=u.path)
    return qs


def clue_get(workspace, scope: Scope, pk: int) -> Clue:
    clue = clues_for(workspace, scope).prefetch_related("files", "points").filter(pk=pk).first()
    if clue is None:
        raise Http404("线索不存在或您无权查看")
    return clue


def pending_count(workspace) -> int:
    return Clue.objects.filter(workspace=workspace, status__in=[ClueStatus.SUBMITTED, ClueStatus.VERIFY]).count()


@dataclass(frozen=True)
class Similar:
    clue: Clue
    similarity: float

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def similar_clues(clue: Clue, *, days: int = DUPLICATE_DAYS, threshold: float = DUPLICATE_THRESHOLD) -> list[Similar]:
    """近 days 天内（本工作区）与这条线索文字相近的线索（字符片段 Jaccard，规范化后比较），相似度从高到低。"""
    since = clue.created_at - dt.timedelta(days=days)
    text = f"{clue.title}\n{clue.body}"
    candidates = (Clue.objects.filter(workspace_id=clue.workspace_id, created_at__gte=since,
                                      created_at__lte=clue.created_at + dt.timedelta(days=days))
                  .exclude(pk=clue.pk).select_related("member", "unit").order_by("-created_at")[:DUPLICATE_SCAN])
    out = []
    for other in candidates:
        sim = shingle_similarity(text, f"{other.title}\n{other.body}")
        if sim >= threshold:
            out.append(Similar(other, sim))
    return sorted(out, key=lambda s: -s.similarity)[:5]


# ---------------------------------------------------------------- 积分与排行
def ledger_for(workspace, scope: Scope, *, member: Member | None = None) -> QuerySet[PointEntry]:
    qs = _scoped(PointEntry.objects.filter(workspace=workspace), scope).select_related("member", "unit", "clue",
                                                                                      "reversed_by")
    if member is not None:
        qs = qs.filter(member=member)
    return qs


def points_policy(workspace) -> dict[str, int]:
    """本工作区当前的积分标准（没改过时用默认值）：{"adopted": 5, "published": 10}。"""
    ws_id = getattr(workspace, "pk", workspace)
    row = NetworkSettings.objects.filter(workspace_id=ws_id).values_list("adopted_points", "published_points").first()
    if row is None:
        return {str(k): v for k, v in DEFAULT_POINTS.items()}
    return {PointKind.ADOPTED.value: row[0], PointKind.PUBLISHED.value: row[1]}


def points_total(workspace, member: Member) -> int:
    return PointEntry.objects.filter(workspace=workspace, member=member).aggregate(s=Sum("points"))["s"] or 0


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(text: str) -> dt.date:
    try:
        year, month = (int(x) for x in (text or "").split("-", 1))
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        return months.month_start(clock.today())


def default_month(workspace) -> dt.date:
    """排行页默认的月份：本月；本月还没有积分时取最近一个有积分的月份。"""
    this = months.month_start(clock.today())
    latest = PointEntry.objects.filter(workspace=workspace).aggregate(m=Max("month"))["m"]
    if latest and latest < month_key(this):
        return parse_month(latest)
    return this


@dataclass
class RankRow:
    rank: int
    key: int
    name: str
    unit_name: str
    points: int
    clues: int
    adopted: int
    published: int

    @property
    def adoption_rate(self) -> float | None:
        return self.adopted / self.clues if self.clues else None


def rankings(workspace, month: dt.date, *, by: str = "member", depth: int | None = None,
             scope: Scope | None = None, limit: int | None = None) -> list[RankRow]:
    """某月排行：积分（流水之和，含冲销）、报送条数、采用条数、已发布条数。

    by="member" 按人；by="unit" 按单位（depth 给定时把下级单位汇总到该层级的上级，如 0 = 盟市）。
    线索按报送月份计条数，积分按流水计入月份；两者都只在这里算。"""
    key = month_key(month)
    start = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(months.next_month(month), dt.time.min))
    ledger = PointEntry.objects.filter(workspace=workspace, month=key)
    clues = Clue.objects.filter(workspace=workspace, created_at__gte=start, created_at__lt=end)
    if scope is not None:
        ledger, clues = _scoped(ledger, scope), _scoped(clues, scope)
    field_name = "member_id" if by == "member" else "unit_id"
    pts = dict(ledger.values_list(field_name).annotate(s=Sum("points")).order_by())
    counts = {row[field_name]: row for row in clues.values(field_name).annotate(
        n=Count("id"), a=Count("id", filter=Q(status=ClueStatus.ADOPTED)),
        p=Count("id", filter=Q(published_at__isnull=False))).order_by()}
    ids = set(pts) | set(counts)
    if by == "member":
        names = {pk: (name, unit) for pk, name, unit in
                 Member.objects.filter(workspace=workspace).values_list("pk", "name", "unit__name")}
        groups = {i: i for i in ids}
    else:
        units = {u.pk: u for u in Unit.objects.filter(workspace=workspace)}
        groups = {}
        for i in ids:
            u = units.get(i)
            if u is None:
                continue
            if depth is not None and u.depth > depth:
                anc_id = int(u.path.strip("/").split("/")[depth])
                groups[i] = anc_id
            else:
                groups[i] = i
        names = {pk: (u.name, u.get_kind_display()) for pk, u in units.items()}
    agg: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for i in ids:
        g = groups.get(i)
        if g is None:
            continue
        row = agg[g]
        row[0] += pts.get(i, 0) or 0
        c = counts.get(i)
        if c:
            row[1] += c["n"]
            row[2] += c["a"]
            row[3] += c["p"]
    ordered = sorted(agg.items(), key=lambda kv: (-kv[1][0], -kv[1][2], names.get(kv[0], ("", ""))[0]))
    out = []
    for n, (pk, (p, c, a, pub)) in enumerate(ordered[:limit] if limit else ordered, start=1):
        name, sub = names.get(pk, ("（已删除）", ""))
        out.append(RankRow(n, pk, name, sub, p, c, a, pub))
    return out


# ---------------------------------------------------------------- 媒体采用与互推
def placements_of(workspace, *, level: str = "", start: dt.date | None = None,
                  end: dt.date | None = None) -> QuerySet[Placement]:
    """媒体采用清单（唯一入口；全网传播统计等其他应用也读这里）。"""
    qs = Placement.objects.filter(workspace=workspace).select_related("item", "clue")
    if level:
        qs = qs.filter(level=level)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    return qs


def placement_get(workspace, pk: int) -> Placement:
    p = placements_of(workspace).filter(pk=pk).first()
    if p is None:
        raise Http404("媒体采用记录不存在")
    return p


def placement_counts(workspace, *, start: dt.date | None = None, end: dt.date | None = None) -> dict[str, int]:
    """按合同口径（facts-v1 的级别：省级、国家级；中央级计入国家级）的条数。"""
    out: dict[str, int] = defaultdict(int)
    for level, n in placements_of(workspace, start=start, end=end).values_list("level").annotate(n=Count("id")).order_by():
        out[FACT_LEVEL.get(level, level)] += n
    return dict(out)


def partners_of(workspace) -> QuerySet[Partner]:
    return Partner.objects.filter(workspace=workspace).annotate(
        planned=Count("exchanges", filter=Q(exchanges__state="planned")),
        done=Count("exchanges", filter=Q(exchanges__state="done")))


def exchanges_of(workspace) -> QuerySet[Exchange]:
    return Exchange.objects.filter(partner__workspace=workspace).select_related("partner")


def exchange_get(workspace, pk: int) -> Exchange:
    e = exchanges_of(workspace).filter(pk=pk).first()
    if e is None:
        raise Http404("互推记录不存在")
    return e


# ---------------------------------------------------------------- 培训
def courses_of(workspace) -> QuerySet[Course]:
    return Course.objects.filter(workspace=workspace).annotate(n_sessions=Count("sessions", distinct=True),
                                                             hours=Sum("sessions__hours"))


def course_get(workspace, pk: int) -> Course:
    c = Course.objects.filter(workspace=workspace, pk=pk).first()
    if c is None:
        raise Http404("课程不存在")
    return c


def session_get(workspace, pk: int) -> Session:
    s = Session.objects.filter(course__workspace=workspace, pk=pk).select_related("course").first()
    if s is None:
        raise Http404("培训场次不存在")
    return s


def materials_of(course: Course) -> QuerySet[Material]:
    return Material.objects.filter(course=course).select_related("session", "uploaded_by")


def training_videos(workspace, start: dt.date, end: dt.date) -> list[Material]:
    """期间内（场次日期，未关联场次的按上传日期，北京时间）的培训视频：合同按时长计“培训视频课时”。"""
    out = []
    for m in Material.objects.filter(course__workspace=workspace, kind="video", duration_seconds__gt=0) \
            .select_related("course", "session"):
        day = m.session.date if m.session_id else timezone.localtime(m.uploaded_at).date()
        if start <= day <= end:
            out.append(m)
    return sorted(out, key=lambda m: (m.session.date if m.session_id else timezone.localtime(m.uploaded_at).date(),
                                      m.pk))


def session_by_token(workspace_slug: str, token: str) -> Session:
    s = (Session.objects.filter(course__workspace__slug=workspace_slug, signin_token=token)
         .exclude(signin_token="").select_related("course__workspace").first())
    if s is None:
        raise Http404("签到二维码无效或已更换，请重新扫描现场的二维码")
    return s


def session_roster(session: Session) -> QuerySet[Enrolment]:
    return session.enrolments.select_related("member__unit").order_by("member__unit__path", "member__name")


@dataclass
class HoursRow:
    member: Member
    hours: Decimal
    target: Decimal
    sessions: int = 0

    @property
    def behind(self) -> Decimal:
        return max(self.target - self.hours, Decimal(0))

    @property
    def done(self) -> bool:
        return self.hours >= self.target


@dataclass
class CourseProgress:
    course: Course
    rows: list[HoursRow] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for r in self.rows if r.done)

    @property
    def behind_rows(self) -> list[HoursRow]:
        return [r for r in self.rows if not r.done]


def course_progress(course: Course, scope: Scope | None = None) -> CourseProgress:
    """每人已签到的课时与应完成课时（只计“已签到”；报名未到不算）。对象为课程培训对象对应身份的在册人员。"""
    hours = defaultdict(lambda: Decimal(0))
    sessions = defaultdict(int)
    for mid, h in Enrolment.objects.filter(session__course=course, state=Attendance.ATTENDED).values_list(
            "member_id", "session__hours"):
        hours[mid] += h
        sessions[mid] += 1
    people = Member.objects.filter(workspace_id=course.workspace_id, active=True).select_related("unit")
    if course.audience != "all":
        people = people.filter(Q(kind=course.audience) | Q(pk__in=list(hours)))
    if scope is not None:
        people = _scoped(people, scope, member_field="pk")
    rows = [HoursRow(m, hours[m.pk], course.target_hours, sessions[m.pk]) for m in people]
    rows.sort(key=lambda r: (r.done, r.hours, r.member.unit.path, r.member.name))
    return CourseProgress(course, rows)


def member_hours(member: Member) -> list[tuple[Course, Decimal, list[Session]]]:
    out = []
    by_course: dict[int, list[Session]] = defaultdict(list)
    for e in Enrolment.objects.filter(member=member, state=Attendance.ATTENDED).select_related("session__course"):
        by_course[e.session.course_id].append(e.session)
    for course in Course.objects.filter(pk__in=list(by_course)):
        ss = sorted(by_course[course.pk], key=lambda s: s.date)
        out.append((course, sum((s.hours for s in ss), Decimal(0)), ss))
    return out


def training_sessions(workspace, start: dt.date, end: dt.date) -> QuerySet[Session]:
    return (Session.objects.filter(course__workspace=workspace, date__gte=start, date__lte=end)
            .select_related("course")
            .annotate(attended=Count("enrolments", filter=Q(enrolments__state=Attendance.ATTENDED))))


# ---------------------------------------------------------------- 涨粉活动与归因
def campaigns_of(workspace, scope: Scope | None = None) -> QuerySet[Campaign]:
    """活动列表；给了单位管理员的范围时只列有本单位或下级单位参加的活动。"""
    qs = Campaign.objects.filter(workspace=workspace).select_related("account")
    if scope is not None and not scope.everything:
        if scope.unit is None:
            return qs.none()
        qs = qs.filter(pk__in=CampaignUnit.objects.filter(unit__path__startswith=scope.unit.path)
                       .values("campaign_id"))
    return qs


def campaign_get(workspace, pk: int, scope: Scope | None = None) -> Campaign:
    c = campaigns_of(workspace, scope).filter(pk=pk).first()
    if c is None:
        raise Http404("涨粉活动不存在")
    return c


def campaign_scope(user, workspace) -> Scope | None:
    """谁能看涨粉活动：能看基层网络的（全部单位），单位管理员（只读，本单位及下级单位）；其他人 None。"""
    if has_perm(user, workspace, GrassrootsPerm.VIEW):
        return Scope(True, None, None)
    scope = scope_for(user, workspace)
    return scope if scope.unit is not None else None


def in_scope(rows: list[QualityRow], scope: Scope | None) -> list[QualityRow]:
    """只留范围内的单位（名次、奖惩仍按全部单位排出后再筛，单位管理员看到的是本单位在全活动里的名次）。"""
    if scope is None or scope.everything:
        return rows
    if scope.unit is None:
        return []
    return [r for r in rows if r.cu.unit.path.startswith(scope.unit.path)]


def campaign_unit_by_scene(account_id: int, scene: str) -> CampaignUnit | None:
    return (CampaignUnit.objects.filter(scene_str=scene, campaign__account_id=account_id)
            .select_related("campaign").first())


@dataclass
class QualityRow:
    cu: CampaignUnit
    new: int
    unfollow_7: int
    unfollow_30: int
    active: int
    flags: list[str]
    flag_keys: set[str] = field(default_factory=set)

    @property
    def net(self) -> int:
        return self.new - self.unfollow_30

    @property
    def retention_7(self) -> float | None:
        return 1 - self.unfollow_7 / self.new if self.new else None

    @property
    def active_share(self) -> float | None:
        return self.active / self.new if self.new else None

    @property
    def progress(self) -> float | None:
        return self.net / self.cu.target if self.cu.target else None


def campaign_quality(campaign: Campaign, *, min_sample: int = 20, month: dt.date | None = None) -> list[QualityRow]:
    """每个单位：经本单位渠道码新关注的人数、7/30 天内取关人数、关注后有过互动的人数，以及触发的护栏。

    事件有两个来源，口径相同：公众号推送的（扫本单位带参数二维码）与从其他平台后台按来源渠道导入的
    （单位专属链接 ?from=渠道码）。用户按（来源账号, 用户标识）区分。
    新关注只计首次经渠道码关注的用户（同一用户反复关注只算一次）；给了 month 时只计该月首次关注的人
    （他们之后的取关与互动照样计入），用于月度排名。

    逐个用户的归并（口径）在 ``followstats.fold``，结果存为关注人汇总和按（单位, 首次关注日期）的计数；
    这里只对日计数做按单位的 SQL 求和（北京时间的日期，和按月的时间范围一致）。"""
    cus = list(campaign.units.select_related("unit").order_by("unit__path"))
    followstats.refresh(campaign)
    days = FollowerDay.objects.filter(campaign=campaign)
    if month is not None:
        days = days.filter(day__gte=months.month_start(month), day__lt=months.next_month(month))
    stats = {pk: [0, 0, 0, 0] for pk in (cu.pk for cu in cus)}
    for cu_id, new, u7, u30, act in days.values("campaign_unit_id").annotate(
            n=Sum("new"), u7=Sum("left_7"), u30=Sum("left_30"), act=Sum("active")) \
            .values_list("campaign_unit_id", "n", "u7", "u30", "act").order_by():
        if cu_id in stats:
            stats[cu_id] = [new, u7, u30, act]
    out = []
    for cu in cus:
        new, u7, u30, act = stats[cu.pk]
        flags, keys = [], set()
        pop = cu.unit.population
        if pop and cu.target > pop * campaign.max_population_share:
            keys.add(rules.FLAG_POPULATION)
            flags.append(f"目标 {cu.target} 人超过本单位常住人口 {pop} 人的 "
                         f"{float(campaign.max_population_share) * 100:g}%（规则：目标不得超过人口的合理比例，防止层层加码）")
        if new >= min_sample and u7 / new > campaign.fast_unfollow_share:
            keys.add(rules.FLAG_FAST_UNFOLLOW)
            flags.append(f"7 天内取关 {u7}/{new}，超过 {float(campaign.fast_unfollow_share) * 100:g}%"
                         "（规则：关注后很快取关，可能是被要求关注）")
        if new >= min_sample and (new - act) / new > campaign.never_active_share:
            keys.add(rules.FLAG_NEVER_ACTIVE)
            flags.append(f"关注后从无互动 {new - act}/{new}，超过 {float(campaign.never_active_share) * 100:g}%"
                         "（规则：只关注不阅读互动，可能是凑数）")
        out.append(QualityRow(cu, new, u7, u30, act, flags, keys))
    return out


def campaign_ranked(rows: list[QualityRow]) -> list[tuple[int, QualityRow]]:
    """月度排名：按净增（新增减 30 天内取关）、再按 7 天留存排；触发护栏的单位照排，但护栏写在旁边。"""
    def key(r):
        return (-r.net, -(r.retention_7 or 0))

    ordered = sorted(rows, key=lambda r: (*key(r), r.cu.unit.path))
    out, rank = [], 0
    for n, row in enumerate(ordered, start=1):  # 并列的单位名次相同（1、1、3），不按编号分先后
        if n == 1 or key(row) != key(ordered[n - 2]):
            rank = n
        out.append((rank, row))
    return out


def campaign_outcomes(campaign: Campaign, ranked: list[tuple[int, QualityRow]]) -> dict[int, list[tuple[str, str]]]:
    """按活动的奖惩规则（数据），每个单位适用的奖励、约束：{活动单位 id: [(“奖励”/“约束”, 内容)]}。"""
    return rules.outcomes(list(campaign.rules.order_by("-effect", "pk")), ranked)


def campaign_channels(campaign: Campaign) -> QuerySet:
    return campaign.channels.annotate(n_imports=Count("imports", distinct=True))


def campaign_totals(rows: list[QualityRow]) -> dict:
    new = sum(r.new for r in rows)
    return {"new": new, "unfollow_7": sum(r.unfollow_7 for r in rows), "unfollow_30": sum(r.unfollow_30 for r in rows),
            "active": sum(r.active for r in rows), "net": sum(r.net for r in rows),
            "target": sum(r.cu.target for r in rows), "flagged": sum(1 for r in rows if r.flags)}


# ---------------------------------------------------------------- 答题与抽奖
def quizzes_of(workspace) -> QuerySet[Quiz]:
    return Quiz.objects.filter(workspace=workspace).annotate(n=Count("entries"))


def quiz_get(workspace, pk: int) -> Quiz:
    q = Quiz.objects.filter(workspace=workspace, pk=pk).first()
    if q is None:
        raise Http404("答题活动不存在")
    return q


def quiz_by_token(workspace_slug: str, token: str) -> Quiz:
    q = Quiz.objects.filter(workspace__slug=workspace_slug, token=token).exclude(token="").first()
    if q is None:
        raise Http404("答题活动不存在，请确认链接完整")
    return q


def quiz_entry_for(quiz: Quiz, identity: str):
    return quiz.entries.filter(identity=identity).first()


def quiz_stats(quiz: Quiz) -> dict:
    """答题人数、按得分的人数分布、按身份来源的人数。"""
    by_score = dict(quiz.entries.values_list("score").annotate(n=Count("id")).order_by())
    by_via = dict(quiz.entries.values_list("via").annotate(n=Count("id")).order_by())
    total = len(quiz.questions)
    return {"entries": sum(by_score.values()), "by_score": [(s, by_score.get(s, 0)) for s in range(total, -1, -1)],
            "openid": by_via.get("openid", 0), "phone": by_via.get("phone", 0)}


def draws_of(workspace) -> QuerySet[Draw]:
    return Draw.objects.filter(workspace=workspace).select_related("quiz")


def draw_get(workspace, pk: int) -> Draw:
    d = draws_of(workspace).prefetch_related("prizes").filter(pk=pk).first()
    if d is None:
        raise Http404("抽奖不存在")
    return d


def facts_revision(workspace) -> tuple:
    p = Placement.objects.filter(workspace=workspace).aggregate(n=Count("id"), m=Max("id"))
    s = Session.objects.filter(course__workspace=workspace).aggregate(n=Count("id"), m=Max("id"))
    e = Enrolment.objects.filter(session__course__workspace=workspace).aggregate(
        n=Count("id"), a=Count("id", filter=Q(state=Attendance.ATTENDED)))
    c = Clue.objects.filter(workspace=workspace, status=ClueStatus.ADOPTED).count()
    v = Material.objects.filter(course__workspace=workspace, kind="video").aggregate(n=Count("id"), m=Max("id"))
    return (p["n"], p["m"], s["n"], s["m"], e["n"], e["a"], c, v["n"], v["m"])


_ = PointKind  # 供模板与服务共用的枚举从这里导出
