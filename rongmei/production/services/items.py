"""内容、修订与附件：新建、保存（乐观锁）、编辑提示锁、上传与删除附件。"""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from rongmei.assets import selectors as asset_selectors
from rongmei.assets import services as asset_services
from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
from rongmei.core import clock
from rongmei.core.permissions import has_perm, require_perm
from rongmei.engines import richtext

from .. import selectors
from ..choices import KINDS_SET, AttachmentKind, BodyFormat, FindingDecision, ItemStatus
from ..models import (
    Attachment,
    CheckFinding,
    ContentItem,
    ItemDraft,
    Revision,
)
from ..permissions import ProductionPerm
from ..workflow import Act, require
from .common import _name, _new_revision, item_url
from .review import _reopen_after_approval, _run_checker

LOCK_MINUTES = 15
ITEM_FIELDS = {
    "topic", "kind", "column", "theme", "campaign", "key_date_name", "team", "deadline", "planned_publish_at",
    "is_original", "source", "importance", "confidentiality", "duration_seconds", "airing_count", "page_count",
    "cover",
}


def _check_refs(workspace, fields: dict) -> None:
    errors = {}
    for name in ("column", "theme", "campaign", "cover"):
        obj = fields.get(name)
        if obj is not None and obj.workspace_id != workspace.pk:
            errors[name] = "不属于本工作区"
    if fields.get("cover") is not None and fields["cover"].kind != "image":
        errors["cover"] = "封面须是图片素材"
    if "kind" in fields and fields["kind"] not in KINDS_SET:
        errors["kind"] = f"未知内容形态：{fields['kind']}"
    if fields.get("is_original") is False and not (fields.get("source") or "").strip():
        errors["source"] = "转载内容请填写来源"
    errors.update(_date_window_errors(workspace, fields))
    if errors:
        raise ValidationError(errors)


#: 截止日期、计划发布时间最多可以排到几年以后
PLAN_YEARS_AHEAD = 5


def _date_window(workspace) -> tuple[dt.date, dt.date]:
    """稿件日期的合理范围：服务期开始前一年（未设服务期时为今天前一年）到今天起 5 年内。"""
    today = clock.today()
    start = workspace.period_start or today
    earliest = start - dt.timedelta(days=366)
    latest = today + dt.timedelta(days=round(365.25 * PLAN_YEARS_AHEAD))
    return earliest, latest


def _date_window_errors(workspace, fields: dict) -> dict[str, str]:
    """1900-01-01、9999-12-31 这类手误的日期拒绝保存（它们会打乱日历、排期与超时提醒）。"""
    values = {"deadline": fields.get("deadline"), "planned_publish_at": fields.get("planned_publish_at")}
    if not any(values.values()):
        return {}
    earliest, latest = _date_window(workspace)
    errors = {}
    for name, value in values.items():
        if value is None:
            continue
        day = timezone.localtime(value).date() if isinstance(value, dt.datetime) and timezone.is_aware(value) \
            else (value.date() if isinstance(value, dt.datetime) else value)
        if not earliest <= day <= latest:
            what = "截止日期" if name == "deadline" else "计划发布时间"
            errors[name] = (f"{what} {day:%Y-%m-%d} 超出合理范围：应在 {earliest:%Y-%m-%d} 到 {latest:%Y-%m-%d} 之间"
                            f"（服务期开始前一年至今后 {PLAN_YEARS_AHEAD} 年）")
    return errors


def _set_accounts(item, accounts) -> None:
    if accounts is None:
        return
    accounts = list(accounts)
    if any(a.workspace_id != item.workspace_id for a in accounts):
        raise ValidationError({"target_accounts": "目标账号必须属于本工作区"})
    item.target_accounts.set(accounts)



