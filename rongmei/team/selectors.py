"""团队的读取：名册核对（要求 vs 到岗，按官方工作日、扣除请假）、请假与换班（按权限范围）、值班表与缺班、
此刻值班的人、值守检查的到期提醒、考核的定量数据。每个数字只在这里算一次，页面、接口、导出都读它。"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from rongmei.core import clock, contract_terms, facts, performance
from rongmei.core.permissions import has_perm
from rongmei.engines import months, workdays
from rongmei.engines.kpi import staffing as engine
from rongmei.engines.kpi.contract.model import DutyBand as EngineBand
from rongmei.engines.kpi.contract.model import Staffing

from .choices import ABSENT_STATES, DIMENSIONS, ChangeState, CheckKind, LeaveState, SwapState
from .models import Assessment, CheckRecord, CheckSchedule, DutyBand, Leave, Member, Shift, StaffChange, Swap
from .permissions import TeamPerm

LOOKAHEAD_DAYS = 14  # 提前多少天提示缺岗、缺班


# ---------------------------------------------------------------- 合同条款与名册
def staffing_of(workspace) -> Staffing | None:
    """当前合同的人员条款（core.contract_terms → 合同应用）；合同没有写人员条款时为 None。"""
    contract = contract_terms.current(workspace)
    return getattr(contract, "staffing", None)


def members_of(workspace, *, current: bool = False) -> QuerySet[Member]:
    qs = Member.objects.filter(workspace=workspace).select_related("user")
    if current:
        today = clock.today()
        qs = qs.filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
    return qs


def member_get(workspace, pk: int) -> Member:
    m = members_of(workspace).filter(pk=pk).first()
    if m is None:
        raise Http404("名册上没有这个人")
    return m


def member_of_user(workspace, user) -> Member | None:
    """这个账号在名册上的当前记录（请假、换班用）。"""
    if not getattr(user, "is_authenticated", False):
        return None
    today = clock.today()
    return (members_of(workspace).filter(user=user).filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
            .order_by("-joined_on").first())


def _absences(leaves) -> dict[int, list[tuple[dt.date, dt.date]]]:
    out: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for lv in leaves:
        end = lv.end
        if lv.state == LeaveState.RETURNED:
            if lv.returned_on is None or lv.returned_on <= lv.start:
                continue
            end = min(end, lv.returned_on - dt.timedelta(days=1))
        out.setdefault(lv.member_id, []).append((lv.start, end))
    return out


def people(workspace, start: dt.date, end: dt.date, *, exclude_leave: int | None = None,
           extra_leave: tuple[int, dt.date, dt.date] | None = None) -> list[engine.Person]:
    """名册 → 引擎的 Person（带 start..end 内的请假，含待批的）。extra_leave 用来预演一条还没保存的请假。"""
    members = list(Member.objects.filter(workspace=workspace, joined_on__lte=end)
                   .filter(Q(left_on__isnull=True) | Q(left_on__gte=start)))
    leaves = (Leave.objects.filter(workspace=workspace, start__lte=end, end__gte=start)
              .filter(state__in=[*ABSENT_STATES, LeaveState.RETURNED]))
    if exclude_leave:
        leaves = leaves.exclude(pk=exclude_leave)
    absences = _absences(leaves)
    if extra_leave:
        absences.setdefault(extra_leave[0], []).append((extra_leave[1], extra_leave[2]))
    return [engine.Person(m.pk, m.name, m.post, float(m.years), m.on_site, m.joined_on, m.left_on,
                          tuple(absences.get(m.pk, ()))) for m in members]


@dataclass
class Roster:
    day: dt.date
    staffing: Staffing | None
    covers: list = field(default_factory=list)  # engine.PostCover
    others: list = field(default_factory=list)  # 岗位不在合同里的在岗成员
    on_site: int = 0
    min_on_site: int = 0
    changes_used: int = 0
    changes_pending: int = 0
    max_changes: int | None = None
    gaps: list = field(default_factory=list)  # 未来 LOOKAHEAD_DAYS 天的缺岗（engine.Gap）

    @property
    def required(self) -> int:
        return sum(c.required for c in self.covers)

    @property
    def present(self) -> int:
        return sum(min(c.present, c.required) for c in self.covers)

    @property
    def changes_left(self) -> int | None:
        return None if self.max_changes is None else max(0, self.max_changes - self.changes_used)


def changes_used(workspace) -> int:
    """已获甲方同意的人员更换次数（合同限制按它算）。"""
    return StaffChange.objects.filter(workspace=workspace, state=ChangeState.APPROVED).count()


def roster(workspace, day: dt.date | None = None) -> Roster:
    """day 这一天的名册核对：每个合同岗位要求几人、在岗几人、到岗几人（扣除请假），驻场人数，更换次数，未来缺岗。"""
    day = day or clock.today()
    st = staffing_of(workspace)
    horizon = day + dt.timedelta(days=LOOKAHEAD_DAYS)
    ppl = people(workspace, day, horizon)
    out = Roster(day, st, changes_used=changes_used(workspace),
                 changes_pending=StaffChange.objects.filter(workspace=workspace, state=ChangeState.PENDING).count())
    out.on_site = engine.on_site_present(ppl, day)
    if st is None:
        out.others = [p for p in ppl if p.active(day)]
        return out
    out.covers = engine.post_cover(st, ppl, day)
    post_ids = {p.id for p in st.posts}
    out.others = [p for p in ppl if p.active(day) and p.post not in post_ids]
    out.min_on_site, out.max_changes = st.min_on_site, st.max_changes
    out.gaps = engine.gaps(st, ppl, day, horizon)
    return out


def leave_preview(workspace, member: Member, start: dt.date, end: dt.date, *, exclude: int | None = None) -> list:
    """如果 member 在 start..end 请假，哪些工作日哪个岗位会缺人（engine.Gap）；只算这条请假新造成的缺岗。"""
    st = staffing_of(workspace)
    if st is None:
        return []
    before = {(g.day, g.post.id) for g in engine.gaps(st, people(workspace, start, end, exclude_leave=exclude), start, end)}
    after = engine.gaps(st, people(workspace, start, end, exclude_leave=exclude, extra_leave=(member.pk, start, end)),
                        start, end)
    return [g for g in after if (g.day, g.post.id) not in before]


def changes_of(workspace) -> QuerySet[StaffChange]:
    return StaffChange.objects.filter(workspace=workspace).select_related(
        "leaving", "replacement", "requested_by", "decided_by")


def change_get(workspace, pk: int) -> StaffChange:
    c = changes_of(workspace).filter(pk=pk).first()
    if c is None:
        raise Http404("没有这条人员更换")
    return c


# ---------------------------------------------------------------- 请假（按权限范围）
def leaves_visible(user, workspace) -> QuerySet[Leave]:
    """组长与甲方看全部请假；其他人只看自己的。"""
    qs = Leave.objects.filter(workspace=workspace).select_related("member", "approved_by", "client_by")
    if has_perm(user, workspace, TeamPerm.MANAGE) or has_perm(user, workspace, TeamPerm.APPROVE_CHANGE):
        return qs
    return qs.filter(member__user=user)


def leave_get(user, workspace, pk: int) -> Leave:
    lv = leaves_visible(user, workspace).filter(pk=pk).first()
    if lv is None:
        raise Http404("没有这条请假")
    return lv


def leaves_waiting(user, workspace) -> QuerySet[Leave]:
    """等这个人审批的请假：组长看待组长审批的，甲方看待甲方审批的。"""
    states = []
    if has_perm(user, workspace, TeamPerm.MANAGE):
        states.append(LeaveState.PENDING)
    if has_perm(user, workspace, TeamPerm.APPROVE_CHANGE):
        states.append(LeaveState.CLIENT)
    return leaves_visible(user, workspace).filter(state__in=states)


def absent_on(workspace, day: dt.date) -> set[int]:
    """day 这天请假（含待批）的成员 id。"""
    ppl = people(workspace, day, day)
    return {p.id for p in ppl if p.absent(day)}


# ---------------------------------------------------------------- 值班
def bands_of(workspace) -> list[DutyBand]:
    return list(DutyBand.objects.filter(workspace=workspace))


def band_get(workspace, pk: int) -> DutyBand:
    b = DutyBand.objects.filter(workspace=workspace, pk=pk).first()
    if b is None:
        raise Http404("没有这个值班时段")
    return b


def engine_band(band: DutyBand) -> EngineBand:
    return EngineBand(band.code, band.name, band.start_minute, band.end_minute, band.days, band.on_site)


@dataclass
class RotaCell:
    band: DutyBand
    applies: bool
    shifts: list
    absent: list  # 排了班但当天请假的人
    gap: bool  # 要排班而没有到岗的人


@dataclass
class RotaDay:
    day: dt.date
    workday: bool
    holiday: str | None  # 法定节假日名称（放假的日子）
    weekend: bool
    cells: list
    makeup: str | None = None  # 调休上班日的说明，如“春节调休上班”

    @property
    def adjusted(self) -> bool:
        """调休上班日（周末但要上班）。"""
        return bool(self.makeup) or (self.workday and self.weekend)


def rota(workspace, start: dt.date, end: dt.date) -> list[RotaDay]:
    """start..end 每天每个时段：是否要排（官方日历）、谁值班、谁请假、是否缺班。"""
    bands = bands_of(workspace)
    shifts: dict[tuple[int, dt.date], list[Shift]] = {}
    for s in Shift.objects.filter(workspace=workspace, day__range=(start, end)).select_related("member", "member__user"):
        shifts.setdefault((s.band_id, s.day), []).append(s)
    ppl = {p.id: p for p in people(workspace, start, end)}
    out = []
    for day in workdays.days_in_range(start, end):
        cells = []
        for band in bands:
            applies = engine.band_applies(engine_band(band), day)
            here = shifts.get((band.pk, day), [])
            absent = [s for s in here if s.member_id in ppl and ppl[s.member_id].absent(day)]
            cells.append(RotaCell(band, applies, here, absent, applies and len(here) == len(absent)))
        workday, name = workdays.is_workday(day), workdays.holiday_name(day)
        out.append(RotaDay(day, workday, None if workday else name, day.weekday() >= 5, cells,
                           name if workday else None))
    return out


def rota_month(workspace, month: dt.date) -> list[RotaDay]:
    first = months.month_start(month)
    return rota(workspace, first, months.month_end(first))


def rota_gaps(workspace, start: dt.date | None = None, days: int = LOOKAHEAD_DAYS) -> list[tuple[dt.date, RotaCell]]:
    """未来几天里要排班却没人到岗的时段（没排或排的人请假）。"""
    start = start or clock.today()
    end = engine.calendar_end(start + dt.timedelta(days=days - 1))
    if end < start:
        return []
    return [(d.day, c) for d in rota(workspace, start, end) for c in d.cells if c.gap]


def shifts_during(workspace, member: Member, start: dt.date, end: dt.date) -> QuerySet[Shift]:
    """member 在 start..end 排到的班（请假时这些班要换人）。"""
    return (Shift.objects.filter(workspace=workspace, member=member, day__range=(start, end))
            .select_related("band").order_by("day", "band__order"))


def shift_get(workspace, pk: int) -> Shift:
    s = Shift.objects.filter(workspace=workspace, pk=pk).select_related("band", "member").first()
    if s is None:
        raise Http404("没有这个班次")
    return s


def swaps_of(workspace) -> QuerySet[Swap]:
    return Swap.objects.filter(workspace=workspace).select_related(
        "shift", "shift__band", "from_member", "to_member", "requested_by", "decided_by")


def swap_get(workspace, pk: int) -> Swap:
    s = swaps_of(workspace).filter(pk=pk).first()
    if s is None:
        raise Http404("没有这条换班申请")
    return s


def swaps_pending(workspace) -> QuerySet[Swap]:
    return swaps_of(workspace).filter(state=SwapState.PENDING)


def on_duty_members(workspace, at: dt.datetime) -> list[Member]:
    """at 时刻值班的人（排班表；当天请假的不算）。"""
    local = timezone.localtime(at) if timezone.is_aware(at) else at
    bands = {b.code: b for b in bands_of(workspace)}
    current = engine.bands_at([engine_band(b) for b in bands.values()], local)
    if not current:
        return []
    q = Q()
    for band, day in current:
        q |= Q(band=bands[band.id], day=day)
    shifts = list(Shift.objects.filter(workspace=workspace).filter(q).select_related("member", "member__user"))
    days = {day for _b, day in current}
    absent = set().union(*(absent_on(workspace, d) for d in days))
    return [s.member for s in shifts if s.member_id not in absent]


def on_duty(workspace, at: dt.datetime) -> list:
    """core.duty 的登记函数：此刻在排班表上值班、有系统账号的人。"""
    return [m.user for m in on_duty_members(workspace, at) if m.user_id and m.user.is_active]


# ---------------------------------------------------------------- 值守检查
@dataclass
class CheckStatus:
    kind: str
    label: str
    every_days: int
    last: CheckRecord | None
    due: dt.date

    @property
    def overdue(self) -> bool:
        return self.due < clock.today()

    @property
    def due_today(self) -> bool:
        return self.due == clock.today()


DEFAULT_EVERY = {CheckKind.OFFICE: 1, CheckKind.EQUIPMENT: 7, CheckKind.NETSEC: 7}


def checks_of(workspace, kind: str = "") -> QuerySet[CheckRecord]:
    qs = CheckRecord.objects.filter(workspace=workspace).select_related("checked_by")
    return qs.filter(kind=kind) if kind else qs


def check_status(workspace) -> list[CheckStatus]:
    """每类检查：提醒周期、最近一次、下次应在哪天前做（没做过的今天就该做）。"""
    every = {s.kind: s.every_days for s in CheckSchedule.objects.filter(workspace=workspace)}
    out = []
    for kind in CheckKind:
        days = every.get(kind.value, DEFAULT_EVERY[kind])
        last = checks_of(workspace, kind.value).first()
        due = last.checked_on + dt.timedelta(days=days) if last else clock.today()
        out.append(CheckStatus(kind.value, kind.label, days, last, due))
    return out


def checks_overdue(workspace) -> int:
    return sum(1 for s in check_status(workspace) if s.overdue or (s.due_today and s.last is None))


# ---------------------------------------------------------------- 考核
def period_range(year: int, period: str) -> tuple[dt.date, dt.date]:
    if period == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    q = int(period[1])
    start = dt.date(year, 3 * q - 2, 1)
    return start, months.month_end(dt.date(year, 3 * q, 1))


@dataclass(frozen=True)
class Figure:
    dimension: str
    label: str
    value: float | None
    unit: str
    source: str


def team_figures(workspace, start: dt.date, end: dt.date) -> list[Figure]:
    """团队整体的定量数据（core.facts：发布、数据、互动、交付物）。"""
    rows = facts.collect(workspace, start, end)
    published = sum(1 for f in rows if f.get("type") == "publication")
    delivered = sum(1 for f in rows if f.get("type") == "deliverable")
    reach = sum(float(f.get("value") or 0) for f in rows
                if f.get("type") == "metric" and f.get("name") in ("reads", "plays"))
    on_time = sum(float(f.get("value") or 0) for f in rows if f.get("type") == "metric" and f.get("name") == "replies_on_time")
    late = sum(float(f.get("value") or 0) for f in rows if f.get("type") == "metric" and f.get("name") == "replies_late")
    return [
        Figure("quality", "制作交付物", delivered, "件", "采编交付记录"),
        Figure("reach", "发布内容", published, "条", "发布记录"),
        Figure("reach", "阅读与播放量", reach, "次", "平台数据"),
        Figure("interaction", "互动按时答复率", on_time / (on_time + late) if on_time + late else None, "ratio", "互动答复"),
        Figure("interaction", "互动答复", on_time + late, "条", "互动答复"),
        *security_figures(workspace, start, end),
    ]


def security_figures(workspace, start: dt.date, end: dt.date) -> list[Figure]:
    """安全管理的定量部分：本期网络安全检查次数、各类值守检查发现的问题（本应用的检查记录）。"""
    checks = CheckRecord.objects.filter(workspace=workspace, checked_on__range=(start, end))
    return [
        Figure("security", "网络安全检查", checks.filter(kind=CheckKind.NETSEC).count(), "次", "值守检查"),
        Figure("security", "检查发现的问题", checks.filter(problem=True).count(), "次", "值守检查"),
    ]


def person_figures(workspace, member: Member, start: dt.date, end: dt.date) -> list[Figure]:
    """个人的定量数据：各业务应用登记的 core.performance 度量，按系统账号取。"""
    if not member.user_id:
        return []
    checks = CheckRecord.objects.filter(workspace=workspace, checked_on__range=(start, end), checked_by=member.user)
    return [Figure(m.dimension, m.label, values.get(member.user_id, 0), m.unit, "平台记录")
            for m, values in performance.figures(workspace, start, end)] + [
        Figure("security", "本人登记的值守检查", checks.count(), "次", "值守检查")]


def figures_for(workspace, member: Member | None, year: int, period: str) -> list[Figure]:
    start, end = period_range(year, period)
    if member is None:
        return team_figures(workspace, start, end)
    return person_figures(workspace, member, start, end)


def assessments_visible(user, workspace) -> QuerySet[Assessment]:
    """考核人看全部；其他人只看自己已签署的结果。"""
    qs = Assessment.objects.filter(workspace=workspace).select_related("member", "assessor", "signed_by")
    if has_perm(user, workspace, TeamPerm.ASSESS):
        return qs
    return qs.filter(member__user=user, state="signed")


def assessment_get(user, workspace, pk: int) -> Assessment:
    a = assessments_visible(user, workspace).filter(pk=pk).first()
    if a is None:
        raise Http404("没有这份考核")
    return a


def dimension_rows(a: Assessment) -> list[tuple[str, str, float | None]]:
    return [(key, label, a.scores.get(key)) for key, label in DIMENSIONS]


# ---------------------------------------------------------------- 合同事实
def staffing_facts(workspace, start: dt.date, end: dt.date) -> list[dict]:
    """core.facts 的登记函数：合同期内到今天为止每个工作日每个岗位的到岗（staffing），以及已同意的人员更换。"""
    st = staffing_of(workspace)
    out: list[dict] = []
    if st is not None and Member.objects.filter(workspace=workspace).exists():
        first = min(Member.objects.filter(workspace=workspace).values_list("joined_on", flat=True))
        lo, hi = max(start, first), min(end, clock.today())
        if lo <= hi:
            out.extend(engine.staffing_facts(st, people(workspace, lo, hi), lo, hi))
    for c in changes_of(workspace).filter(state=ChangeState.APPROVED, effective_on__range=(start, end)):
        out.append({"type": "staff_change", "date": c.effective_on.isoformat(), "id": f"team.change:{c.pk}",
                    "ref": f"team.change:{c.pk}", "post": c.leaving.post_name,
                    "title": f"{c.leaving.name} → {c.replacement_name}", "note": c.reason})
    return out


def staffing_revision(workspace):
    """事实有变化时会变的廉价值（名册、请假、更换的行数与最近修改）+ 今天（到岗事实逐日增加）。"""
    return (clock.today().isoformat(),
            tuple(Member.objects.filter(workspace=workspace).values_list("pk", "post", "joined_on", "left_on", "years",
                                                                           "on_site")),
            tuple(Leave.objects.filter(workspace=workspace).values_list("pk", "state", "start", "end", "returned_on")),
            tuple(StaffChange.objects.filter(workspace=workspace).values_list("pk", "state")))


def my_member_on(workspace, user) -> Member | None:
    return member_of_user(workspace, user)


def current_month() -> dt.date:
    return months.month_start(clock.today())
