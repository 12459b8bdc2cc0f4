"""预警、风险研判与应对设置（值班、预警、群机器人、分级规则）的页面。"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors

from .. import grading, selectors, services
from ..choices import AlertState, RiskGrade
from ..forms import AlertSettingsForm, ConfirmGradeForm, DutySlotForm, RobotForm, RulesForm
from ..permissions import OpinionPerm, ResponsePerm


def tabs(request) -> dict:
    """页签只显示当前用户能打开的页面。"""
    return {"tab_alerts": request.can(ResponsePerm.ACKNOWLEDGE), "tab_settings": request.can(ResponsePerm.CONFIGURE)}


@workspace_view(ResponsePerm.ACKNOWLEDGE)
def alert_list(request):
    ws = request.workspace
    state = request.GET.get("state", "open")
    page = Paginator(selectors.alerts_of(ws, state=state), 25).get_page(request.GET.get("page"))
    return render(request, "opinion/response/alerts.html", {**tabs(request),
        "page": page, "state": state, "states": [("open", "未确认（含已升级）"), ("", "全部"),
                                                     *[c for c in AlertState.choices if c[0] != AlertState.OPEN]],
        "query": f"state={state}", "can_events": request.can(ResponsePerm.MANAGE_EVENTS),
    })


@require_POST
@workspace_view(ResponsePerm.ACKNOWLEDGE)
def alert_ack(request, pk: int):
    alert = selectors.alert_get(request.workspace, pk)
    services.alert_acknowledge(actor=request.user, alert=alert)
    messages.success(request, f"已确认预警：{alert.title}")
    back = request.POST.get("next", "")
    if back.startswith(f"/w/{request.workspace.slug}/"):
        return redirect(back)
    return redirect("opinion:alert_list", ws=request.workspace.slug)


@require_POST
@workspace_view(ResponsePerm.MANAGE_EVENTS)
def alert_to_event(request, pk: int):
    alert = selectors.alert_get(request.workspace, pk)
    event = services.event_open(actor=request.user, workspace=request.workspace, title="", alert=alert)
    messages.success(request, f"已转为舆情事件：{event.title}")
    return redirect("opinion:event_detail", ws=request.workspace.slug, pk=event.pk)


@workspace_view(OpinionPerm.VIEW)
def assessment_list(request):
    ws = request.workspace
    grade = request.GET.get("grade", "")
    unconfirmed = request.GET.get("unconfirmed") == "1"
    page = Paginator(selectors.assessments_of(ws, grade=grade, unconfirmed=unconfirmed), 25) \
        .get_page(request.GET.get("page"))
    return render(request, "opinion/response/assessments.html", {**tabs(request),
        "page": page, "grade": grade, "grades": RiskGrade.choices, "unconfirmed": unconfirmed,
        "query": f"grade={grade}&unconfirmed={'1' if unconfirmed else ''}",
    })


@workspace_view(OpinionPerm.VIEW)
def assessment_detail(request, pk: int):
    ws = request.workspace
    a = selectors.assessment_get(ws, pk)
    can_grade = request.can(ResponsePerm.GRADE)
    form = ConfirmGradeForm(request.POST or None, initial={"grade": a.grade, "note": a.note})
    if request.method == "POST":
        if not can_grade:
            return render(request, "error.html", {"message": "您没有确认或改定舆情级别的权限"}, status=403)
        if form.is_valid():
            try:
                services.assessment_confirm(actor=request.user, assessment=a, grade=form.cleaned_data["grade"],
                                            note=form.cleaned_data["note"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "级别已确认。")
                return redirect("opinion:assessment_detail", ws=ws.slug, pk=a.pk)
    mentions = a.group.mentions.order_by("-published_at")[:20]
    return render(request, "opinion/response/assessment.html", {**tabs(request),
        "a": a, "form": form, "can_grade": can_grade, "mentions": mentions,
        "events": a.group.events.all(), "can_events": request.can(ResponsePerm.MANAGE_EVENTS),
    })


# --- 应对设置 ---------------------------------------------------------------------------------------------


def _settings_context(request, **forms):
    ws = request.workspace
    conf = services.alert_settings_for(ws)
    rules = grading.rules_for(ws)
    ctx = {
        **tabs(request), "slots": selectors.duty_slots_of(ws), "robots": selectors.robots_of(ws), "conf": conf,
        "duty_form": DutySlotForm(workspace=ws),
        "alert_form": AlertSettingsForm(initial={"min_grade": conf.min_grade, "quiet_start": conf.quiet_start,
                                                 "quiet_end": conf.quiet_end, "dedupe_minutes": conf.dedupe_minutes,
                                                 "escalate_minutes": conf.escalate_minutes, "email": conf.email}),
        "robot_form": RobotForm(), "rules_form": RulesForm(rules=rules),
        "can_configure": request.can(ResponsePerm.CONFIGURE),
    }
    ctx.update(forms)
    return ctx


@workspace_view(ResponsePerm.CONFIGURE)
def response_settings(request):
    return render(request, "opinion/response/settings.html", _settings_context(request))


def _settings_post(request, form_name: str, form, save) -> object:
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("opinion:response_settings", ws=request.workspace.slug)
    messages.error(request, "保存失败，请按提示修改。")
    return render(request, "opinion/response/settings.html", _settings_context(request, **{form_name: form}),
                  status=400)


@require_POST
@workspace_view(ResponsePerm.CONFIGURE)
def duty_add(request):
    ws = request.workspace
    form = DutySlotForm(request.POST, workspace=ws)

    def save(data):
        services.duty_slot_save(actor=request.user, workspace=ws, user=data["user"], start=data["start"],
                                end=data["end"], weekdays=[int(d) for d in data["weekdays"]], note=data["note"])
        messages.success(request, f"已添加值班：{data['user']}")

    return _settings_post(request, "duty_form", form, save)


@require_POST
@workspace_view(ResponsePerm.CONFIGURE)
def duty_delete(request, pk: int):
    slot = selectors.duty_slot_get(request.workspace, pk)
    services.duty_slot_delete(actor=request.user, slot=slot)
    messages.success(request, "已删除值班安排。")
    return redirect("opinion:response_settings", ws=request.workspace.slug)


@require_POST
@workspace_view(ResponsePerm.CONFIGURE)
def alert_settings(request):
    ws = request.workspace
    form = AlertSettingsForm(request.POST)

    def save(data):
        services.alert_settings_save(actor=request.user, workspace=ws, **data)
        messages.success(request, "预警设置已保存。")

    return _settings_post(request, "alert_form", form, save)


@require_POST
@workspace_view(ResponsePerm.CONFIGURE)
def robot_add(request):
    ws = request.workspace
    form = RobotForm(request.POST)

    def save(data):
        robot = services.robot_save(actor=request.user, workspace=ws, **data)
        messages.success(request, f"已添加群机器人：{robot.name}")

    return _settings_post(request, "robot_form", form, save)


@require_POST
@workspace_view(ResponsePerm.CONFIGURE)
def robot_test(request, pk: int):
    robot = selectors.robot_get(request.workspace, pk)
    result = services.robot_test(actor=request.user, robot=robot)
    if result["ok"]:
        messages.success(request, f"测试消息已发送到“{robot.name}”。")
    else:
        messages.error(request, f"“{robot.name}”发送失败：{result['error']}")
    return redirect("opinion:response_settings", ws=request.workspace.slug)


@require_POST
@workspace_view(ResponsePerm.CONFIGURE)
def robot_delete(request, pk: int):
    robot = selectors.robot_get(request.workspace, pk)
    services.robot_delete(actor=request.user, robot=robot)
    messages.success(request, f"已删除群机器人：{robot.name}")
    return redirect("opinion:response_settings", ws=request.workspace.slug)


@require_POST
@workspace_view(ResponsePerm.CONFIGURE)
def rules_save(request):
    ws = request.workspace
    form = RulesForm(request.POST, rules=grading.rules_for(ws))
    form.is_valid()  # 各项都是可选文字；真正的校验在规则引擎里（错误按字段挂回表单）
    try:
        services.grading_rules_save(actor=request.user, workspace=ws, data=form.rules_data())
    except ValidationError as exc:
        apply_errors(form, exc)
        messages.error(request, "分级规则有误，请按提示修改。")
        return render(request, "opinion/response/settings.html", _settings_context(request, rules_form=form),
                      status=400)
    messages.success(request, "分级规则已保存，之后的研判按新规则进行。")
    return redirect("opinion:response_settings", ws=ws.slug)

