"""发布排期（日历）、发布队列、发布详情与操作、从已通过稿件排期、暂停开关。"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from rongmei.core import clock
from rongmei.core.decorators import workspace_view
from rongmei.core.files import file_response
from rongmei.core.forms import apply_errors
from rongmei.production.documents import footer_text
from rongmei.workspaces.selectors import accounts_of, platforms

from .. import content, planning, selectors, services, workflow
from ..choices import PubState
from ..forms import ManualRecordForm, RescheduleForm, ScheduleForm
from ..permissions import PublishingPerm

WEEKDAYS = "一二三四五六日"


def _parse_date(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return clock.today()


@workspace_view(PublishingPerm.VIEW)
def calendar(request):
    """旧的排期日历并入了统一日历（发布排期是其中一个图层）：带着视图、日期和账号跳过去。"""
    params = {k: v for k, v in request.GET.items() if k in ("view", "date", "account") and v}
    target = reverse("workcal:month", kwargs={"ws": request.workspace.slug})
    return redirect(target + ("?" + urlencode(params) if params else ""))


@workspace_view(PublishingPerm.VIEW)
def queue(request):
    ws = request.workspace
    state = request.GET.get("state", "")
    platform = request.GET.get("platform", "")
    q = request.GET.get("q", "").strip()
    qs = selectors.publications_of(ws, state=state, platform=platform, q=q).order_by("-planned_at", "-id")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in (("state", state), ("platform", platform), ("q", q)) if v)
    return render(request, "publishing/queue.html", {
        "page": page, "query": query, "state": state, "platform": platform, "q": q,
        "states": PubState.choices, "platforms": platforms(), "attention": selectors.attention_count(ws),
    })


@workspace_view(PublishingPerm.VIEW)
def screenshot(request, pk: int):
    return file_response(selectors.publication_get(request.workspace, pk).screenshot, inline=True)


@workspace_view(PublishingPerm.VIEW)
def detail(request, pk: int):
    ws = request.workspace
    pub = selectors.publication_get(ws, pk)
    actions = workflow.actions_for(pub, request.user)
    local = timezone.localtime(pub.planned_at).strftime("%Y-%m-%dT%H:%M")
    return render(request, "publishing/detail.html", {
        "p": pub, "can_schedule": request.can(PublishingPerm.SCHEDULE), "actions": actions,
        "show_technical": request.can(PublishingPerm.MANAGE_CREDENTIALS),
        "can_reschedule": workflow.PubAct.RESCHEDULE in actions,
        "can_withdraw": workflow.PubAct.WITHDRAW in actions,
        "can_publish_now": workflow.PubAct.PUBLISH_NOW in actions,
        "can_retry": workflow.PubAct.RETRY in actions,
        "can_record": workflow.PubAct.RECORD_MANUAL in actions,
        "reschedule_form": RescheduleForm(initial={"planned_at": local}),
        "window_warning": planning.window_warning(ws, pub.account, pub.planned_at)
        if workflow.state_allows(pub.state, workflow.PubAct.RESCHEDULE) else "",
        "paused": ws.publishing_paused,
    })


def _back(request, pub):
    return redirect("publishing:detail", ws=request.workspace.slug, pk=pub.pk)


@require_POST
@workspace_view(PublishingPerm.SCHEDULE)
def reschedule(request, pk: int):
    """改期：表单（planned_at）或日历拖拽（date=YYYY-MM-DD，保留原时刻；返回 JSON）。"""
    ws = request.workspace
    pub = selectors.publication_get(ws, pk)
    wants_json = "date" in request.POST
    try:
        if wants_json:
            new_day = dt.date.fromisoformat(request.POST["date"])
            local = timezone.localtime(pub.planned_at)
            planned = local.replace(year=new_day.year, month=new_day.month, day=new_day.day)
        else:
            form = RescheduleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.get("planned_at") or "时间格式不正确")
            planned = form.cleaned_data["planned_at"]
        services.publication_reschedule(actor=request.user, publication=pub, planned_at=planned)
    except (ValidationError, ValueError) as exc:
        msg = "；".join(exc.messages) if isinstance(exc, ValidationError) else "日期格式不正确"
        if wants_json:
            return JsonResponse({"ok": False, "message": msg}, status=400)
        messages.error(request, msg)
        return _back(request, pub)
    msg = f"已改期到 {timezone.localtime(pub.planned_at):%m-%d %H:%M}"
    warn = planning.window_warning(ws, pub.account, pub.planned_at)
    if wants_json:
        return JsonResponse({"ok": True, "message": msg, "warning": warn})
    messages.success(request, msg + (f"（提示：{warn}）" if warn else ""))
    return _back(request, pub)


def _action(request, pk: int, fn, ok: str, **kwargs):
    pub = selectors.publication_get(request.workspace, pk)
    try:
        fn(actor=request.user, publication=pub, **kwargs)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, ok)
    return _back(request, pub)


@require_POST
@workspace_view(PublishingPerm.SCHEDULE)
def publish_now(request, pk: int):
    msg = "已进入发布队列" + ("（当前已暂停全部发布，恢复后才会发出）" if request.workspace.publishing_paused else "")
    return _action(request, pk, services.publication_publish_now, msg)


@require_POST
@workspace_view(PublishingPerm.SCHEDULE)
def withdraw(request, pk: int):
    return _action(request, pk, services.publication_withdraw, "已撤回", reason=request.POST.get("reason", ""))


@require_POST
@workspace_view(PublishingPerm.SCHEDULE)
def retry(request, pk: int):
    return _action(request, pk, services.publication_retry, "已重新进入发布队列",
                   clear_checkpoint=bool(request.POST.get("verified_not_posted")))


@workspace_view(PublishingPerm.SCHEDULE)
def record_manual(request, pk: int):
    ws = request.workspace
    pub = selectors.publication_get(ws, pk)
    initial = {"published_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    form = ManualRecordForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_record_manual(actor=request.user, publication=pub, url=form.cleaned_data["url"],
                                               published_at=form.cleaned_data["published_at"],
                                               screenshot=form.cleaned_data.get("screenshot"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已登记发布结果")
            return _back(request, pub)
    return render(request, "publishing/record.html", {"form": form, "p": pub})


@workspace_view(PublishingPerm.SCHEDULE)
def items(request):
    """已终审通过、可排期的稿件。"""
    ws = request.workspace
    page = Paginator(content.approved_items(ws).order_by("-approved_at", "-pk"), 30).get_page(request.GET.get("page"))
    return render(request, "publishing/items.html", {"page": page})


@workspace_view(PublishingPerm.SCHEDULE)
def schedule(request, item_pk: int):
    ws = request.workspace
    item = content.item_get(ws, item_pk)
    qs = accounts_of(ws, status="active")
    targets = list(item.target_accounts.values_list("pk", flat=True))
    default_time, planned_note = content.default_planned_at(item)
    form = ScheduleForm(request.POST or None, accounts_qs=qs, initial={
        "accounts": targets, "planned_at": timezone.localtime(default_time).strftime("%Y-%m-%dT%H:%M")})
    existing = list(selectors.publications_of(ws).filter(item=item))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.publication_schedule(actor=request.user, workspace=ws, item=item,
                                                    accounts=form.cleaned_data["accounts"],
                                                    planned_at=form.cleaned_data["planned_at"],
                                                    stamp_footer=form.cleaned_data["stamp_footer"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            notes = [w for p in created if (w := planning.window_warning(ws, p.account, p.planned_at))]
            messages.success(request, f"已排期 {len(created)} 个账号。" + "".join(f"提示：{n}。" for n in notes))
            day = timezone.localdate(created[0].planned_at)
            return redirect(f"/w/{ws.slug}/publishing/?view=day&date={day.isoformat()}")

    footer = footer_text(item)
    windows = {a.platform.name: content.windows_label(content.recommended_windows(ws, a.platform.code))
               for a in qs}
    return render(request, "publishing/schedule.html", {"form": form, "item": item, "existing": existing,
                                                        "windows": {k: v for k, v in windows.items() if v},
                                                        "accounts": qs, "footer": footer,
                                                        "planned_note": planned_note})


@require_POST
@workspace_view(PublishingPerm.PAUSE)
def pause(request):
    ws = request.workspace
    paused = request.POST.get("paused") == "1"
    try:
        services.publishing_pause_set(actor=request.user, workspace=ws, paused=paused,
                                      reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied:
        raise
    else:
        messages.warning(request, "已暂停全部发布：队列保留，恢复后继续。") if paused else messages.success(
            request, "已恢复发布。")
    return redirect("workcal:month", ws=ws.slug)