def item_create(*, actor, workspace, title: str, kind: str = "article", body: str = "", target_accounts=None,
                summary: str = "初稿", body_format: str = BodyFormat.MARKDOWN, **fields) -> ContentItem:
    """新建内容（第 1 版）。富文本正文里的图片先转存进素材库（在事务之外，转存要下载网上的图片）；
    转存不了的去掉，提示放在返回对象的 ``body_warnings`` 里。"""
    require_perm(actor, workspace, ProductionPerm.CREATE)
    warnings: list[str] = []
    if _format(body_format) == BodyFormat.HTML and body:
        body, warnings = prepare_body(actor=actor, workspace=workspace, body=body)
    item = _item_create(actor=actor, workspace=workspace, title=title, kind=kind, body=body,
                        target_accounts=target_accounts, summary=summary, body_format=body_format, **fields)
    item.body_warnings = warnings
    return item


def prepare_body(*, actor, workspace, body: str) -> tuple[str, list[str]]:
    """富文本正文保存前：图片转存进本工作区素材库（粘贴的、网上的），再清洗。返回（正文，中文提示）。"""
    try:
        body, warnings = asset_services.localize_images(actor=actor, workspace=workspace, html=body)
    except PermissionDenied:
        warnings = ["您没有素材库的上传权限，粘贴或引用的网上图片未转存，已去掉"] if richtext.images(body) else []
        body = richtext.rewrite_images(body, lambda image: image.src if asset_selectors.asset_for_src(
            workspace, image.src) else None)
    return richtext.sanitize(body), warnings


def _record_uses(item) -> None:
    """素材库记下这条内容用了哪些素材（正文图片与封面）；每次保存重新记。"""
    ref = f"production.contentitem:{item.pk}"
    asset_services.clear_uses(ref)
    url = item_url(item)
    for asset in selectors.assets_of_item(item):
        asset_services.record_use(asset=asset, ref=ref, title=item.title, url=url)


@transaction.atomic
def _item_create(*, actor, workspace, title: str, kind: str, body: str, target_accounts, summary: str,
                 body_format: str, **fields) -> ContentItem:
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise ValidationError(f"不支持的字段：{'、'.join(sorted(unknown))}")
    if not title.strip():
        raise ValidationError({"title": "请填写标题"})
    fields["kind"] = kind
    _check_refs(workspace, fields)
    item = ContentItem(workspace=workspace, title=title.strip(), author=actor, **fields)
    item.full_clean(exclude=["current_revision", "author"])
    item.save()
    _new_revision(item, actor=actor, title=item.title, body=body, summary=summary, body_format=_format(body_format))
    item.save(update_fields=["current_revision", "title"])
    _set_accounts(item, target_accounts)
    _record_uses(item)
    record(Action.CREATE, obj=item, workspace=workspace, actor=actor, after=snapshot(item), message="新建内容")
    return item


class StaleRevision(ValidationError):
    """保存基于旧修订（乐观锁冲突）。"""


def item_update(*, actor, item: ContentItem, base_revision: int | None = None, title: str | None = None,
                body: str | None = None, summary: str = "", target_accounts=None, body_format: str | None = None,
                accepted_findings=(), **fields) -> ContentItem:
    """保存内容（见 ``_item_update``）。富文本正文的图片先在事务之外转存进素材库，提示放在 ``body_warnings``。"""
    warnings: list[str] = []
    fmt = body_format or (item.current_revision.body_format if item.current_revision_id else BodyFormat.MARKDOWN)
    if body is not None and _format(fmt) == BodyFormat.HTML and body:
        require(item, Act.EDIT, actor)
        body, warnings = prepare_body(actor=actor, workspace=item.workspace, body=body)
    item = _item_update(actor=actor, item=item, base_revision=base_revision, title=title, body=body, summary=summary,
                        target_accounts=target_accounts, body_format=body_format, accepted_findings=accepted_findings,
                        **fields)
    item.body_warnings = warnings
    return item


