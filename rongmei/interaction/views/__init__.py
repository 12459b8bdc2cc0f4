"""互动收件箱：列表（筛选、搜索、批量、键盘分拣）、消息详情与处理、答复审核、精选确认、问题集锦、登记与导入。"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from rongmei.core import clock
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors
from rongmei.core.permissions import has_perm
from rongmei.engines.docgen import Sheet, sheets_xlsx

from .. import imports, selectors, services
from ..choices import (
    MANUAL_PLATFORMS,
    OPEN_STATES,
    Category,
    CurationState,
    MessageState,
    ReplyState,
    Sentiment,
)
from ..forms import EnterForm, ImportForm
from ..models import Department, Message, Reply, ReplyTemplate
from ..permissions import InteractionPerm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


MAX_ID = 2**63 - 1  # 数据库整数上限：更大的数字（被改过的表单）按“没有这一项”处理，不让数据库报错


def _id(value) -> int:
    """表单里的编号：不是数字、超出范围都当 0（查不到任何对象），不抛错。"""
    value = str(value or "").strip()
    return int(value) if value.isdigit() and int(value) <= MAX_ID else 0


def _ids(values) -> list[int]:
    return [n for n in (_id(v) for v in values) if n]


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _flash_errors(request, exc: ValidationError) -> None:
    for m in _errors(exc):
        flash.error(request, m)


def _handlers(ws):
    User = get_user_model()
    people = User.objects.filter(memberships__workspace=ws, is_active=True).order_by("username").distinct()
    return [u for u in people if has_perm(u, ws, InteractionPerm.HANDLE)]


def _message_or_404(request, pk: int) -> Message:
    return selectors.message_get(request.workspace, pk)


def _back(request, message: Message):
    return redirect("interaction:message", ws=request.workspace.slug, pk=message.pk)


# ---------------------------------------------------------------- 收件箱


@workspace_view(InteractionPerm.VIEW)
def inbox(request):
    ws = request.workspace
    flt = selectors.InboxFilter.from_params(request.GET)
    try:
        page = int(request.GET.get("page") or 1)
    except ValueError:
        page = 1
    now = clock.now()
    rows, has_next = selectors.inbox_page(ws, request.user, flt, page, now=now)
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    platforms = sorted({(a.platform.code, a.platform.name) for a in selectors.accounts_of(ws)}, key=lambda p: p[1])
    return render(request, "interaction/inbox.html", {
        "rows": rows, "f": flt, "page": page, "has_next": has_next, "now": now,
        "query": urlencode(params), "accounts": selectors.accounts_of(ws), "platforms": platforms,
        "ingest_failing": selectors.ingest_failing_count(ws),
        "categories": Category.choices, "states": MessageState.choices,
        "departments": selectors.departments_of(ws), "handlers": _handlers(ws),
        "can_handle": request.can(InteractionPerm.HANDLE), "can_curate": request.can(InteractionPerm.CURATE),
        "counts": selectors.overdue_counts(ws, now), "manual_platforms": MANUAL_PLATFORMS,
    })


@workspace_view(InteractionPerm.HANDLE)
@require_POST
def bulk(request):
    ws = request.workspace
    ids = _ids(request.POST.getlist("ids"))
    action = request.POST.get("action", "")
    back = request.POST.get("next") or ""
    if not ids:
        flash.warning(request, "请先勾选消息")
    else:
        User = get_user_model()
        assignee = None
        if action == "assign" and _id(request.POST.get("assignee")):
            assignee = User.objects.filter(pk=_id(request.POST.get("assignee"))).first()
        department = None
        if action == "department" and _id(request.POST.get("department")):
            department = Department.objects.filter(workspace=ws, pk=_id(request.POST.get("department"))).first()
        try:
            n = services.messages_bulk(actor=request.user, workspace=ws, messages=ids, action=action,
                                       assignee=assignee, category=request.POST.get("category", ""),
                                       department=department)
            flash.success(request, f"已处理 {n} 条消息")
        except ValidationError as exc:
            _flash_errors(request, exc)
    url = f"/w/{ws.slug}/interaction/"
    return redirect(url + (f"?{back}" if back and "\n" not in back else ""))


# ---------------------------------------------------------------- 消息详情与处理


@workspace_view(InteractionPerm.VIEW)
def message(request, pk: int):
    ws = request.workspace
    m = _message_or_404(request, pk)
    thread_root = m.thread or m
    thread = list(Message.objects.filter(workspace=ws, thread=thread_root).exclude(pk=m.pk)
                  .order_by("received_at")[:50])
    replies = list(m.replies.select_related("written_by", "approved_by", "sent_by", "template"))
    templates = list(selectors.templates_of(ws, category=m.category)[:30])
    can_handle = request.can(InteractionPerm.HANDLE)
    return render(request, "interaction/message.html", {
        "m": m, "thread_root": thread_root if thread_root.pk != m.pk else None, "thread": thread,
        "replies": replies, "templates": templates, "now": clock.now(),
        "categories": Category.choices, "sentiments": Sentiment.choices,
        "departments": selectors.departments_of(ws), "handlers": _handlers(ws),
        "can_handle": can_handle, "can_approve": services.can_approve(request.user, ws),
        "can_curate": request.can(InteractionPerm.CURATE),
        "has_sender": services.senders.sender_for(m.platform, m.account) is not None,
        "pending": any(r.state == ReplyState.PENDING for r in replies),
        "corrections": list(m.corrections.select_related("by")[:10]),
        "is_open": m.state in OPEN_STATES, "CurationState": CurationState,
        "approver_role": services.timing.settings_of(ws).get_approver_role_display(),
        "relay_text": services.relay_draft(m) if not replies else "",
    })


@workspace_view(InteractionPerm.HANDLE)
@require_POST
def correct(request, pk: int):
    m = _message_or_404(request, pk)
    urgent = request.POST.get("urgent")
    try:
        services.message_correct(actor=request.user, message=m, category=request.POST.get("category") or None,
                                 sentiment=request.POST.get("sentiment") or None,
                                 urgent=None if urgent is None else urgent == "1",
                                 keyword=request.POST.get("keyword", ""))
        flash.success(request, "已更正，以后相似的消息会按更正后的结果分类")
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _back(request, m)


@workspace_view(InteractionPerm.HANDLE)
@require_POST
def set_state(request, pk: int):
    m = _message_or_404(request, pk)
    try:
        services.message_set_state(actor=request.user, message=m, state=request.POST.get("state", ""),
                                   note=request.POST.get("note", ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _back(request, m)


@workspace_view(InteractionPerm.HANDLE)
@require_POST
def assign(request, pk: int):
    m = _message_or_404(request, pk)
    value = request.POST.get("assignee", "")
    user = request.user if value == "me" else (get_user_model().objects.filter(pk=_id(value)).first()
                                                if _id(value) else None)
    try:
        services.message_assign(actor=request.user, message=m, assignee=user)
        flash.success(request, f"已分派给 {user}" if user else "已取消分派")
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _back(request, m)


@workspace_view(InteractionPerm.HANDLE)
@require_POST
def route(request, pk: int):
    m = _message_or_404(request, pk)
    dept = Department.objects.filter(workspace=request.workspace, pk=_id(request.POST.get("department"))).first()
    if dept is None:
        flash.error(request, "请选择处室")
        return _back(request, m)
    try:
        services.message_route(actor=request.user, message=m, department=dept,
                               question=request.POST.get("question", ""))
        flash.success(request, f"已转 {dept} 答复")
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _back(request, m)


@workspace_view(InteractionPerm.HANDLE)
@require_POST
def paste_answer(request, pk: int):
    """运营人员粘贴处室（电话、微信里给的）答复。"""
    m = _message_or_404(request, pk)
    try:
        services.department_answer(actor=request.user, message=m, answer=request.POST.get("answer", ""))
        flash.success(request, "已记下处室答复，请写答复转达群众")
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _back(request, m)


@workspace_view(InteractionPerm.HANDLE)
def template_fill(request, pk: int):
    """htmx：选中口径后把变量填好的正文放进答复框。"""
    m = _message_or_404(request, pk)
    tpl = ReplyTemplate.objects.filter(workspace=request.workspace, pk=_id(request.GET.get("template"))).first()
    text = services.fill_template(tpl, m) if tpl else ""
    return render(request, "interaction/_reply_text.html", {"text": text, "template": tpl})


@workspace_view(InteractionPerm.HANDLE)
@require_POST
def reply_new(request, pk: int):
    m = _message_or_404(request, pk)
    tpl = ReplyTemplate.objects.filter(workspace=request.workspace, pk=_id(request.POST.get("template"))).first()
    try:
        reply = services.reply_create(actor=request.user, message=m, text=request.POST.get("text", ""), template=tpl)
        issues = [f for f in reply.findings if f.get("text")]
        flash.success(request, "答复已送审核" + (f"；AI 审校提示 {len(issues)} 处，请审核时留意" if issues else ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _back(request, m)


def _reply_or_404(request, pk: int) -> Reply:
    return get_object_or_404(Reply.objects.select_related("message__workspace"), pk=pk,
                             message__workspace=request.workspace)


@workspace_view(InteractionPerm.APPROVE)
@require_POST
def reply_decide(request, pk: int):
    r = _reply_or_404(request, pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.reply_decide(actor=request.user, reply=r, approve=approve, reason=request.POST.get("reason", ""),
                              text=request.POST.get("text"))
        flash.success(request, "答复已通过" if approve else "答复已退回")
    except ValidationError as exc:
        _flash_errors(request, exc)
    except PermissionDenied as exc:
        flash.error(request, str(exc))
    if request.POST.get("next") == "approvals":
        return redirect("interaction:approvals", ws=request.workspace.slug)
    return _back(request, r.message)


@workspace_view(InteractionPerm.HANDLE)
@require_POST
def reply_send(request, pk: int):
    r = _reply_or_404(request, pk)
    try:
        services.reply_send(actor=request.user, reply=r)
        flash.success(request, "答复已排队发送")
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _back(request, r.message)


@workspace_view(InteractionPerm.HANDLE)
@require_POST
def reply_manual(request, pk: int):
    r = _reply_or_404(request, pk)
    try:
        services.reply_mark_manual(actor=request.user, reply=r)
        flash.success(request, "已标记为在平台后台人工发出")
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _back(request, r.message)


@workspace_view(InteractionPerm.CURATE)
@require_POST
def curate(request, pk: int):
    m = _message_or_404(request, pk)
    show = request.POST.get("show") == "1"
    try:
        services.message_curate(actor=request.user, message=m, show=show)
        flash.success(request, "已确认精选展示" if show else "已确认不予展示")
    except ValidationError as exc:
        _flash_errors(request, exc)
    if request.POST.get("next") == "curation":
        return redirect("interaction:curation", ws=request.workspace.slug)
    return _back(request, m)


@workspace_view(InteractionPerm.VIEW)
def approvals(request):
    ws = request.workspace
    return render(request, "interaction/approvals.html", {
        "replies": list(selectors.pending_replies(ws)[:200]), "can_approve": services.can_approve(request.user, ws),
        "approver_role": services.timing.settings_of(ws).get_approver_role_display()})


@workspace_view(InteractionPerm.VIEW)
def curation(request):
    ws = request.workspace
    rows = list(Message.objects.filter(workspace=ws, curation_state=CurationState.PENDING)
                .select_related("account__platform").order_by("received_at")[:200])
    return render(request, "interaction/curation.html", {"rows": rows, "can_curate": request.can(InteractionPerm.CURATE)})


# ---------------------------------------------------------------- 问题集锦


@workspace_view(InteractionPerm.VIEW)
def faq(request):
    ws = request.workspace
    return render(request, "interaction/faq.html", {
        "groups": selectors.repeated_questions(ws)[:50], "faqs": list(selectors.faqs_of(ws)[:100]),
        "can_faq": request.can(InteractionPerm.FAQ)})


@workspace_view(InteractionPerm.FAQ)
@require_POST
def faq_new(request):
    ws = request.workspace
    ids = _ids(request.POST.getlist("ids"))
    try:
        f = services.faq_create(actor=request.user, workspace=ws, messages=ids,
                                question=request.POST.get("question", ""), answer=request.POST.get("answer", ""),
                                make_item=request.POST.get("make_item", "1") == "1")
        flash.success(request, "已加入问题集锦" + ("，并生成了一篇图文稿件排进策划日历" if f.item_id else ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    except PermissionDenied as exc:
        flash.error(request, f"没能生成稿件：{exc}")
    return redirect("interaction:faq", ws=ws.slug)


# ---------------------------------------------------------------- 登记与导入


def _accounts(ws):
    return ws.accounts.select_related("platform").order_by("platform__order", "name")


@workspace_view(InteractionPerm.HANDLE)
def enter(request):
    ws = request.workspace
    accounts = _accounts(ws)
    form = EnterForm(request.POST or None, accounts=accounts,
                     initial={"received_at": clock.now(),
                              "account": accounts.filter(platform__code__in=MANUAL_PLATFORMS).first()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            m = services.message_enter(actor=request.user, workspace=ws, account=d["account"], text=d["text"],
                                       author=d["author"], received_at=d["received_at"], kind=d["kind"],
                                       external_id=d["external_id"])
            flash.success(request, f"已登记，自动分类为“{m.get_category_display()}”")
            return redirect("interaction:message", ws=ws.slug, pk=m.pk)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render(request, "interaction/form.html", {"form": form, "title": "手工登记消息",
                                                      "intro": "没有互动接口的平台（视频号、快手、头条号、百家号等）在这里登记后台看到的评论、私信和留言。"})


@workspace_view(InteractionPerm.HANDLE)
def import_file(request):
    ws = request.workspace
    form = ImportForm(request.POST or None, request.FILES or None, accounts=_accounts(ws))
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            res = services.messages_import(actor=request.user, workspace=ws, account=form.cleaned_data["account"],
                                           data=f.read(), filename=f.name)
            flash.success(request, f"导入完成：{res}")
            return redirect("interaction:inbox", ws=ws.slug)
        except ValidationError as exc:
            errors = _errors(exc)
    return render(request, "interaction/import.html", {"form": form, "errors": errors,
                                                        "headers": imports.HEADERS, "labels": imports.LABELS})


@workspace_view(InteractionPerm.HANDLE)
def import_template(request):
    data = sheets_xlsx([Sheet("互动消息", ["时间", "昵称", "内容", "类型", "消息ID", "作品ID"],
                              [["2025-11-14 17:00", "网友甲", "请问灵活就业社保补贴怎么申请？", "评论", "", ""]],
                              title="")])
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = "attachment; filename*=UTF-8''%E4%BA%92%E5%8A%A8%E6%B6%88%E6%81%AF%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    return resp
