"""内容采编与审核页面。视图只做解析、授权、调用服务或选择器、渲染。"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from rongmei.assets import selectors as asset_selectors
from rongmei.assets.permissions import AssetPerm
from rongmei.core import clock, item_actions
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors
from rongmei.core.permissions import has_perm
from rongmei.engines import richtext
from rongmei.engines.platforms import outputs
from rongmei.workspaces.selectors import accounts_of

from .. import documents, selectors, services, workflow
from ..choices import KIND_CHOICES, KIND_FIELDS, BodyFormat, ItemStatus
from ..forms import DecisionForm, ItemForm
from ..permissions import ProductionPerm


def render_body(rev) -> str:
    """修订正文 → 页面上的 HTML（服务器端清洗过，脚本与事件属性不会出现）。"""
    return mark_safe(selectors.body_html(rev))


def _msg(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@workspace_view(ProductionPerm.VIEW)
def items(request):
    ws = request.workspace
    f = {k: request.GET.get(k, "") for k in ("status", "kind", "column", "q", "overdue")}
    qs = selectors.items_of(ws, status=f["status"], kind=f["kind"], column=int(f["column"]) if f["column"].isdigit()
                            else None, q=f["q"].strip(), overdue=f["overdue"] == "1")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in f.items() if v)
    return render(request, "production/items.html", {
        "page": page, "items": page.object_list, "f": f, "query": query, "statuses": ItemStatus.choices,
        "kinds": KIND_CHOICES, "columns": selectors.columns_of(ws), "can_create": request.can(ProductionPerm.CREATE),
        "today": clock.today(),
    })


@workspace_view(ProductionPerm.CREATE)
def item_new(request):
    ws = request.workspace
    initial = {k: request.GET[k] for k in ("title", "kind", "deadline", "key_date_name", "topic") if request.GET.get(k)}
    for key in ("theme", "column", "campaign"):
        if request.GET.get(key, "").isdigit():
            initial[key] = int(request.GET[key])
    form = ItemForm(request.POST or None, workspace=ws, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(actor=request.user, workspace=ws, title=form.cleaned_data["title"],
                                        body=form.cleaned_data["body"], body_format=BodyFormat.HTML,
                                        target_accounts=form.cleaned_data["target_accounts"],
                                        **{k: v for k, v in form.item_fields().items()})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"“{item.title}”已保存为草稿（第 1 版）。")
            _warn_images(request, item)
            return redirect("production:item_detail", ws=ws.slug, pk=item.pk)
    return render(request, "production/item_form.html", _editor_context(request, form, None))


@workspace_view(ProductionPerm.VIEW)
def item_edit(request, pk: int):
    ws = request.workspace
    item = selectors.item_get(ws, pk)
    if not workflow.allowed(item, workflow.Act.EDIT, request.user, request.role):
        raise PermissionDenied(f"“{item.get_status_display()}”状态下您不能修改这条内容")
    holder = None
    if request.method == "GET":
        holder = services.item_lock(actor=request.user, item=item)
        item.refresh_from_db(fields=["lock_user", "lock_expires_at"])
    was_approved = item.status == ItemStatus.APPROVED
    form = ItemForm(request.POST or None, instance=item, workspace=ws)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.item_update(actor=request.user, item=item, base_revision=form.cleaned_data["base_revision"],
                                 title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                                 body_format=BodyFormat.HTML, accepted_findings=form.accepted_ids(),
                                 summary=form.cleaned_data["summary"],
                                 target_accounts=form.cleaned_data["target_accounts"], **form.item_fields())
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            apply_errors(form, exc)
        else:
            item = selectors.item_get(ws, pk)
            _warn_images(request, saved)
            messages.success(request, f"已保存（第 {item.current_revision.number} 版）。"
                             + ("内容已通过终审，修改后重新进入审核。" if was_approved
                                and item.status == ItemStatus.IN_REVIEW else ""))
            return redirect("production:item_detail", ws=ws.slug, pk=item.pk)
    return render(request, "production/item_form.html", {**_editor_context(request, form, item), "holder": holder})


def _warn_images(request, item) -> None:
    """正文图片转存素材库时转存不了的（Word 的本机图片、下载失败、内网地址），逐张提示。"""
    for text in getattr(item, "body_warnings", []):
        messages.warning(request, text)


def _editor_context(request, form, item) -> dict:
    ws = request.workspace
    return {
        "form": form, "item": item, "kind_fields": KIND_FIELDS, "lock_holder": item.lock_holder() if item else None,
        "draft": selectors.draft_of(item, request.user) if item else None,
        "editor_findings": selectors.pending_findings_for_editor(item) if item else [],
        "wechat_css": _wechat_css(),
        "upload_url": reverse("assets:editor_upload", kwargs={"ws": ws.slug})
        if has_perm(request.user, ws, AssetPerm.UPLOAD) else "",
        "picker_url": reverse("assets:picker", kwargs={"ws": ws.slug})
        if has_perm(request.user, ws, AssetPerm.VIEW) else "",
    }


def _wechat_css() -> str:
    """手机预览的版式：与发往公众号的行内样式同一份定义（richtext.WECHAT_STYLES）。"""
    return "\n".join(f".wx-preview {tag} {{{style}}}" for tag, style in richtext.WECHAT_STYLES.items())


@require_POST
@workspace_view(ProductionPerm.VIEW)
def item_autosave(request, pk: int):
    """编辑器每隔几秒自动保存（不生成修订），同时续期编辑锁；返回保存时间与锁的状态。"""
    item = selectors.item_get(request.workspace, pk)
    base = request.POST.get("base_revision", "")
    try:
        draft, holder = services.draft_autosave(actor=request.user, item=item, title=request.POST.get("title", ""),
                                                body=request.POST.get("body", ""),
                                                base_revision=int(base) if base.isdigit() else None)
    except PermissionDenied as exc:
        return JsonResponse({"ok": False, "message": str(exc) or "您不能修改这条内容"}, status=403)
    item.refresh_from_db(fields=["lock_user", "lock_expires_at", "current_revision"])
    current = item.current_revision.number if item.current_revision_id else None
    return JsonResponse({
        "ok": True, "saved_at": timezone.localtime(draft.saved_at).strftime("%H:%M:%S"),
        "holder": str(holder) if holder else "",
        "lock_until": timezone.localtime(item.lock_expires_at).strftime("%H:%M") if item.lock_expires_at else "",
        "stale": bool(current and draft.base_revision and current != draft.base_revision),
        "current_revision": current,
    })


@require_POST
@workspace_view(ProductionPerm.VIEW)
def item_draft_discard(request, pk: int):
    item = selectors.item_get(request.workspace, pk)
    services.draft_discard(actor=request.user, item=item)
    messages.success(request, "已丢弃自动保存的暂存稿。")
    return redirect("production:item_edit", ws=request.workspace.slug, pk=pk)


@workspace_view(ProductionPerm.VIEW)
def item_lock_status(request, pk: int):
    """编辑锁指示（编辑页与详情页每 30 秒刷新）：谁在编辑、锁到几点。"""
    item = selectors.item_get(request.workspace, pk)
    return render(request, "production/_lock_status.html", {"item": item, "lock_holder": item.lock_holder()})


@require_POST
@workspace_view(ProductionPerm.VIEW)
def item_preview(request):
    """编辑器旁的“各平台”预览：按表单里的标题、正文与勾选的账号，给出各平台要发出的文字与问题。"""
    ws = request.workspace
    body = richtext.sanitize(request.POST.get("body", ""))
    ids = [int(x) for x in request.POST.getlist("target_accounts") if x.isdigit()]
    codes = [a.platform.code for a in accounts_of(ws).filter(pk__in=ids).select_related("platform")]
    codes = codes or ["wechat", "weibo", "douyin"]
    cover = request.POST.get("cover", "")
    cover = asset_selectors.assets_of(ws, kind="image").filter(pk=int(cover)).first() if cover.isdigit() else None
    crops = asset_selectors.crops_of(cover) if cover else {}
    return render(request, "production/_platform_previews.html", {
        "previews": outputs.previews(request.POST.get("title", "").strip(), body, codes), "cover": cover,
        "cover_ratios": [(ratio, ratio in crops) for ratio in ("2.35:1", "1:1", "3:4", "9:16")],
    })


@workspace_view(ProductionPerm.VIEW)
def item_detail(request, pk: int):
    ws = request.workspace
    item = selectors.item_get(ws, pk)
    actions = workflow.actions_for(item, request.user, request.role)
    rev = item.current_revision
    findings = list(selectors.findings_of(item, rev)) if rev else []
    return render(request, "production/item_detail.html", {
        "item": item, "rev": rev, "body_html": render_body(rev),
        "actions": actions, "decisions": selectors.decisions_of(item), "findings": findings,
        "pending_findings": [f for f in findings if f.decision == "pending"],
        "error_rate": selectors.error_rate(findings, rev.text) if rev else None,
        "finding_summary": selectors.finding_summary(findings),
        "attachments": selectors.attachments_of(item), "accounts": item.target_accounts.select_related("platform"),
        "stages": list(selectors.stages_of(item.chain)) if item.chain_id else [],
        "decision_form": DecisionForm(), "holder": item.lock_holder(), "footer": documents.footer_text(item),
        "revision_count": selectors.revisions_of(item).count(),
        "can_attach": services.can_add_attachment(request.user, item),
        "other_actions": item_actions.for_item(request, item),
        "rights_problems": selectors.rights_problems_of(item),
    })


@require_POST
@workspace_view(ProductionPerm.VIEW)
def item_action(request, pk: int, action: str):
    ws = request.workspace
    item = selectors.item_get(ws, pk)
    handlers = {
        "submit": lambda: services.item_submit(actor=request.user, item=item, comments=request.POST.get("comments", "")),
        "withdraw": lambda: services.item_withdraw(actor=request.user, item=item),
        "archive": lambda: services.item_archive(actor=request.user, item=item),
        "reopen": lambda: services.item_reopen(actor=request.user, item=item),
        "unlock": lambda: services.item_unlock(actor=request.user, item=item),
    }
    done = {"submit": "已送审。", "withdraw": "已撤回为草稿。", "archive": "已归档。", "reopen": "已重新打开为草稿。",
            "unlock": "已释放编辑锁。"}
    if action not in handlers:
        raise PermissionDenied("未知操作")
    try:
        handlers[action]()
    except ValidationError as exc:
        messages.error(request, _msg(exc))
    else:
        messages.success(request, done[action])
    return redirect("production:item_detail", ws=ws.slug, pk=pk)


@require_POST
@workspace_view(ProductionPerm.VIEW)
def item_decide(request, pk: int):
    ws = request.workspace
    item = selectors.item_get(ws, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择审核结论")
        return redirect("production:item_detail", ws=ws.slug, pk=pk)
    try:
        d = services.item_decide(actor=request.user, item=item, verdict=form.cleaned_data["verdict"],
                                 comments=form.cleaned_data["comments"])
    except ValidationError as exc:
        messages.error(request, _msg(exc))
        return redirect("production:item_detail", ws=ws.slug, pk=pk)
    messages.success(request, f"{d.stage_name}：{d.get_verdict_display()}。")
    return redirect("production:my_work", ws=ws.slug)


@require_POST
@workspace_view(ProductionPerm.VIEW)
def finding_resolve(request, pk: int, fid: int):
    ws = request.workspace
    item = selectors.item_get(ws, pk)
    finding = selectors.finding_get(item, fid)
    accept = request.POST.get("accept") == "1"
    reason = request.POST.get("reason", "")
    if not accept and request.POST.get("whitelist") == "1" and not reason.strip():
        messages.error(request, "申请白名单须填写忽略理由（这条结果仍待处理）")
        return redirect("production:item_detail", ws=ws.slug, pk=pk)
    try:
        finding = services.finding_resolve(actor=request.user, finding=finding, accept=accept, reason=reason)
        if not accept and request.POST.get("whitelist") == "1":
            proposal = services.finding_propose_whitelist(actor=request.user, finding=finding)
            messages.success(request, f"已申请把“{proposal.term}”加入白名单，等待审核员或项目经理同意。")
    except ValidationError as exc:
        messages.error(request, _msg(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("production:item_detail", ws=ws.slug, pk=pk)


@workspace_view(ProductionPerm.VIEW)
def revisions(request, pk: int):
    ws = request.workspace
    item = selectors.item_get(ws, pk)
    revs = list(selectors.revisions_of(item))
    a = request.GET.get("a")
    b = request.GET.get("b")
    diff = stats = old = new = media = None
    if len(revs) >= 1:
        new = selectors.revision_get(item, int(b)) if b and b.isdigit() else revs[0]
        old = selectors.revision_get(item, int(a)) if a and a.isdigit() else (revs[1] if len(revs) > 1 else revs[0])
        diff = documents.diff_html(old.text, new.text)
        title_diff = documents.diff_html(old.title, new.title)
        stats = documents.diff_stats(old.text, new.text)
        media = richtext.media_changes(selectors.body_html(old), selectors.body_html(new))
    else:
        title_diff = ""
    return render(request, "production/revisions.html", {
        "item": item, "revisions": revs, "old": old, "new": new, "diff": diff, "title_diff": title_diff,
        "stats": stats, "media": media,
    })


@require_POST
@workspace_view(ProductionPerm.VIEW)
def attachment_upload(request, pk: int):
    ws = request.workspace
    item = selectors.item_get(ws, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择文件")
    else:
        try:
            services.attachment_add(actor=request.user, item=item, file=upload)
        except ValidationError as exc:
            messages.error(request, _msg(exc))
        else:
            messages.success(request, f"已上传“{upload.name}”。")
    return redirect("production:item_detail", ws=ws.slug, pk=pk)


@workspace_view(ProductionPerm.VIEW)
def attachment_download(request, pk: int, aid: int):
    item = selectors.item_get(request.workspace, pk)
    att = selectors.attachment_get(item, aid)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


@require_POST
@workspace_view(ProductionPerm.VIEW)
def attachment_delete(request, pk: int, aid: int):
    ws = request.workspace
    item = selectors.item_get(ws, pk)
    att = selectors.attachment_get(item, aid)
    services.attachment_delete(actor=request.user, attachment=att)
    messages.success(request, "附件已删除。")
    return redirect("production:item_detail", ws=ws.slug, pk=pk)


@workspace_view(ProductionPerm.VIEW)
def approval_form(request, pk: int):
    item = selectors.item_get(request.workspace, pk)
    data = documents.approval_form_docx(item)
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('宣传审批表-' + str(item.pk) + '.docx')}"
    return resp


@workspace_view(ProductionPerm.VIEW)
def my_work(request):
    ws = request.workspace
    user, role = request.user, request.role
    return render(request, "production/my_work.html", {
        "waiting": list(selectors.waiting_for(ws, user, role)[:100]),
        "mine": list(selectors.my_drafts(ws, user)[:100]),
        "overdue": list(selectors.overdue_for(ws, user, role)[:100]),
        "sent_back": list(selectors.sent_back_by(ws, user)[:100]),
        "today": clock.today(),
    })