@transaction.atomic
def _item_update(*, actor, item: ContentItem, base_revision: int | None = None, title: str | None = None,
                 body: str | None = None, summary: str = "", target_accounts=None, body_format: str | None = None,
                 accepted_findings=(), **fields) -> ContentItem:
    """保存内容。正文或标题变化即生成新修订；``base_revision`` 不是最新修订时拒绝保存（乐观锁）。

    ``body_format`` 为 ``html`` 时正文是编辑器的富文本（服务器端清洗）；不给时沿用当前格式。
    ``accepted_findings`` 是在编辑器里已按建议改过的检查结果编号，保存后记为“采纳”。
    """
    item = ContentItem.objects.select_for_update(of=("self",)).select_related("current_revision", "current_stage",
                                                                   "workspace").get(pk=item.pk)
    require(item, Act.EDIT, actor)
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise ValidationError(f"不支持的字段：{'、'.join(sorted(unknown))}")
    current = item.current_revision
    if base_revision is not None and current is not None and current.number != base_revision:
        between = Revision.objects.filter(item=item, number__gt=base_revision).select_related("created_by")
        names = "、".join(dict.fromkeys(_name(r.created_by) for r in between))
        when = timezone.localtime(current.created_at).strftime("%m-%d %H:%M")
        raise StaleRevision(
            f"保存被拒绝：您是在第 {base_revision} 版上修改的，期间 {names} 已保存到第 {current.number} 版"
            f"（{when}）。请复制您的修改，刷新页面后在最新版本上重新修改，可用“文本对比”查看差异。")
    merged = {"is_original": item.is_original, "source": item.source, **fields}
    _check_refs(item.workspace, merged)
    before = snapshot(item)
    for key, value in fields.items():
        setattr(item, key, value)
    new_title = (title if title is not None else item.title).strip()
    if not new_title:
        raise ValidationError({"title": "请填写标题"})
    fmt = _format(body_format or (current.body_format if current else BodyFormat.MARKDOWN))
    new_body = body if body is not None else (current.body if current else "")
    if body is not None and fmt == BodyFormat.HTML:
        new_body = richtext.sanitize(new_body)
    text_changed = (current is None or new_title != current.title or new_body != current.body
                    or fmt != current.body_format)
    was_approved = item.status == ItemStatus.APPROVED
    accepted = _accepted_in_editor(item, accepted_findings) if text_changed else []
    if accepted and not summary:
        summary = "采纳检查建议：" + "；".join(f"{f.text}→{f.suggestion}" for f in accepted)
    if text_changed:
        _new_revision(item, actor=actor, title=new_title, body=new_body, summary=summary, body_format=fmt)
        for f in accepted:
            f.decision, f.decided_by, f.decided_at, f.reason = FindingDecision.ACCEPTED, actor, clock.now(), "在编辑器中采纳"
            f.save(update_fields=["decision", "decided_by", "decided_at", "reason"])
        ItemDraft.objects.filter(item=item, user=actor).delete()
    if item.lock_user_id == actor.pk:
        item.lock_user = None
        item.lock_expires_at = None
    item.full_clean(exclude=["current_revision", "author"])
    item.save()
    _set_accounts(item, target_accounts)
    _record_uses(item)
    record_change(item, before, workspace=item.workspace, message="修改内容")
    if text_changed and was_approved:
        _reopen_after_approval(item, actor=actor)
    elif text_changed and item.status == ItemStatus.IN_REVIEW and item.current_stage and item.current_stage.checker_key:
        _run_checker(item, item.current_stage, actor=actor)
    return item


def _format(value: str) -> str:
    if value not in BodyFormat.values:
        raise ValidationError({"body": f"未知正文格式：{value}"})
    return value


def _accepted_in_editor(item, ids) -> list[CheckFinding]:
    ids = [int(i) for i in ids or () if str(i).isdigit()]
    if not ids:
        return []
    return list(CheckFinding.objects.filter(item=item, pk__in=ids, decision=FindingDecision.PENDING,
                                            revision_id=item.current_revision_id))


# ---------------------------------------------------------------- 自动保存与编辑锁


