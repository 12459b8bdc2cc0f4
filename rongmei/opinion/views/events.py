"""舆情事件（时间线、危机开关、结案复盘）、案例库与舆情文档的页面。"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors

from .. import documents, selectors, services
from ..choices import DocKind, DocState, EventState, RiskGrade
from ..forms import CloseForm, EntryForm, EventForm, EventUpdateForm, LinkMessageForm, MonthlyForm, PlanForm
from ..permissions import OpinionPerm, ResponsePerm
from .alerts import tabs


@workspace_view(OpinionPerm.VIEW)
def event_list(request):
    ws = request.workspace
    state = request.GET.get("state", EventState.OPEN)
    grade = request.GET.get("grade", "")
    page = Paginator(selectors.events_of(ws, state=state, grade=grade), 25).get_page(request.GET.get("page"))
    return render(request, "opinion/response/events.html", {**tabs(request),
        "page": page, "state": state, "grade": grade, "states": [*EventState.choices, ("", "全部")],
        "grades": RiskGrade.choices, "query": f"state={state}&grade={grade}",
        "can_manage": request.can(ResponsePerm.MANAGE_EVENTS), "publishing_paused": ws.publishing_paused,
    })


@workspace_view(ResponsePerm.MANAGE_EVENTS)
def event_new(request):
    ws = request.workspace
    form = EventForm(request.POST or None, workspace=ws, initial={"grade": RiskGrade.GENERAL})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_open(actor=request.user, workspace=ws, title=data["title"], grade=data["grade"],
                                        summary=data["summary"], owner=data["owner"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已建立舆情事件：{event.title}")
            return redirect("opinion:event_detail", ws=ws.slug, pk=event.pk)
    return render(request, "opinion/response/event_new.html", {**tabs(request),"form": form})


def _event_context(request, event, **forms):
    ws = request.workspace
    can_manage = request.can(ResponsePerm.MANAGE_EVENTS) and not event.is_closed
    ctx = {
        "event": event, "entries": selectors.timeline(event), "can_manage": can_manage,
        "can_crisis": request.can(ResponsePerm.CRISIS), "can_documents": request.can(ResponsePerm.DOCUMENTS),
        "entry_form": EntryForm(), "update_form": EventUpdateForm(workspace=ws, initial={
            "grade": event.grade, "owner": event.owner_id}),
        "close_form": CloseForm(), "link_form": LinkMessageForm(),
        "documents": event.documents.order_by("-created_at"), "plans": selectors.plans_of(ws),
        "alerts": event.alerts.order_by("-last_at"), "message_ids": services.related_message_ids(event),
        "holding_url": reverse("production:item_detail", kwargs={"ws": ws.slug, "pk": event.holding_item_id})
        if event.holding_item_id else "",
        "publishing_paused": ws.publishing_paused,
    }
    ctx.update(forms)
    return ctx


@workspace_view(OpinionPerm.VIEW)
def event_detail(request, pk: int):
    event = selectors.event_get(request.workspace, pk)
    return render(request, "opinion/response/event.html", _event_context(request, event))


def _event_post(request, pk: int, form_name: str, form, save):
    event = selectors.event_get(request.workspace, pk)
    if form.is_valid():
        try:
            save(event, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("opinion:event_detail", ws=request.workspace.slug, pk=event.pk)
    messages.error(request, "未能保存，请按提示修改。")
    return render(request, "opinion/response/event.html", _event_context(request, event, **{form_name: form}),
                  status=400)


@require_POST
@workspace_view(ResponsePerm.MANAGE_EVENTS)
def event_entry(request, pk: int):
    def save(event, data):
        entry = services.event_add_entry(actor=request.user, event=event, kind=data["kind"], text=data["text"])
        messages.success(request, f"已记入时间线：{entry.get_kind_display()}")

    return _event_post(request, pk, "entry_form", EntryForm(request.POST), save)


@require_POST
@workspace_view(ResponsePerm.MANAGE_EVENTS)
def event_update(request, pk: int):
    def save(event, data):
        services.event_update(actor=request.user, event=event, grade=data["grade"], owner=data["owner"],
                              note=data["note"])
        messages.success(request, "事件已更新。")

    return _event_post(request, pk, "update_form",
                       EventUpdateForm(request.POST, workspace=request.workspace), save)


@require_POST
@workspace_view(ResponsePerm.MANAGE_EVENTS)
def event_link(request, pk: int):
    def save(event, data):
        services.event_link_message(actor=request.user, event=event, message_id=data["message_id"])
        messages.success(request, "已关联互动消息。")

    return _event_post(request, pk, "link_form", LinkMessageForm(request.POST), save)


@require_POST
@workspace_view(ResponsePerm.MANAGE_EVENTS)
def event_close(request, pk: int):
    def save(event, data):
        services.event_close(actor=request.user, event=event, **data)
        messages.success(request, "事件已结案，已收入案例库。")

    return _event_post(request, pk, "close_form", CloseForm(request.POST), save)


@require_POST
@workspace_view(ResponsePerm.CRISIS)
def event_crisis(request, pk: int):
    event = selectors.event_get(request.workspace, pk)
    on = request.POST.get("on") == "1"
    try:
        services.crisis_switch(actor=request.user, event=event, on=on)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        if on:
            messages.warning(request, "危机开关已打开：全部排期发布已暂停，先期回应口径稿件已建立。")
        else:
            messages.success(request, "危机开关已关闭。")
    return redirect("opinion:event_detail", ws=request.workspace.slug, pk=event.pk)


@require_POST
@workspace_view(ResponsePerm.MANAGE_EVENTS)
def event_plan(request, pk: int):
    ws = request.workspace
    event = selectors.event_get(ws, pk)
    plan_id = request.POST.get("plan") or ""
    plan = selectors.document_get(ws, int(plan_id)) if plan_id.isdigit() else None
    try:
        services.event_set_plan(actor=request.user, event=event, plan=plan)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("opinion:event_detail", ws=ws.slug, pk=event.pk)


@require_POST
@workspace_view(ResponsePerm.DOCUMENTS)
def event_document(request, pk: int):
    ws = request.workspace
    event = selectors.event_get(ws, pk)
    kind = request.POST.get("kind", "")
    try:
        doc = services.document_request(actor=request.user, workspace=ws, kind=kind, event=event)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("opinion:event_detail", ws=ws.slug, pk=event.pk)
    messages.success(request, f"“{doc.title}”已加入生成队列。")
    return redirect("opinion:event_detail", ws=ws.slug, pk=event.pk)


@workspace_view(OpinionPerm.VIEW)
def case_list(request):
    ws = request.workspace
    q = request.GET.get("q", "").strip()
    grade = request.GET.get("grade", "")
    page = Paginator(selectors.cases_of(ws, q=q, grade=grade), 20).get_page(request.GET.get("page"))
    return render(request, "opinion/response/cases.html", {**tabs(request),
        "page": page, "q": q, "grade": grade, "grades": RiskGrade.choices, "query": f"q={quote(q)}&grade={grade}",
    })


# --- 舆情文档 ---------------------------------------------------------------------------------------------


@workspace_view(OpinionPerm.VIEW)
def document_list(request):
    ws = request.workspace
    kind = request.GET.get("kind", "")
    page = Paginator(selectors.documents_of(ws, kind=kind), 25).get_page(request.GET.get("page"))
    can = request.can(ResponsePerm.DOCUMENTS)
    month_form = MonthlyForm(request.POST or None, initial={"month": clock.today().isoformat()[:7]})
    if request.method == "POST":
        if not can:
            raise PermissionDenied("您没有生成舆情文档的权限")
        if month_form.is_valid():
            try:
                doc = services.document_request(actor=request.user, workspace=ws, kind=DocKind.MONTHLY,
                                                params={"month": month_form.cleaned_data["month"]})
            except ValidationError as exc:
                apply_errors(month_form, exc)
            else:
                messages.success(request, f"“{doc.title}”已加入生成队列。")
                return redirect("opinion:document_list", ws=ws.slug)
    return render(request, "opinion/response/documents.html", {**tabs(request),
        "page": page, "kind": kind, "kinds": DocKind.choices, "query": f"kind={kind}", "can_generate": can,
        "month_form": month_form,
        "busy": any(d.state in (DocState.QUEUED, DocState.RUNNING) for d in page),
    })


@workspace_view(OpinionPerm.VIEW)
def document_download(request, pk: int):
    doc = selectors.document_get(request.workspace, pk)
    if not doc.docx:
        raise Http404("文档尚未生成")
    record(Action.EXPORT, obj=doc, workspace=request.workspace, actor=request.user,
           message=f"下载{doc.get_kind_display()}：{doc.title}")
    name = f"{doc.title}.docx" if doc.kind != DocKind.EMERGENCY_PLAN else f"{doc.title}（第{doc.version}版）.docx"
    return FileResponse(doc.docx.open("rb"), as_attachment=True, filename=name)


@workspace_view(ResponsePerm.DOCUMENTS)
def plan_new(request):
    ws = request.workspace
    last = selectors.plans_of(ws).first()
    initial = {"title": last.title, **last.sections} if last else {
        "title": f"{ws.client_name or ws.name}网络舆情应急预案", **documents.PLAN_DEFAULTS}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plan = services.plan_save(actor=request.user, workspace=ws, title=data.pop("title"),
                                      note=data.pop("note"), sections=data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存应急预案第 {plan.version} 版。")
            return redirect("opinion:document_list", ws=ws.slug)
    return render(request, "opinion/response/plan_new.html", {**tabs(request),"form": form, "last": last})
