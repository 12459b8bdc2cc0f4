"""团队的写操作：名册、人员更换（甲方同意，合同次数限制）、请销假（组长审批，合同约定时甲方再批）、
值班时段与排班、换班（组长批准）、值守检查与提醒周期、考核打分与签署。每个写操作校验、写审计、通知相关的人。"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock
from rongmei.core.notifications import notify, users_with_role
from rongmei.core.permissions import has_perm, require_perm
from rongmei.engines import workdays
from rongmei.engines.kpi import staffing as engine
from rongmei.workspaces.choices import Role
from rongmei.workspaces.models import Workspace

from . import selectors
from .choices import (
    ABSENT_STATES,
    DIMENSIONS,
    AssessState,
    BandDays,
    ChangeState,
    CheckKind,
    Grade,
    LeaveState,
    SwapState,
)
from .models import Assessment, CheckRecord, CheckSchedule, DutyBand, Leave, Member, Shift, StaffChange, Swap
from .permissions import TeamPerm

DIMENSION_MAX = 25  # 四个维度各 25 分，满分 100


def _d(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _url(name: str, workspace, **kw) -> str:
    return reverse(name, kwargs={"ws": workspace.slug, **kw})


def _managers(workspace):
    return users_with_role(workspace, Role.MANAGER)


def _clients(workspace):
    return users_with_role(workspace, Role.CLIENT_LEADER, Role.CLIENT_OFFICER)


# ---------------------------------------------------------------- 名册
OTHER_POST = "other"  # 不在合同岗位里的人（如客服、技术保障），岗位名称另填


def _post_name(workspace, post: str, post_name: str = "") -> str:
    st = selectors.staffing_of(workspace)
    p = st.post(post) if st else None
    if p is not None:
        return p.name
    if not (post_name or "").strip():
        raise ValidationError({"post_name": "不是合同岗位时请填写岗位名称"})
    return post_name.strip()


def _check_post(workspace, post: str, years: Decimal, on_site: bool, *, field: str = "years") -> None:
    st = selectors.staffing_of(workspace)
    p = st.post(post) if st else None
    if p is None:
        return
    person = engine.Person(0, "", post, float(years), on_site)
    problems = person.unmet(p)
    if problems:
        raise ValidationError({field: f"不符合合同对“{p.name}”岗位的要求：{'；'.join(problems)}"})


def member_create(*, actor, workspace, name: str, post: str, joined_on: dt.date, years: Decimal = Decimal(0),
                  qualifications: str = "", on_site: bool = False, phone: str = "", user=None,
                  post_name: str = "") -> Member:
    """把一个人登记进名册。合同岗位有从业年限或驻场要求的，不符合就不登记。"""
    require_perm(actor, workspace, TeamPerm.MANAGE)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写姓名"})
    if not post:
        raise ValidationError({"post": "请选择岗位"})
    if years is None or years < 0:
        raise ValidationError({"years": "从业年限不能为负数"})
    _check_post(workspace, post, years, on_site)
    post_name = _post_name(workspace, post, post_name)
    if user is not None and selectors.member_of_user(workspace, user) is not None:
        raise ValidationError({"user": "这个账号已经对应名册上的一个人"})
    with transaction.atomic():
        m = Member.objects.create(workspace=workspace, user=user, name=name, post=post,
                                  post_name=post_name, years=years, qualifications=qualifications,
                                  on_site=on_site, phone=phone, joined_on=joined_on)
        record(Action.CREATE, obj=m, workspace=workspace, actor=actor,
               after={"姓名": name, "岗位": m.post_name, "从业年限": str(years), "驻场": on_site,
                      "到岗日期": joined_on.isoformat()}, message=f"名册登记：{name}（{m.post_name}）")
    return m


def member_update(*, actor, member: Member, years: Decimal, qualifications: str = "", on_site: bool = False,
                  phone: str = "", left_on: dt.date | None = None) -> Member:
    """修改名册上的一个人（年限、资格、驻场、电话、离岗日期）。合同岗位的要求照样核对。"""
    workspace = member.workspace
    require_perm(actor, workspace, TeamPerm.MANAGE)
    if years is None or years < 0:
        raise ValidationError({"years": "从业年限不能为负数"})
    if left_on is not None and left_on < member.joined_on:
        raise ValidationError({"left_on": f"离岗日期不能早于到岗日期 {member.joined_on}"})
    _check_post(workspace, member.post, years, on_site)
    before = {"从业年限": str(member.years), "资格与经历": member.qualifications, "驻场": member.on_site,
              "联系电话": member.phone, "离岗日期": member.left_on.isoformat() if member.left_on else ""}
    with transaction.atomic():
        member.years, member.qualifications, member.on_site = years, qualifications, on_site
        member.phone, member.left_on = phone, left_on
        member.save()
        record(Action.UPDATE, obj=member, workspace=workspace, actor=actor, before=before,
               after={"从业年限": str(years), "资格与经历": qualifications, "驻场": on_site, "联系电话": phone,
                      "离岗日期": left_on.isoformat() if left_on else ""},
               message=f"修改名册：{member.name}")
    return member


# ---------------------------------------------------------------- 人员更换
def _limit_message(used: int, limit: int) -> str:
    return (f"合同约定服务期内只允许更换 {limit} 次人员，已更换 {used} 次，不能再更换。"
            "如确需更换，须先与甲方变更合同条款。")


def change_request(*, actor, workspace, leaving: Member, replacement_name: str, effective_on: dt.date, reason: str,
                   replacement_years: Decimal = Decimal(0), replacement_qualifications: str = "",
                   replacement_user=None) -> StaffChange:
    """组长提出更换人员，交甲方审批。合同限制更换次数的，达到次数就不能再提（已同意的 + 待审批的）。"""
    require_perm(actor, workspace, TeamPerm.MANAGE)
    errors: dict[str, str] = {}
    if leaving.workspace_id != workspace.pk:
        raise ValidationError({"leaving": "这个人不在本工作区的名册上"})
    if leaving.left_on is not None and leaving.left_on < clock.today():
        errors["leaving"] = f"{leaving.name} 已于 {leaving.left_on} 离岗"
    if not (replacement_name or "").strip():
        errors["replacement_name"] = "请填写接替人姓名"
    if not (reason or "").strip():
        errors["reason"] = "请写明更换原因"
    if effective_on <= leaving.joined_on:
        errors["effective_on"] = f"接替日期应晚于 {leaving.name} 的到岗日期 {leaving.joined_on}"
    if StaffChange.objects.filter(leaving=leaving, state=ChangeState.PENDING).exists():
        errors["leaving"] = f"{leaving.name} 已有一条待甲方审批的更换"
    if errors:
        raise ValidationError(errors)
    _check_post(workspace, leaving.post, replacement_years, leaving.on_site, field="replacement_years")
    st = selectors.staffing_of(workspace)
    with transaction.atomic():
        used = selectors.changes_used(workspace)
        pending = StaffChange.objects.filter(workspace=workspace, state=ChangeState.PENDING).count()
        if st is not None and st.max_changes is not None and used + pending >= st.max_changes:
            if pending:
                raise ValidationError(_limit_message(used, st.max_changes).replace(
                    "不能再更换。", f"另有 {pending} 条待甲方审批，不能再提出更换。"))
            raise ValidationError(_limit_message(used, st.max_changes))
        c = StaffChange.objects.create(
            workspace=workspace, leaving=leaving, replacement_name=replacement_name.strip(),
            replacement_user=replacement_user, replacement_years=replacement_years,
            replacement_qualifications=replacement_qualifications, effective_on=effective_on, reason=reason.strip(),
            requested_by=actor if getattr(actor, "is_authenticated", False) else None)
        record(Action.CREATE, obj=c, workspace=workspace, actor=actor,
               after={"离开": leaving.name, "接替": c.replacement_name, "接替日期": effective_on.isoformat(),
                      "原因": c.reason}, message=f"提出人员更换：{leaving.name} → {c.replacement_name}")
        notify(users=_clients(workspace), workspace=workspace, kind="team",
               title=f"待您审批：{leaving.post_name} {leaving.name} 拟由 {c.replacement_name} 接替",
               body=f"从{_d(effective_on)}起。原因：{c.reason}", url=_url("team:changes", workspace))
    return c


def change_decide(*, actor, change: StaffChange, approve: bool, note: str = "") -> StaffChange:
    """甲方同意或不同意一次人员更换。同意后：离开的人在接替日前一天离岗，接替人进名册，之后的值班转给接替人。"""
    workspace = change.workspace
    require_perm(actor, workspace, TeamPerm.APPROVE_CHANGE)
    with transaction.atomic():
        change = StaffChange.objects.select_for_update().get(pk=change.pk)
        if change.state != ChangeState.PENDING:
            raise ValidationError("这条更换已经审批过了")
        st = selectors.staffing_of(workspace)
        used = selectors.changes_used(workspace)
        if approve and st is not None and st.max_changes is not None and used >= st.max_changes:
            raise ValidationError(_limit_message(used, st.max_changes))
        change.state = ChangeState.APPROVED if approve else ChangeState.REJECTED
        change.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        change.decided_at = clock.now()
        change.decision_note = note.strip()
        if approve:
            leaving = change.leaving
            leaving.left_on = change.effective_on - dt.timedelta(days=1)
            leaving.save(update_fields=["left_on"])
            change.replacement = Member.objects.create(
                workspace=workspace, user=change.replacement_user, name=change.replacement_name, post=leaving.post,
                post_name=leaving.post_name, years=change.replacement_years,
                qualifications=change.replacement_qualifications, on_site=leaving.on_site,
                joined_on=change.effective_on)
            Shift.objects.filter(member=leaving, day__gte=change.effective_on).update(member=change.replacement)
        change.save()
        record(Action.APPROVE, obj=change, workspace=workspace, actor=actor,
               after={"结论": change.get_state_display(), "意见": change.decision_note},
               message=f"人员更换{change.get_state_display()}：{change.leaving.name} → {change.replacement_name}")
        notify(users=_managers(workspace), workspace=workspace, kind="team",
               title=f"人员更换{change.get_state_display()}：{change.leaving.name} → {change.replacement_name}",
               body=change.decision_note, url=_url("team:changes", workspace))
    return change


# ---------------------------------------------------------------- 请销假
def _uncovered(gaps) -> list[dict]:
    return [{"day": g.day.isoformat(), "post": g.post.name, "required": g.required, "present": g.present}
            for g in gaps]


def leave_request(*, actor, workspace, start: dt.date, end: dt.date, reason: str, kind: str = "personal",
                  member: Member | None = None) -> Leave:
    """本人请假（组长可替名册上的人登记）。结束不得早于开始，不得与自己已有的请假重叠；
    记下这条请假会让哪些工作日哪个岗位缺人，组长审批时看得到。"""
    require_perm(actor, workspace, TeamPerm.REQUEST_LEAVE)
    if member is None:
        member = selectors.member_of_user(workspace, actor)
        if member is None:
            raise ValidationError("您不在本工作区的团队名册上，不能在这里请假。请联系组长登记。")
    elif (actor is not None and member.user_id != actor.pk
          and not has_perm(actor, workspace, TeamPerm.MANAGE)):
        raise ValidationError("只能为自己请假")
    errors: dict[str, str] = {}
    if end < start:
        errors["end"] = "结束日期不能早于开始日期"
    if not (reason or "").strip():
        errors["reason"] = "请填写请假事由"
    if not member.active_on(start):
        errors["start"] = "请假开始时不在岗（到岗前或已离岗）"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        clash = (Leave.objects.select_for_update().filter(member=member, start__lte=end, end__gte=start)
                 .filter(state__in=[*ABSENT_STATES, LeaveState.RETURNED]).first())
        if clash is not None and not (clash.state == LeaveState.RETURNED and clash.returned_on
                                      and clash.returned_on <= start):
            raise ValidationError({"start": f"与已有的请假（{clash.start}至{clash.end}，{clash.get_state_display()}）"
                                            "时间重叠"})
        gaps = selectors.leave_preview(workspace, member, start, end)
        st = selectors.staffing_of(workspace)
        lv = Leave.objects.create(workspace=workspace, member=member, kind=kind, start=start, end=end,
                                  reason=reason.strip(), needs_client=bool(st and st.leave_client_approval),
                                  uncovered=_uncovered(gaps),
                                  requested_by=actor if getattr(actor, "is_authenticated", False) else None)
        record(Action.CREATE, obj=lv, workspace=workspace, actor=actor,
               after={"请假人": member.name, "类型": lv.get_kind_display(), "开始": start.isoformat(),
                      "结束": end.isoformat(), "缺岗工作日": len(gaps)},
               message=f"请假申请：{member.name} {start}至{end}")
        warn = f"；将有 {len({g.day for g in gaps})} 个工作日缺岗" if gaps else ""
        notify(users=_managers(workspace), workspace=workspace, kind="team",
               title=f"待您审批：{member.name} 请假 {_d(start)}至{_d(end)}{warn}", body=lv.reason,
               url=_url("team:leave_detail", workspace, pk=lv.pk))
    return lv


def leave_decide(*, actor, leave: Leave, approve: bool, note: str = "") -> Leave:
    """组长审批（待组长审批）；合同约定须甲方同意的，组长批准后再由甲方审批（待甲方审批）。"""
    workspace = leave.workspace
    with transaction.atomic():
        leave = Leave.objects.select_for_update().select_related("member").get(pk=leave.pk)
        if leave.state == LeaveState.PENDING:
            require_perm(actor, workspace, TeamPerm.MANAGE)
            stage = "组长"
        elif leave.state == LeaveState.CLIENT:
            require_perm(actor, workspace, TeamPerm.APPROVE_CHANGE)
            stage = "甲方"
        else:
            raise ValidationError("这条请假不在待审批状态")
        who = actor if getattr(actor, "is_authenticated", False) else None
        if not approve:
            leave.state = LeaveState.REJECTED
        elif leave.state == LeaveState.PENDING and leave.needs_client:
            leave.state = LeaveState.CLIENT
        else:
            leave.state = LeaveState.APPROVED
        if stage == "组长":
            leave.approved_by = who
        else:
            leave.client_by = who
        leave.decided_at = clock.now()
        leave.decision_note = note.strip()
        leave.save()
        record(Action.APPROVE, obj=leave, workspace=workspace, actor=actor,
               after={"审批": stage, "结论": leave.get_state_display(), "意见": leave.decision_note},
               message=f"请假审批（{stage}）：{leave.member.name} {leave.get_state_display()}")
        url = _url("team:leave_detail", workspace, pk=leave.pk)
        if leave.state == LeaveState.CLIENT:
            notify(users=_clients(workspace), workspace=workspace, kind="team",
                   title=f"待您审批：{leave.member.name} 请假 {_d(leave.start)}至{_d(leave.end)}", url=url)
        if leave.member.user_id:
            notify(users=[leave.member.user], workspace=workspace, kind="team",
                   title=f"您的请假（{_d(leave.start)}至{_d(leave.end)}）：{leave.get_state_display()}",
                   body=leave.decision_note, url=url)
    return leave


def leave_cancel(*, actor, leave: Leave) -> Leave:
    """本人撤回还没开始的请假。"""
    require_perm(actor, leave.workspace, TeamPerm.REQUEST_LEAVE)
    if leave.member.user_id != getattr(actor, "pk", None):
        raise ValidationError("只能撤回自己的请假")
    if leave.state not in ABSENT_STATES:
        raise ValidationError("这条请假已经结束，不能撤回")
    if leave.start <= clock.today() and leave.state == LeaveState.APPROVED:
        raise ValidationError("请假已经开始，请用“销假”登记回岗")
    with transaction.atomic():
        leave.state = LeaveState.CANCELLED
        leave.save(update_fields=["state"])
        record(Action.UPDATE, obj=leave, workspace=leave.workspace, actor=actor, after={"状态": "已撤回"},
               message=f"撤回请假：{leave.member.name}")
    return leave


def leave_return(*, actor, leave: Leave, returned_on: dt.date | None = None) -> Leave:
    """销假：本人或组长登记回岗日期（可早于请假结束；回岗当天起算到岗）。"""
    workspace = leave.workspace
    mine = leave.member.user_id == getattr(actor, "pk", None)
    require_perm(actor, workspace, TeamPerm.REQUEST_LEAVE if mine else TeamPerm.MANAGE)
    returned_on = returned_on or clock.today()
    if leave.state != LeaveState.APPROVED:
        raise ValidationError("只有已批准的请假才能销假")
    if returned_on <= leave.start:
        raise ValidationError({"returned_on": "回岗日期应晚于请假开始日期"})
    if returned_on > clock.today():
        raise ValidationError({"returned_on": "回岗日期不能晚于今天"})
    if returned_on > leave.end + dt.timedelta(days=1):
        raise ValidationError({"returned_on": f"请假到 {leave.end} 结束，晚于 {leave.end + dt.timedelta(days=1)} 回岗属于超假，"
                                              "请补请假后再销假"})
    with transaction.atomic():
        leave.state = LeaveState.RETURNED
        leave.returned_on = returned_on
        leave.save(update_fields=["state", "returned_on"])
        record(Action.UPDATE, obj=leave, workspace=workspace, actor=actor, after={"销假日期": returned_on.isoformat()},
               message=f"销假：{leave.member.name} {returned_on} 回岗")
    return leave


# ---------------------------------------------------------------- 值班时段与排班
DEFAULT_BANDS = (
    ("onsite", "工作日驻场值守", 9 * 60, 18 * 60, BandDays.WORKDAY, True),
    ("oncall", "非值守时间值班", 18 * 60, 9 * 60, BandDays.EVERY, False),
    ("holiday", "节假日白天值班", 9 * 60, 18 * 60, BandDays.NON_WORKDAY, False),
)


def bands_setup(*, actor, workspace) -> list[DutyBand]:
    """按合同的值班时段建立本工作区的时段（合同没写时用 9–18 驻场、18–次日 9 值班、节假日白天值班）；已有的不动。"""
    require_perm(actor, workspace, TeamPerm.MANAGE)
    st = selectors.staffing_of(workspace)
    specs = ([(b.id, b.name, b.start, b.end, b.days, b.on_site) for b in st.duty] if st and st.duty
             else list(DEFAULT_BANDS))
    made = []
    with transaction.atomic():
        for order, (code, name, start, end, days, on_site) in enumerate(specs):
            band, created = DutyBand.objects.get_or_create(
                workspace=workspace, code=code,
                defaults={"name": name, "start_minute": start, "end_minute": end, "days": days, "on_site": on_site,
                          "order": order})
            if created:
                made.append(band)
        if made:
            record(Action.CREATE, workspace=workspace, actor=actor, object_type="team.dutyband",
                   after={"时段": [b.name for b in made]}, message=f"设置值班时段 {len(made)} 个")
    return made


def band_update(*, actor, band: DutyBand, name: str, start_minute: int, end_minute: int, days: str) -> DutyBand:
    require_perm(actor, band.workspace, TeamPerm.MANAGE)
    if not (name or "").strip():
        raise ValidationError({"name": "请填写时段名称"})
    if start_minute == end_minute % 1440 and end_minute != 1440:
        raise ValidationError({"end": "开始与结束不能相同"})
    before = {"名称": band.name, "时间": band.hours, "排班日": band.get_days_display()}
    with transaction.atomic():
        band.name, band.start_minute, band.end_minute, band.days = name.strip(), start_minute, end_minute, days
        band.save()
        record(Action.UPDATE, obj=band, workspace=band.workspace, actor=actor, before=before,
               after={"名称": band.name, "时间": band.hours, "排班日": band.get_days_display()},
               message=f"修改值班时段：{band.name}")
    return band


def _check_on_duty(workspace, member: Member, day: dt.date, *, field: str = "member") -> None:
    if not member.active_on(day):
        raise ValidationError({field: f"{member.name} {day} 不在岗（到岗前或已离岗）"})
    if member.pk in selectors.absent_on(workspace, day):
        raise ValidationError({field: f"{member.name} {day} 请假，不能值班"})


def shift_assign(*, actor, workspace, band: DutyBand, day: dt.date, member: Member) -> Shift:
    """排一班。这天不需要排这个时段、这个人不在岗或请假时不排。"""
    require_perm(actor, workspace, TeamPerm.MANAGE)
    if band.workspace_id != workspace.pk or member.workspace_id != workspace.pk:
        raise ValidationError("时段或人员不属于本工作区")
    if not engine.band_applies(selectors.engine_band(band), day):
        kind = "工作日" if workdays.is_workday(day) else "节假日"
        raise ValidationError({"day": f"{day} 是{kind}，“{band.name}”只在{band.get_days_display()}排班"})
    _check_on_duty(workspace, member, day)
    if Shift.objects.filter(band=band, day=day, member=member).exists():
        raise ValidationError({"member": f"{member.name} 已排在 {day} 的“{band.name}”"})
    with transaction.atomic():
        s = Shift.objects.create(workspace=workspace, band=band, day=day, member=member)
        record(Action.CREATE, obj=s, workspace=workspace, actor=actor,
               after={"日期": day.isoformat(), "时段": band.name, "值班人": member.name}, message=f"排班：{s}")
    return s


def shift_remove(*, actor, shift: Shift) -> None:
    require_perm(actor, shift.workspace, TeamPerm.MANAGE)
    with transaction.atomic():
        record(Action.DELETE, obj=shift, workspace=shift.workspace, actor=actor, message=f"取消排班：{shift}")
        shift.delete()


def rota_fill(*, actor, workspace, band: DutyBand, start: dt.date, end: dt.date, members: list[Member]) -> int:
    """按顺序轮流把 start..end 里这个时段要排而还没排的日子排满；轮到的人不在岗或请假就跳到下一个。返回排了几班。"""
    require_perm(actor, workspace, TeamPerm.MANAGE)
    if not members:
        raise ValidationError({"members": "请至少选一个人"})
    if end < start:
        raise ValidationError({"end": "结束日期不能早于开始日期"})
    eb = selectors.engine_band(band)
    taken = set(Shift.objects.filter(band=band, day__range=(start, end)).values_list("day", flat=True))
    ppl = {p.id: p for p in selectors.people(workspace, start, end)}
    made, i = [], 0
    for day in workdays.days_in_range(start, end):
        if day in taken or not engine.band_applies(eb, day):
            continue
        for k in range(len(members)):
            m = members[(i + k) % len(members)]
            p = ppl.get(m.pk)
            if p and p.active(day) and not p.absent(day):
                made.append(Shift(workspace=workspace, band=band, day=day, member=m))
                i = i + k + 1
                break
    with transaction.atomic():
        Shift.objects.bulk_create(made)
        record(Action.CREATE, workspace=workspace, actor=actor, object_type="team.shift",
               after={"时段": band.name, "起止": f"{start}至{end}", "班数": len(made)},
               message=f"轮流排班：{band.name} {len(made)} 班")
    return len(made)


def swap_request(*, actor, shift: Shift, to_member: Member, reason: str = "") -> Swap:
    """申请把一班换给别人（本人或组长）。接班人须在岗、当天没有请假、没有排在同一班。"""
    workspace = shift.workspace
    require_perm(actor, workspace, TeamPerm.REQUEST_LEAVE)
    mine = shift.member.user_id == getattr(actor, "pk", None)
    if actor is not None and not mine and not has_perm(actor, workspace, TeamPerm.MANAGE):
        raise ValidationError("只能申请换自己的班")
    if to_member.workspace_id != workspace.pk:
        raise ValidationError({"to_member": "接班人不在本工作区的名册上"})
    if to_member.pk == shift.member_id:
        raise ValidationError({"to_member": "接班人就是原值班人"})
    if shift.day < clock.today():
        raise ValidationError("这一班已经过去了")
    _check_on_duty(workspace, to_member, shift.day, field="to_member")
    if Shift.objects.filter(band=shift.band, day=shift.day, member=to_member).exists():
        raise ValidationError({"to_member": f"{to_member.name} 已排在这一班"})
    if Swap.objects.filter(shift=shift, state=SwapState.PENDING).exists():
        raise ValidationError("这一班已有待审批的换班申请")
    with transaction.atomic():
        sw = Swap.objects.create(workspace=workspace, shift=shift, from_member=shift.member, to_member=to_member,
                                 reason=(reason or "").strip(),
                                 requested_by=actor if getattr(actor, "is_authenticated", False) else None)
        record(Action.CREATE, obj=sw, workspace=workspace, actor=actor,
               after={"班次": f"{shift.day} {shift.band.name}", "原值班人": shift.member.name, "接班人": to_member.name},
               message=f"换班申请：{sw}")
        notify(users=_managers(workspace), workspace=workspace, kind="team",
               title=f"待您审批：{_d(shift.day)}{shift.band.name} {shift.member.name} 换给 {to_member.name}",
               body=sw.reason, url=_url("team:rota", workspace))
    return sw


def swap_decide(*, actor, swap: Swap, approve: bool) -> Swap:
    """组长批准换班（再核对一次接班人当天没有请假），班次改为接班人。"""
    workspace = swap.workspace
    require_perm(actor, workspace, TeamPerm.MANAGE)
    with transaction.atomic():
        swap = Swap.objects.select_for_update().select_related("shift", "shift__band", "to_member", "from_member").get(
            pk=swap.pk)
        if swap.state != SwapState.PENDING:
            raise ValidationError("这条换班已经审批过了")
        if approve:
            _check_on_duty(workspace, swap.to_member, swap.shift.day, field="to_member")
            if Shift.objects.filter(band=swap.shift.band, day=swap.shift.day, member=swap.to_member).exists():
                raise ValidationError(f"{swap.to_member.name} 已排在这一班")
            swap.shift.member = swap.to_member
            swap.shift.save(update_fields=["member"])
        swap.state = SwapState.APPROVED if approve else SwapState.REJECTED
        swap.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        swap.decided_at = clock.now()
        swap.save()
        record(Action.APPROVE, obj=swap, workspace=workspace, actor=actor, after={"结论": swap.get_state_display()},
               message=f"换班{swap.get_state_display()}：{swap}")
        users = [m.user for m in (swap.from_member, swap.to_member) if m.user_id]
        notify(users=users, workspace=workspace, kind="team",
               title=f"换班{swap.get_state_display()}：{_d(swap.shift.day)}{swap.shift.band.name} 由 "
                     f"{(swap.to_member if approve else swap.from_member).name} 值班",
               url=_url("team:rota", workspace))
    return swap


# ---------------------------------------------------------------- 值守检查
def check_record(*, actor, workspace, kind: str, checked_on: dt.date, items: str, findings: str = "",
                 problem: bool = False) -> CheckRecord:
    require_perm(actor, workspace, TeamPerm.RECORD_CHECK)
    errors = {}
    if kind not in CheckKind.values:
        errors["kind"] = "请选择检查类别"
    if checked_on > clock.today():
        errors["checked_on"] = "检查日期不能晚于今天"
    if not (items or "").strip():
        errors["items"] = "请写明检查了什么"
    if problem and not (findings or "").strip():
        errors["findings"] = "有问题时请写明发现的问题与处理"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        c = CheckRecord.objects.create(workspace=workspace, kind=kind, checked_on=checked_on,
                                       checked_by=actor if getattr(actor, "is_authenticated", False) else None,
                                       items=items.strip(), findings=(findings or "").strip(), problem=problem)
        record(Action.CREATE, obj=c, workspace=workspace, actor=actor,
               after={"类别": c.get_kind_display(), "日期": checked_on.isoformat(), "有问题": problem},
               message=f"值守检查：{c.get_kind_display()} {checked_on}")
        if problem:
            notify(users=_managers(workspace), workspace=workspace, kind="team",
                   title=f"{c.get_kind_display()}发现问题", body=c.findings, url=_url("team:checks", workspace))
    return c


def schedule_set(*, actor, workspace, kind: str, every_days: int) -> CheckSchedule:
    require_perm(actor, workspace, TeamPerm.MANAGE)
    if kind not in CheckKind.values:
        raise ValidationError({"kind": "请选择检查类别"})
    if not 1 <= every_days <= 366:
        raise ValidationError({"every_days": "提醒周期应在 1 到 366 天之间"})
    with transaction.atomic():
        s, _ = CheckSchedule.objects.update_or_create(workspace=workspace, kind=kind,
                                                      defaults={"every_days": every_days})
        record(Action.UPDATE, obj=s, workspace=workspace, actor=actor, after={"每隔几天": every_days},
               message=f"检查提醒周期：{s}")
    return s


# ---------------------------------------------------------------- 考核
def grade_of(total: float) -> str:
    if total >= 90:
        return Grade.EXCELLENT
    if total >= 80:
        return Grade.GOOD
    if total >= 60:
        return Grade.PASS
    return Grade.FAIL


def assessment_save(*, actor, workspace, year: int, period: str, scores: dict[str, float], comment: str = "",
                    member: Member | None = None) -> Assessment:
    """考核打分（草稿）：四个维度各 0–25 分，定量数据取自平台（保存当时的快照）。已签署的不能再改。"""
    require_perm(actor, workspace, TeamPerm.ASSESS)
    errors = {}
    for key, label in DIMENSIONS:
        v = scores.get(key)
        if v is None or not 0 <= float(v) <= DIMENSION_MAX:
            errors[key] = f"“{label}”应为 0 到 {DIMENSION_MAX} 分"
    if errors:
        raise ValidationError(errors)
    figures = [{"dimension": f.dimension, "label": f.label, "value": f.value, "unit": f.unit, "source": f.source}
               for f in selectors.figures_for(workspace, member, year, period)]
    total = round(sum(float(scores[k]) for k, _ in DIMENSIONS), 1)
    with transaction.atomic():
        a = Assessment.objects.select_for_update().filter(workspace=workspace, member=member, year=year,
                                                           period=period).first()
        if a is not None and a.state == AssessState.SIGNED:
            raise ValidationError("这份考核已经签署，不能再修改")
        if a is None:
            a = Assessment(workspace=workspace, member=member, year=year, period=period)
        a.figures, a.scores = figures, {k: float(scores[k]) for k, _ in DIMENSIONS}
        a.total, a.grade, a.comment = Decimal(str(total)), grade_of(total), (comment or "").strip()
        a.assessor = actor if getattr(actor, "is_authenticated", False) else None
        a.save()
        record(Action.UPDATE, obj=a, workspace=workspace, actor=actor,
               after={"总分": total, "等次": a.get_grade_display(), **{label: scores[k] for k, label in DIMENSIONS}},
               message=f"考核打分：{a}")
    return a


def assessment_sign(*, actor, assessment: Assessment) -> Assessment:
    """签署考核结果（之后不能修改），通知被考核人。"""
    workspace = assessment.workspace
    require_perm(actor, workspace, TeamPerm.ASSESS)
    if assessment.state == AssessState.SIGNED:
        raise ValidationError("这份考核已经签署过了")
    with transaction.atomic():
        assessment.state = AssessState.SIGNED
        assessment.signed_by = actor if getattr(actor, "is_authenticated", False) else None
        assessment.signed_at = clock.now()
        assessment.save(update_fields=["state", "signed_by", "signed_at"])
        record(Action.APPROVE, obj=assessment, workspace=workspace, actor=actor,
               after={"总分": str(assessment.total), "等次": assessment.get_grade_display()},
               message=f"签署考核：{assessment}")
        if assessment.member_id and assessment.member.user_id:
            notify(users=[assessment.member.user], workspace=workspace, kind="team",
                   title=f"您的{assessment.year}年{assessment.get_period_display()}考核结果："
                         f"{assessment.get_grade_display()}",
                   url=_url("team:assessment", workspace, pk=assessment.pk))
    return assessment


# ---------------------------------------------------------------- 每日提醒
def reminders_send(*, today: dt.date) -> str:
    """每个有名册的工作区：到期或超期的值守检查、未来三天的缺班、未来一周的缺岗，各发一条站内通知给组长。"""
    sent = 0
    for ws in Workspace.objects.filter(pk__in=Member.objects.values("workspace_id").distinct()):
        lines = [f"{s.label}应在 {_d(s.due)} 前做，{'已超期' if s.due < today else '今天到期'}"
                 for s in selectors.check_status(ws) if s.due <= today]
        lines += [f"{_d(day)} {cell.band.name} 没人值班" for day, cell in selectors.rota_gaps(ws, today, 3)]
        st = selectors.staffing_of(ws)
        if st is not None:
            ppl = selectors.people(ws, today, today + dt.timedelta(days=7))
            lines += [f"{_d(g.day)} {g.post.name} 缺 {g.short} 人"
                      for g in engine.gaps(st, ppl, today, today + dt.timedelta(days=7))]
        if lines:
            notify(users=_managers(ws), workspace=ws, kind="team", title=f"团队提醒：{len(lines)} 项待处理",
                   body="\n".join(lines[:20]), url=_url("team:roster", ws))
            sent += 1
    return f"提醒了 {sent} 个工作区"