@transaction.atomic
def draft_autosave(*, actor, item: ContentItem, title: str, body: str, base_revision: int | None = None,
                   minutes: int = LOCK_MINUTES) -> tuple[ItemDraft, object | None]:
    """自动保存（不生成修订）：每人每稿一份暂存稿，同时续期“正在编辑”锁。返回（暂存稿，别人持有锁时的持有人）。"""
    require(item, Act.EDIT, actor)
    holder = item_lock(actor=actor, item=item, minutes=minutes)
    draft, _ = ItemDraft.objects.update_or_create(
        item=item, user=actor,
        defaults={"title": (title or "")[:200], "body": richtext.sanitize(body or ""), "base_revision": base_revision,
                  "saved_at": clock.now()})
    return draft, holder


def draft_discard(*, actor, item: ContentItem) -> None:
    ItemDraft.objects.filter(item=item, user=actor).delete()


@transaction.atomic
def item_lock(*, actor, item: ContentItem, minutes: int = LOCK_MINUTES):
    """“正在编辑”提示锁。已被他人持有时不改变，返回持有人；否则由 actor 持有并返回 None。"""
    item = ContentItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    holder = item.lock_holder()
    if holder is not None and holder.pk != actor.pk:
        return holder
    item.lock_user = actor
    item.lock_expires_at = clock.now() + dt.timedelta(minutes=minutes)
    item.save(update_fields=["lock_user", "lock_expires_at"])
    return None


@transaction.atomic
def item_unlock(*, actor, item: ContentItem) -> None:
    ContentItem.objects.filter(pk=item.pk, lock_user=actor).update(lock_user=None, lock_expires_at=None)


def _guess_kind(name: str, content_type: str | None) -> str:
    ctype = content_type or mimetypes.guess_type(name)[0] or ""
    if ctype.startswith("image/"):
        return AttachmentKind.IMAGE
    if ctype.startswith("video/"):
        return AttachmentKind.VIDEO
    if ctype.startswith("audio/"):
        return AttachmentKind.AUDIO
    if ctype.startswith(("application/pdf", "application/msword", "application/vnd", "text/")):
        return AttachmentKind.DOCUMENT
    return AttachmentKind.OTHER


def can_add_attachment(actor, item: ContentItem) -> bool:
    """``attachment_add`` 是否会接受这个人的上传（页面据此决定是否显示上传框）。"""
    try:
        _check_attachment_add(actor, item)
    except (PermissionDenied, ValidationError):
        return False
    return True


def _check_attachment_add(actor, item: ContentItem) -> None:
    if item.status == ItemStatus.APPROVED or not has_perm(actor, item.workspace, ProductionPerm.CREATE):
        require(item, Act.EDIT, actor)
    elif item.status not in (ItemStatus.DRAFT, ItemStatus.RETURNED, ItemStatus.IN_REVIEW):
        raise ValidationError(f"“{item.get_status_display()}”状态的内容不能添加附件")


@transaction.atomic
def attachment_add(*, actor, item: ContentItem, file, name: str = "") -> Attachment:
    """上传附件（经 Django 存储接口保存，可用 S3 兼容存储）。"""
    _check_attachment_add(actor, item)
    name = (name or getattr(file, "name", "") or "附件").rsplit("/", 1)[-1][:200]
    att = Attachment(item=item, name=name, kind=_guess_kind(name, getattr(file, "content_type", None)),
                     size=getattr(file, "size", 0) or 0, uploaded_by=actor)
    att.file.save(name, file, save=False)
    att.save()
    record(Action.CREATE, obj=att, workspace=item.workspace, actor=actor, message=f"上传附件：{name}")
    if item.status == ItemStatus.APPROVED:
        _reopen_after_approval(item, actor=actor, reason=f"通过后新增附件“{name}”")
    return att


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    item = attachment.item
    require(item, Act.EDIT, actor)
    record(Action.DELETE, obj=attachment, workspace=item.workspace, actor=actor, message=f"删除附件：{attachment.name}")
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))
    if item.status == ItemStatus.APPROVED:
        _reopen_after_approval(item, actor=actor, reason="通过后删除附件")
