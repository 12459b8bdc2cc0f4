"""团队的页面：名册与岗位核对、人员更换、请销假、值班表（换班、导出 Word）、值守检查、考核。"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rongmei.core import clock
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors
from rongmei.engines import months
from rongmei.workspaces.models import Membership

from . import exports, selectors, services
from .choices import DIMENSIONS, AssessState, LeaveState
from .forms import (
    AssessForm,
    BandForm,
    ChangeForm,
    CheckForm,
    DecisionForm,
    FillForm,
    LeaveForm,
    MemberEditForm,
    MemberForm,
    ReturnForm,
    ScheduleForm,
    ShiftForm,
    SwapForm,
)
from .permissions import TeamPerm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


def _error(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _rota_url(ws, day: dt.date) -> str:
    return f"{reverse('team:rota', kwargs={'ws': ws.slug})}?m={day:%Y-%m}"


# ---------------------------------------------------------------- 名册
@workspace_view(TeamPerm.VIEW)
def roster(request):
    ws = request.workspace
    r = selectors.roster(ws)
    return render(request, "team/roster.html", {
        "tab": "roster", "r": r, "members": selectors.members_of(ws, current=True),
        "can_manage": request.can(TeamPerm.MANAGE), "me": selectors.member_of_user(ws, request.user),
    })


def _member_users(ws):
    taken = set(selectors.members_of(ws, current=True).exclude(user=None).values_list("user_id", flat=True))
    return [m.user for m in Membership.objects.filter(workspace=ws).select_related("user").order_by("role")
            if m.user_id not in taken and m.role not in ("client_officer", "client_leader", "contributor", "expert",
                                                         "department")]


@workspace_view(TeamPerm.MANAGE)
def member_new(request):
    ws = request.workspace
    st = selectors.staffing_of(ws)
    users = _member_users(ws)
    form = MemberForm(request.POST or None, posts=st.posts if st else (), users=users,
                      initial={"joined_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        user = next((u for u in users if str(u.pk) == d["user"]), None)
        try:
            services.member_create(actor=request.user, workspace=ws, name=d["name"], post=d["post"],
                                   years=d["years"], qualifications=d["qualifications"], on_site=d["on_site"],
                                   phone=d["phone"], joined_on=d["joined_on"], user=user,
                                   post_name=d["post_name"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已把 {d['name']} 登记进名册。")
            return redirect("team:roster", ws=ws.slug)
    return render(request, "team/form.html", {"tab": "roster", "form": form, "title": "登记团队成员",
                                              "submit": "登记", "back": "team:roster"})


@workspace_view(TeamPerm.MANAGE)
def member_edit(request, pk: int):
    ws = request.workspace
    m = selectors.member_get(ws, pk)
    form = MemberEditForm(request.POST or None, initial={"years": m.years, "qualifications": m.qualifications,
                                                         "on_site": m.on_site, "phone": m.phone, "left_on": m.left_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, member=m, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已修改 {m.name} 的名册信息。")
            return redirect("team:roster", ws=ws.slug)
    return render(request, "team/form.html", {"tab": "roster", "form": form, "title": f"修改名册：{m.name}（{m.post_name}）",
                                              "submit": "保存", "back": "team:roster"})


# ---------------------------------------------------------------- 人员更换
@workspace_view(TeamPerm.VIEW)
def changes(request):
    ws = request.workspace
    can_manage = request.can(TeamPerm.MANAGE)
    users = _member_users(ws) if can_manage else []
    form = ChangeForm(request.POST or None, members=selectors.members_of(ws, current=True), users=users)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("您没有提出人员更换的权限")
        if form.is_valid():
            d = form.cleaned_data
            try:
                leaving = selectors.member_get(ws, int(d["leaving"]))
                services.change_request(
                    actor=request.user, workspace=ws, leaving=leaving, replacement_name=d["replacement_name"],
                    replacement_years=d["replacement_years"],
                    replacement_qualifications=d["replacement_qualifications"],
                    replacement_user=next((u for u in users if str(u.pk) == d["replacement_user"]), None),
                    effective_on=d["effective_on"], reason=d["reason"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已提交甲方审批。")
                return redirect("team:changes", ws=ws.slug)
    r = selectors.roster(ws)
    return render(request, "team/changes.html", {
        "tab": "changes", "form": form, "r": r, "items": selectors.changes_of(ws), "can_manage": can_manage,
        "can_approve": request.can(TeamPerm.APPROVE_CHANGE), "decision": DecisionForm(),
    })


@workspace_view(TeamPerm.APPROVE_CHANGE)
@require_POST
def change_decide(request, pk: int):
    ws = request.workspace
    change = selectors.change_get(ws, pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.change_decide(actor=request.user, change=change, approve=request.POST.get("verdict") == "approve",
                               note=note)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "已审批。")
    return redirect("team:changes", ws=ws.slug)


# ---------------------------------------------------------------- 请销假
@workspace_view(TeamPerm.VIEW)
def leaves(request):
    ws = request.workspace
    me = selectors.member_of_user(ws, request.user)
    can_request = request.can(TeamPerm.REQUEST_LEAVE) and me is not None
    form = LeaveForm(request.POST or None)
    if request.method == "POST":
        if not request.can(TeamPerm.REQUEST_LEAVE):
            raise PermissionDenied("您没有请假的权限")
        if form.is_valid():
            d = form.cleaned_data
            try:
                lv = services.leave_request(actor=request.user, workspace=ws, kind=d["kind"], start=d["start"],
                                            end=d["end"], reason=d["reason"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if lv.uncovered:
                    days = sorted({u["day"] for u in lv.uncovered})
                    messages.warning(request, f"请假已提交。注意：这段时间有 {len(days)} 个工作日岗位缺人"
                                              f"（{'、'.join(days[:5])}{'等' if len(days) > 5 else ''}），请组长安排顶岗。")
                else:
                    messages.success(request, "请假已提交，等待审批。")
                return redirect("team:leave_detail", ws=ws.slug, pk=lv.pk)
    qs = selectors.leaves_visible(request.user, ws)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "team/leaves.html", {
        "tab": "leaves", "form": form, "page": page, "me": me, "can_request": can_request,
        "waiting": selectors.leaves_waiting(request.user, ws), "query": "", "this_year": clock.today().year,
    })


@workspace_view(TeamPerm.VIEW)
def leave_detail(request, pk: int):
    ws = request.workspace
    lv = selectors.leave_get(request.user, ws, pk)
    mine = lv.member.user_id == request.user.pk
    can_decide = ((lv.state == LeaveState.PENDING and request.can(TeamPerm.MANAGE))
                  or (lv.state == LeaveState.CLIENT and request.can(TeamPerm.APPROVE_CHANGE)))
    return render(request, "team/leave_detail.html", {
        "tab": "leaves", "lv": lv, "mine": mine, "can_decide": can_decide, "decision": DecisionForm(),
        "can_return": lv.state == LeaveState.APPROVED and (mine or request.can(TeamPerm.MANAGE)),
        "can_cancel": mine and lv.state in (LeaveState.PENDING, LeaveState.CLIENT, LeaveState.APPROVED),
        "return_form": ReturnForm(initial={"returned_on": clock.today()}),
        "shifts": selectors.shifts_during(ws, lv.member, max(lv.start, clock.today()), lv.end)
        if lv.state in (LeaveState.PENDING, LeaveState.CLIENT, LeaveState.APPROVED) else [],
        "can_swap": request.can(TeamPerm.MANAGE) or mine,
    })


@workspace_view(TeamPerm.VIEW)
@require_POST
def leave_decide(request, pk: int):
    ws = request.workspace
    lv = selectors.leave_get(request.user, ws, pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.leave_decide(actor=request.user, leave=lv, approve=request.POST.get("verdict") == "approve", note=note)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "已审批。")
    return redirect("team:leave_detail", ws=ws.slug, pk=lv.pk)


@workspace_view(TeamPerm.REQUEST_LEAVE)
@require_POST
def leave_return(request, pk: int):
    ws = request.workspace
    lv = selectors.leave_get(request.user, ws, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写回岗日期")
        return redirect("team:leave_detail", ws=ws.slug, pk=lv.pk)
    try:
        services.leave_return(actor=request.user, leave=lv, returned_on=form.cleaned_data["returned_on"])
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "已销假。")
    return redirect("team:leave_detail", ws=ws.slug, pk=lv.pk)


@workspace_view(TeamPerm.REQUEST_LEAVE)
@require_POST
def leave_cancel(request, pk: int):
    ws = request.workspace
    lv = selectors.leave_get(request.user, ws, pk)
    try:
        services.leave_cancel(actor=request.user, leave=lv)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "已撤回。")
    return redirect("team:leave_detail", ws=ws.slug, pk=lv.pk)


# ---------------------------------------------------------------- 值班
def _month(request) -> dt.date:
    raw = request.GET.get("m", "")
    try:
        return dt.date.fromisoformat(raw + "-01") if raw else selectors.current_month()
    except ValueError:
        return selectors.current_month()


@workspace_view(TeamPerm.VIEW)
def rota(request):
    ws = request.workspace
    month = _month(request)
    can_manage = request.can(TeamPerm.MANAGE)
    bands = selectors.bands_of(ws)
    members = selectors.members_of(ws, current=True)
    me = selectors.member_of_user(ws, request.user)
    try:
        days = selectors.rota_month(ws, month)
    except ValueError:  # 官方日历尚未覆盖的年份
        messages.error(request, f"{month.year} 年的官方节假日安排还没有公布，不能排班。")
        month, days = selectors.current_month(), selectors.rota_month(ws, selectors.current_month())
    return render(request, "team/rota.html", {
        "tab": "rota", "month": month, "prev": months.prev_month(month), "next": months.next_month(month),
        "days": days, "bands": bands, "can_manage": can_manage, "me": me,
        "gaps": sum(1 for d in days for c in d.cells if c.gap),
        "upcoming": selectors.rota_gaps(ws)[:10] if month <= selectors.current_month() <= month else [],
        "swaps": selectors.swaps_pending(ws), "today": clock.today(),
        "on_duty": selectors.on_duty_members(ws, clock.now()),
        "shift_form": ShiftForm(bands=bands, members=members) if can_manage else None,
        "fill_form": FillForm(bands=bands, members=members) if can_manage else None,
    })


@workspace_view(TeamPerm.VIEW)
def rota_docx(request):
    ws = request.workspace
    month = _month(request)
    data = exports.rota_docx(ws, month, selectors.rota_month(ws, month))
    return _download(data, f"值班表-{ws.name}-{month.year}年{month.month}月.docx", DOCX)


@workspace_view(TeamPerm.MANAGE)
@require_POST
def shift_add(request):
    ws = request.workspace
    bands, members = selectors.bands_of(ws), selectors.members_of(ws, current=True)
    form = ShiftForm(request.POST, bands=bands, members=members)
    if form.is_valid():
        d = form.cleaned_data
        try:
            s = services.shift_assign(actor=request.user, workspace=ws, band=selectors.band_get(ws, int(d["band"])),
                                      day=d["day"], member=selectors.member_get(ws, int(d["member"])))
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"已排班：{s.day} {s.band.name} {s.member.name}")
            return redirect(_rota_url(ws, d['day']))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("team:rota", ws=ws.slug)


@workspace_view(TeamPerm.MANAGE)
@require_POST
def rota_fill(request):
    ws = request.workspace
    month = _month(request)
    members = list(selectors.members_of(ws, current=True))
    form = FillForm(request.POST, bands=selectors.bands_of(ws), members=members)
    if form.is_valid():
        d = form.cleaned_data
        order = [next(m for m in members if str(m.pk) == pk) for pk in d["members"]]
        try:
            n = services.rota_fill(actor=request.user, workspace=ws, band=selectors.band_get(ws, int(d["band"])),
                                   start=max(month, clock.today()), end=months.month_end(month), members=order)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"已轮流排 {n} 班。")
    else:
        messages.error(request, "请选择时段和轮流值班的人")
    return redirect(_rota_url(ws, month))


@workspace_view(TeamPerm.MANAGE)
@require_POST
def shift_remove(request, pk: int):
    ws = request.workspace
    s = selectors.shift_get(ws, pk)
    services.shift_remove(actor=request.user, shift=s)
    messages.success(request, "已取消这一班。")
    return redirect(_rota_url(ws, s.day))


@workspace_view(TeamPerm.REQUEST_LEAVE)
def swap_new(request, pk: int):
    ws = request.workspace
    shift = selectors.shift_get(ws, pk)
    members = selectors.members_of(ws, current=True).exclude(pk=shift.member_id)
    form = SwapForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.swap_request(actor=request.user, shift=shift, to_member=selectors.member_get(ws, int(d["to_member"])),
                                  reason=d["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "换班申请已提交，等待组长批准。")
            return redirect(_rota_url(ws, shift.day))
    return render(request, "team/form.html", {
        "tab": "rota", "form": form, "title": f"换班：{shift.day:%Y-%m-%d} {shift.band.name}（{shift.member.name}）",
        "submit": "提交换班申请", "back": "team:rota"})


@workspace_view(TeamPerm.MANAGE)
@require_POST
def swap_decide(request, pk: int):
    ws = request.workspace
    sw = selectors.swap_get(ws, pk)
    try:
        services.swap_decide(actor=request.user, swap=sw, approve=request.POST.get("verdict") == "approve")
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "已审批换班。")
    return redirect(_rota_url(ws, sw.shift.day))


@workspace_view(TeamPerm.MANAGE)
def bands(request):
    ws = request.workspace
    if request.method == "POST" and request.POST.get("setup"):
        made = services.bands_setup(actor=request.user, workspace=ws)
        messages.success(request, f"已按合同建立 {len(made)} 个值班时段。" if made else "值班时段已经齐全。")
        return redirect("team:bands", ws=ws.slug)
    forms = []
    for b in selectors.bands_of(ws):
        prefix = f"b{b.pk}"
        data = request.POST if request.method == "POST" and request.POST.get("band") == str(b.pk) else None
        f = BandForm(data, prefix=prefix, initial={"name": b.name, "start": b.hours[:5], "end": b.hours[-5:],
                                                   "days": b.days})
        if data is not None and f.is_valid():
            d = f.cleaned_data
            try:
                services.band_update(actor=request.user, band=b, name=d["name"], start_minute=d["start"],
                                     end_minute=d["end"], days=d["days"])
            except ValidationError as exc:
                apply_errors(f, exc)
            else:
                messages.success(request, f"已修改“{b.name}”。")
                return redirect("team:bands", ws=ws.slug)
        forms.append((b, f))
    return render(request, "team/bands.html", {"tab": "rota", "forms": forms})


# ---------------------------------------------------------------- 值守检查
@workspace_view(TeamPerm.VIEW)
def checks(request):
    ws = request.workspace
    can_record = request.can(TeamPerm.RECORD_CHECK)
    can_manage = request.can(TeamPerm.MANAGE)
    form = CheckForm(request.POST or None if request.POST.get("form") == "check" else None,
                     initial={"checked_on": clock.today()})
    sched = ScheduleForm(request.POST if request.POST.get("form") == "schedule" else None)
    if request.method == "POST":
        if request.POST.get("form") == "schedule":
            if not can_manage:
                raise PermissionDenied("您没有修改提醒周期的权限")
            if sched.is_valid():
                try:
                    services.schedule_set(actor=request.user, workspace=ws, **sched.cleaned_data)
                except ValidationError as exc:
                    apply_errors(sched, exc)
                else:
                    messages.success(request, "提醒周期已保存。")
                    return redirect("team:checks", ws=ws.slug)
        else:
            if not can_record:
                raise PermissionDenied("您没有登记值守检查的权限")
            if form.is_valid():
                try:
                    services.check_record(actor=request.user, workspace=ws, **form.cleaned_data)
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, "检查已登记。")
                    return redirect("team:checks", ws=ws.slug)
    page = Paginator(selectors.checks_of(ws, request.GET.get("kind", "")), 25).get_page(request.GET.get("page"))
    return render(request, "team/checks.html", {
        "tab": "checks", "status": selectors.check_status(ws), "page": page, "form": form, "sched": sched,
        "can_record": can_record, "can_manage": can_manage, "query": "",
    })


# ---------------------------------------------------------------- 考核
@workspace_view(TeamPerm.VIEW)
def assessments(request):
    ws = request.workspace
    can_assess = request.can(TeamPerm.ASSESS)
    members = selectors.members_of(ws)
    today = clock.today()
    form = AssessForm(request.POST or None, members=members,
                      initial={"year": today.year, "period": f"q{(today.month - 1) // 3 + 1}"})
    if request.method == "POST":
        if not can_assess:
            raise PermissionDenied("您没有考核的权限")
        if form.is_valid():
            d = form.cleaned_data
            member = selectors.member_get(ws, int(d["member"])) if d["member"] else None
            try:
                a = services.assessment_save(actor=request.user, workspace=ws, member=member, year=d["year"],
                                             period=d["period"], scores={k: d[k] for k, _ in DIMENSIONS},
                                             comment=d["comment"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "考核已保存（草稿），核对后签署。")
                return redirect("team:assessment", ws=ws.slug, pk=a.pk)
    items = selectors.assessments_visible(request.user, ws)
    return render(request, "team/assessments.html", {"tab": "assess", "items": items, "form": form,
                                                     "can_assess": can_assess})


@workspace_view(TeamPerm.VIEW)
def assessment(request, pk: int):
    ws = request.workspace
    a = selectors.assessment_get(request.user, ws, pk)
    return render(request, "team/assessment.html", {
        "tab": "assess", "a": a, "rows": selectors.dimension_rows(a),
        "figures": [(dict(DIMENSIONS).get(f["dimension"], ""), f) for f in a.figures],
        "can_sign": request.can(TeamPerm.ASSESS) and a.state == AssessState.DRAFT})


@workspace_view(TeamPerm.ASSESS)
@require_POST
def assessment_sign(request, pk: int):
    ws = request.workspace
    a = selectors.assessment_get(request.user, ws, pk)
    try:
        services.assessment_sign(actor=request.user, assessment=a)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "已签署，被考核人可以看到结果。")
    return redirect("team:assessment", ws=ws.slug, pk=a.pk)


@workspace_view(TeamPerm.VIEW)
def assessment_docx(request, pk: int):
    a = selectors.assessment_get(request.user, request.workspace, pk)
    return _download(exports.assessment_docx(a), f"考核结果-{a.subject}-{a.year}年{a.get_period_display()}.docx", DOCX)


@workspace_view(TeamPerm.ASSESS)
def assessments_xlsx(request):
    ws = request.workspace
    items = list(selectors.assessments_visible(request.user, ws))
    return _download(exports.assessments_xlsx(items, title=f"{ws.name} 考核结果"), f"考核结果-{ws.name}.xlsx", XLSX)
