"""采编与审核的写操作：关键字参数、事务、状态流转表校验、审计、通知。"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
from rongmei.core import checkers, clock
from rongmei.core.labels import label
from rongmei.core.notifications import notify, users_with_role
from rongmei.core.permissions import has_perm, require_perm
from rongmei.engines import workdays
from rongmei.proofread.services import whitelist_propose
from rongmei.workspaces.choices import Role

from . import selectors
from .choices import KINDS_SET, AttachmentKind, FindingDecision, Importance, ItemStatus, Verdict
from .models import (
    Attachment,
    Campaign,
    CheckFinding,
    Column,
    ContentItem,
    Meeting,
    PublishingWindow,
    ReviewChain,
    ReviewDecision,
    ReviewStage,
    Revision,
    ThemePlan,
    WorkPlan,
)
from .permissions import ProductionPerm
from .presets import CHAIN_PRESETS, WINDOW_PRESETS
from .workflow import Act, require

log = logging.getLogger(__name__)

LOCK_MINUTES = 15
ITEM_FIELDS = {
    "topic", "kind", "column", "theme", "campaign", "key_date_name", "team", "deadline", "planned_publish_at",
    "is_original", "source", "importance", "duration_seconds", "airing_count",
}


def _name(user) -> str:
    return str(user) if user is not None else "（未知）"


def item_url(item) -> str:
    return reverse("production:item_detail", kwargs={"ws": item.workspace.slug, "pk": item.pk})


def _notify(users, item, title: str, body: str = "", kind: str = "production") -> None:
    users = [u for u in users if u is not None]
    if users:
        notify(users=users, workspace=item.workspace, title=title, body=body, url=item_url(item), kind=kind)


def stage_deciders(item, stage) -> list:
    people = list(stage.people.all())
    if stage.roles:
        people += list(users_with_role(item.workspace, *stage.roles))
    return list({u.pk: u for u in people}.values())


def _due(days: int) -> dt.date:
    today = clock.today()
    try:
        return workdays.add_workdays(today, max(days, 0))
    except workdays.CalendarCoverageError:
        return today + dt.timedelta(days=max(days, 0))


# ---------------------------------------------------------------- 内容与修订


def _check_refs(workspace, fields: dict) -> None:
    errors = {}
    for name in ("column", "theme", "campaign"):
        obj = fields.get(name)
        if obj is not None and obj.workspace_id != workspace.pk:
            errors[name] = "不属于本工作区"
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
    today = timezone.localdate()
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


def _new_revision(item, *, actor, title: str, body: str, summary: str = "") -> Revision:
    last = Revision.objects.filter(item=item).aggregate(n=models.Max("number"))["n"] or 0
    rev = Revision.objects.create(item=item, number=last + 1, title=title, body=body, summary=summary[:200],
                                  created_by=actor)
    item.current_revision = rev
    item.title = title
    return rev


@transaction.atomic
def item_create(*, actor, workspace, title: str, kind: str = "article", body: str = "", target_accounts=None,
                summary: str = "初稿", **fields) -> ContentItem:
    require_perm(actor, workspace, ProductionPerm.CREATE)
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
    _new_revision(item, actor=actor, title=item.title, body=body, summary=summary)
    item.save(update_fields=["current_revision", "title"])
    _set_accounts(item, target_accounts)
    record(Action.CREATE, obj=item, workspace=workspace, actor=actor, after=snapshot(item), message="新建内容")
    return item


class StaleRevision(ValidationError):
    """保存基于旧修订（乐观锁冲突）。"""


@transaction.atomic
def item_update(*, actor, item: ContentItem, base_revision: int | None = None, title: str | None = None,
                body: str | None = None, summary: str = "", target_accounts=None, **fields) -> ContentItem:
    """保存内容。正文或标题变化即生成新修订；``base_revision`` 不是最新修订时拒绝保存（乐观锁）。"""
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
    new_body = body if body is not None else (current.body if current else "")
    text_changed = current is None or new_title != current.title or new_body != current.body
    was_approved = item.status == ItemStatus.APPROVED
    if text_changed:
        _new_revision(item, actor=actor, title=new_title, body=new_body, summary=summary)
    if item.lock_user_id == actor.pk:
        item.lock_user = None
        item.lock_expires_at = None
    item.full_clean(exclude=["current_revision", "author"])
    item.save()
    _set_accounts(item, target_accounts)
    record_change(item, before, workspace=item.workspace, message="修改内容")
    if text_changed and was_approved:
        _reopen_after_approval(item, actor=actor)
    elif text_changed and item.status == ItemStatus.IN_REVIEW and item.current_stage and item.current_stage.checker_key:
        _run_checker(item, item.current_stage, actor=actor)
    return item


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


# ---------------------------------------------------------------- 审核流转


def _decision(item, *, stage, actor, verdict: str, comments: str = "", stage_name: str = "") -> ReviewDecision:
    return ReviewDecision.objects.create(
        item=item, stage=stage, stage_name=stage_name or (stage.name if stage else ""),
        stage_order=stage.order if stage else 0, stage_type=stage.stage_type if stage else "review",
        revision=item.current_revision, actor=actor, verdict=verdict, comments=comments,
    )


def _next_stage(chain, after_order: int) -> ReviewStage | None:
    return ReviewStage.objects.filter(chain=chain, order__gt=after_order).order_by("order").first()


def _enter_stage(item, stage: ReviewStage | None, *, actor) -> None:
    while stage is not None and stage.skippable and item.importance == Importance.LOW:
        _decision(item, stage=stage, actor=None, verdict=Verdict.SKIP, comments="一般内容，按流程配置跳过本环节")
        stage = _next_stage(item.chain, stage.order)
    if stage is None:
        _final_approve(item, actor=actor)
        return
    item.status = ItemStatus.IN_REVIEW
    item.current_stage = stage
    item.stage_entered_at = clock.now()
    item.stage_due = _due(stage.time_limit_workdays)
    item.save(update_fields=["status", "current_stage", "stage_entered_at", "stage_due", "approved_at", "updated_at"])
    if stage.checker_key:
        _run_checker(item, stage, actor=actor)
    _notify(stage_deciders(item, stage), item, f"待审核：{item.title}",
            f"{stage.name}（{stage.method or stage.get_stage_type_display()}），请于 {item.stage_due:%Y-%m-%d} 前处理。")


def _run_checker(item, stage, *, actor) -> int:
    """调用自动检查器，把结果逐条存为 CheckFinding。没有注册检查器时记一条说明，编辑可继续。"""

    rev = item.current_revision
    if rev is None or CheckFinding.objects.filter(revision=rev, checker=stage.checker_key).exists():
        return 0
    try:
        checker = checkers.get(stage.checker_key)
    except LookupError:
        _decision(item, stage=stage, actor=None, verdict=Verdict.NOTE,
                  comments=f"未注册自动检查器“{stage.checker_key}”，本环节未做自动检查，由审核人人工把关后继续。")
        return 0
    try:
        results = list(checker.check(rev.body, workspace=item.workspace))
    except Exception:  # 检查器出错不能卡住流程
        log.exception("自动检查失败")
        _decision(item, stage=stage, actor=None, verdict=Verdict.NOTE,
                  comments="自动检查出错，本环节未做自动检查，请人工把关（详情见系统日志）。")
        return 0
    rows = []
    for r in results:
        start, end = int(r.get("start", 0) or 0), int(r.get("end", 0) or 0)
        rows.append(CheckFinding(
            item=item, revision=rev, stage=stage, checker=stage.checker_key, start=start, end=end,
            text=str(r.get("text") or rev.body[start:end])[:500], category=str(r.get("category", ""))[:60],
            rule=str(r.get("rule", ""))[:120], severity=str(r.get("severity", ""))[:16],
            suggestion=str(r.get("suggestion") or "")[:500], message=str(r.get("message", "")),
        ))
    CheckFinding.objects.bulk_create(rows)
    _decision(item, stage=stage, actor=None, verdict=Verdict.NOTE,
              comments=f"自动检查（{label(stage.checker_key, 'checker')}）完成：发现 {len(rows)} 处需处理。" if rows
              else f"自动检查（{label(stage.checker_key, 'checker')}）完成：未发现问题。")
    return len(rows)


def _final_approve(item, *, actor) -> None:
    item.status = ItemStatus.APPROVED
    item.approved_at = clock.now()
    item.current_stage = None
    item.stage_due = None
    item.stage_entered_at = None
    item.save(update_fields=["status", "approved_at", "current_stage", "stage_due", "stage_entered_at", "updated_at"])
    _notify([item.author], item, f"已通过终审：{item.title}", "内容已通过全部审核环节，可以排期发布。")


def _reopen_after_approval(item, *, actor, reason: str = "通过后修改") -> None:
    chain = item.chain or selectors.chain_for(item.workspace, item.kind)
    if chain is None:
        item.status = ItemStatus.DRAFT
        item.approved_at = None
        item.save(update_fields=["status", "approved_at", "updated_at"])
        return
    item.chain = chain
    stage = (ReviewStage.objects.filter(chain=chain, order__gte=chain.reopen_stage_order).order_by("order").first()
             or ReviewStage.objects.filter(chain=chain).order_by("order").first())
    item.approved_at = None
    item.save(update_fields=["chain", "approved_at"])
    _decision(item, stage=None, actor=actor, verdict=Verdict.NOTE, stage_name="重新审核",
              comments=f"{reason}，退回“{stage.name if stage else '首个环节'}”重新审核。")
    record(Action.UPDATE, obj=item, workspace=item.workspace, actor=actor, message=f"{reason}，重新进入审核")
    _enter_stage(item, stage, actor=actor)


@transaction.atomic
def item_submit(*, actor, item: ContentItem, comments: str = "") -> ContentItem:
    item = ContentItem.objects.select_for_update(of=("self",)).select_related("workspace", "current_revision").get(pk=item.pk)
    require(item, Act.SUBMIT, actor)
    chain = selectors.chain_for(item.workspace, item.kind)
    if chain is None:
        raise ValidationError("本工作区还没有配置审核流程，请项目经理在“审核流程”页面安装或新建流程。")
    first = ReviewStage.objects.filter(chain=chain).order_by("order").first()
    if first is None:
        raise ValidationError(f"审核流程“{chain.name}”还没有环节。")
    item.chain = chain
    item.submitted_at = clock.now()
    item.returned_by = None
    item.approved_at = None
    item.lock_user = None
    item.lock_expires_at = None
    item.save()
    _decision(item, stage=None, actor=actor, verdict=Verdict.NOTE, stage_name="送审", comments=comments or "提交审核")
    record(Action.UPDATE, obj=item, workspace=item.workspace, actor=actor, message=f"送审（{chain.name}）")
    _enter_stage(item, first, actor=actor)
    return item


@transaction.atomic
def item_decide(*, actor, item: ContentItem, verdict: str, comments: str = "") -> ReviewDecision:
    """当前环节的审核人作出决定：通过（进入下一环节或终审通过）、退回修改、驳回。"""
    item = ContentItem.objects.select_for_update(of=("self",)).select_related(
        "workspace", "current_stage", "current_revision", "chain", "author").get(pk=item.pk)
    require(item, Act.DECIDE, actor)
    if verdict not in (Verdict.APPROVE, Verdict.RETURN, Verdict.REJECT):
        raise ValidationError({"verdict": "请选择 通过、退回修改 或 驳回"})
    comments = (comments or "").strip()
    if verdict in (Verdict.RETURN, Verdict.REJECT) and not comments:
        raise ValidationError({"comments": "退回或驳回时请写明意见"})
    stage = item.current_stage
    if verdict == Verdict.APPROVE:
        pending = selectors.pending_findings(item).count()
        if pending:
            raise ValidationError(f"还有 {pending} 条自动检查结果未处理，请逐条采纳或忽略后再通过。")
    decision = _decision(item, stage=stage, actor=actor, verdict=verdict, comments=comments)
    record(Action.APPROVE, obj=item, workspace=item.workspace, actor=actor,
           after={"环节": stage.name, "结论": decision.get_verdict_display(), "意见": comments,
                  "修订": item.current_revision.number if item.current_revision else None},
           message=f"{stage.name}：{decision.get_verdict_display()}")
    if verdict == Verdict.APPROVE:
        _enter_stage(item, _next_stage(item.chain, stage.order), actor=actor)
    else:
        item.status = ItemStatus.RETURNED if verdict == Verdict.RETURN else ItemStatus.REJECTED
        item.current_stage = None
        item.stage_due = None
        item.returned_by = actor
        item.save(update_fields=["status", "current_stage", "stage_due", "returned_by", "updated_at"])
        label = "退回修改" if verdict == Verdict.RETURN else "驳回"
        _notify([item.author], item, f"{stage.name}{label}：{item.title}", f"{_name(actor)}：{comments}")
    return decision


WHITELISTABLE = {"sensitive", "banned_expression", "typo"}


def finding_propose_whitelist(*, actor, finding: CheckFinding):
    """忽略一条检查结果后，申请把原文加入工作区白名单（由 AI 审校的白名单审核流程决定是否采纳）。"""
    if finding.decision != FindingDecision.DISMISSED:
        raise ValidationError("只有已忽略的检查结果可以申请加入白名单")
    if finding.category not in WHITELISTABLE:
        raise ValidationError("只有敏感词、禁用词和错别字类的结果可以申请加入白名单")
    if not finding.reason.strip():
        raise ValidationError("申请白名单须填写忽略理由")

    return whitelist_propose(actor=actor, workspace=finding.item.workspace, term=finding.text,
                             category=finding.category, reason=finding.reason,
                             source_ref=f"production.checkfinding:{finding.pk}")


@transaction.atomic
def finding_resolve(*, actor, finding: CheckFinding, accept: bool, reason: str = "") -> CheckFinding:
    """采纳（按建议替换原文，生成新修订）或忽略一条自动检查结果。"""
    item = ContentItem.objects.select_for_update(of=("self",)).select_related(
        "workspace", "current_stage", "current_revision").get(pk=finding.item_id)
    require(item, Act.RESOLVE_FINDING, actor)
    finding = CheckFinding.objects.select_for_update().get(pk=finding.pk)
    if finding.decision != FindingDecision.PENDING:
        raise ValidationError("这条检查结果已经处理过了")
    if finding.revision_id != item.current_revision_id:
        raise ValidationError("这条检查结果针对的是旧版本，无需处理")
    now = clock.now()
    if accept:
        rev = item.current_revision
        if not finding.suggestion:
            raise ValidationError("这条检查结果没有修改建议，请直接修改正文或选择忽略")
        if rev.body[finding.start:finding.end] != finding.text:
            raise ValidationError("原文位置已变化，无法自动替换，请手工修改正文后忽略此条")
        new_body = rev.body[:finding.start] + finding.suggestion + rev.body[finding.end:]
        new_rev = _new_revision(item, actor=actor, title=item.title, body=new_body,
                                summary=f"采纳检查建议：{finding.text}→{finding.suggestion}")
        item.save(update_fields=["current_revision", "title", "updated_at"])
        delta = len(finding.suggestion) - (finding.end - finding.start)
        for other in CheckFinding.objects.filter(revision=rev).exclude(pk=finding.pk):
            if other.start >= finding.end:
                other.start += delta
                other.end += delta
            other.revision = new_rev
            other.save(update_fields=["start", "end", "revision"])
        finding.revision = new_rev
        finding.end = finding.start + len(finding.suggestion)
        finding.decision = FindingDecision.ACCEPTED
    else:
        finding.decision = FindingDecision.DISMISSED
    finding.reason = (reason or "")[:300]
    finding.decided_by = actor
    finding.decided_at = now
    finding.save()
    record(Action.UPDATE, obj=item, workspace=item.workspace, actor=actor,
           message=f"检查结果“{finding.text}”：{finding.get_decision_display()}")
    return finding


@transaction.atomic
def item_withdraw(*, actor, item: ContentItem) -> ContentItem:
    item = ContentItem.objects.select_for_update(of=("self",)).select_related("workspace", "current_stage").get(pk=item.pk)
    require(item, Act.WITHDRAW, actor)
    _decision(item, stage=item.current_stage, actor=actor, verdict=Verdict.NOTE, comments="作者撤回送审")
    item.status = ItemStatus.DRAFT
    item.current_stage = None
    item.stage_due = None
    item.save(update_fields=["status", "current_stage", "stage_due", "updated_at"])
    record(Action.UPDATE, obj=item, workspace=item.workspace, actor=actor, message="撤回送审")
    return item


@transaction.atomic
def item_archive(*, actor, item: ContentItem) -> ContentItem:
    item = ContentItem.objects.select_for_update(of=("self",)).select_related("workspace").get(pk=item.pk)
    require(item, Act.ARCHIVE, actor)
    before = snapshot(item, ["status"])
    item.status = ItemStatus.ARCHIVED
    item.current_stage = None
    item.save(update_fields=["status", "current_stage", "updated_at"])
    record_change(item, before, workspace=item.workspace, message="归档")
    return item


@transaction.atomic
def item_reopen(*, actor, item: ContentItem) -> ContentItem:
    item = ContentItem.objects.select_for_update(of=("self",)).select_related("workspace").get(pk=item.pk)
    require(item, Act.REOPEN, actor)
    item.status = ItemStatus.DRAFT
    item.approved_at = None
    item.save(update_fields=["status", "approved_at", "updated_at"])
    record(Action.UPDATE, obj=item, workspace=item.workspace, actor=actor, message="重新打开为草稿")
    return item


def assert_publishable(item: ContentItem) -> None:
    """发布与排期前的守卫：只有通过终审的内容可以排期或发布。"""
    item.refresh_from_db(fields=["status", "approved_at"])
    if not item.is_approved:
        raise ValidationError(f"“{item.title}”未通过终审（当前状态：{item.get_status_display()}），不能排期或发布。")


# ---------------------------------------------------------------- 流程配置


@transaction.atomic
def chain_install_preset(*, actor, workspace, preset: str, kind: str = "") -> ReviewChain:
    """安装预设审核流程（北京五级审校、三级四审、编辑→审核→领导）。同一形态已有流程时替换其环节。"""
    require_perm(actor, workspace, ProductionPerm.CONFIGURE)
    spec = CHAIN_PRESETS.get(preset)
    if spec is None:
        raise ValidationError(f"未知预设：{preset}")
    chain, _ = ReviewChain.objects.update_or_create(
        workspace=workspace, kind=kind,
        defaults={"name": spec["name"], "reopen_stage_order": spec["reopen"], "is_active": True})
    # 保留审核记录：环节外键置空，记录里有环节名称与顺序
    ReviewStage.objects.filter(chain=chain).delete()
    for order, name, stype, method, roles, skippable, limit, checker, req in spec["stages"]:
        ReviewStage.objects.create(chain=chain, order=order, name=name, stage_type=stype, method=method,
                                   roles=[str(r) for r in roles], skippable=skippable, time_limit_workdays=limit,
                                   checker_key=checker, requirements=req)
    record(Action.CREATE, obj=chain, workspace=workspace, actor=actor, message=f"安装审核流程预设：{spec['name']}")
    return chain


@transaction.atomic
def chain_update(*, actor, chain: ReviewChain, **fields) -> ReviewChain:
    require_perm(actor, chain.workspace, ProductionPerm.CONFIGURE)
    before = snapshot(chain)
    for key, value in fields.items():
        setattr(chain, key, value)
    chain.full_clean()
    chain.save()
    record_change(chain, before, workspace=chain.workspace)
    return chain


@transaction.atomic
def stage_save(*, actor, chain: ReviewChain, stage: ReviewStage | None = None, people=None, **fields) -> ReviewStage:
    require_perm(actor, chain.workspace, ProductionPerm.CONFIGURE)
    before = snapshot(stage) if stage else None
    stage = stage or ReviewStage(chain=chain)
    for key, value in fields.items():
        setattr(stage, key, value)

    bad = [r for r in stage.roles if r not in Role.values]
    if bad:
        raise ValidationError({"roles": f"未知角色：{'、'.join(bad)}"})
    stage.full_clean()
    stage.save()
    if people is not None:
        stage.people.set(people)
    if before is None:
        record(Action.CREATE, obj=stage, workspace=chain.workspace, actor=actor, message=f"新增审核环节：{stage.name}")
    else:
        record_change(stage, before, workspace=chain.workspace)
    return stage


@transaction.atomic
def stage_delete(*, actor, stage: ReviewStage) -> None:
    ws = stage.chain.workspace
    require_perm(actor, ws, ProductionPerm.CONFIGURE)
    if ContentItem.objects.filter(current_stage=stage, status=ItemStatus.IN_REVIEW).exists():
        raise ValidationError("有内容正在这个环节审核，不能删除")
    record(Action.DELETE, obj=stage, workspace=ws, actor=actor, message=f"删除审核环节：{stage.name}")
    stage.delete()


# ---------------------------------------------------------------- 策划（通用保存）

_PLANNING_MODELS = {Column: "栏目", ThemePlan: "每月一题", Campaign: "专项宣传方案", WorkPlan: "月度工作计划",
                    Meeting: "调度会", PublishingWindow: "推荐发布时段"}


def _planning_save(model, *, actor, workspace, instance=None, **fields):
    require_perm(actor, workspace, ProductionPerm.PLAN)
    label = _PLANNING_MODELS[model]
    if instance is not None and instance.workspace_id != workspace.pk:
        raise PermissionDenied("对象不属于本工作区")
    before = snapshot(instance) if instance else None
    obj = instance or model(workspace=workspace)
    for key, value in fields.items():
        setattr(obj, key, value)
    if isinstance(obj, WorkPlan | Meeting) and not obj.created_by_id and actor is not None:
        obj.created_by = actor
    obj.full_clean()
    obj.save()
    if before is None:
        record(Action.CREATE, obj=obj, workspace=workspace, actor=actor, after=snapshot(obj), message=f"新建{label}")
    else:
        record_change(obj, before, workspace=workspace, message=f"修改{label}")
    return obj


@transaction.atomic
def column_save(*, actor, workspace, column: Column | None = None, **fields) -> Column:
    return _planning_save(Column, actor=actor, workspace=workspace, instance=column, **fields)


@transaction.atomic
def theme_plan_save(*, actor, workspace, plan: ThemePlan | None = None, **fields) -> ThemePlan:
    month = fields.get("month", plan.month if plan else None)
    if month is not None and not 1 <= int(month) <= 12:
        raise ValidationError({"month": "月份应为 1–12"})
    return _planning_save(ThemePlan, actor=actor, workspace=workspace, instance=plan, **fields)


@transaction.atomic
def campaign_save(*, actor, workspace, campaign: Campaign | None = None, **fields) -> Campaign:
    start, end = fields.get("start"), fields.get("end")
    if start and end and end < start:
        raise ValidationError({"end": "结束日期不能早于开始日期"})
    return _planning_save(Campaign, actor=actor, workspace=workspace, instance=campaign, **fields)


@transaction.atomic
def work_plan_save(*, actor, workspace, plan: WorkPlan | None = None, **fields) -> WorkPlan:
    if fields.get("month"):
        fields["month"] = fields["month"].replace(day=1)
    return _planning_save(WorkPlan, actor=actor, workspace=workspace, instance=plan, **fields)


@transaction.atomic
def meeting_save(*, actor, workspace, meeting: Meeting | None = None, **fields) -> Meeting:
    plan = fields.get("plan")
    if plan is not None and plan.workspace_id != workspace.pk:
        raise ValidationError({"plan": "不属于本工作区"})
    return _planning_save(Meeting, actor=actor, workspace=workspace, instance=meeting, **fields)


@transaction.atomic
def window_save(*, actor, workspace, window: PublishingWindow | None = None, **fields) -> PublishingWindow:
    start = fields.get("start", window.start if window else None)
    end = fields.get("end", window.end if window else None)
    if start and end and end <= start:
        raise ValidationError({"end": "结束时间应晚于开始时间（24:00 请填 23:59）"})
    return _planning_save(PublishingWindow, actor=actor, workspace=workspace, instance=window, **fields)


@transaction.atomic
def window_delete(*, actor, window: PublishingWindow) -> None:
    require_perm(actor, window.workspace, ProductionPerm.PLAN)
    record(Action.DELETE, obj=window, workspace=window.workspace, actor=actor, message=f"删除推荐时段：{window}")
    window.delete()


@transaction.atomic
def windows_install_preset(*, actor, workspace, preset: str) -> int:
    """写入推荐时段预设（北京 seed 001 或运营指南 seed 003）；替换同平台已有时段。"""
    require_perm(actor, workspace, ProductionPerm.PLAN)
    rows = WINDOW_PRESETS.get(preset)
    if rows is None:
        raise ValidationError(f"未知预设：{preset}")
    platforms = {r[0] for r in rows}
    PublishingWindow.objects.filter(workspace=workspace, platform_code__in=platforms).delete()
    for code, start, end, wd_only, note in rows:
        PublishingWindow.objects.create(workspace=workspace, platform_code=code, start=start, end=end,
                                        workdays_only=wd_only, note=note)
    record(Action.UPDATE, workspace=workspace, actor=actor, object_type="production.publishingwindow",
           message=f"安装推荐发布时段预设：{preset}")
    return len(rows)


def remind_overdue(today: dt.date | None = None) -> int:
    """给已超过环节时限的审核中内容的审核人发提醒（站内 + 邮件）。返回提醒的内容条数。"""
    today = today or clock.today()
    count = 0
    qs = (ContentItem.objects.filter(status=ItemStatus.IN_REVIEW, stage_due__lt=today)
          .select_related("workspace", "current_stage"))
    for item in qs:
        if item.current_stage is None:
            continue
        _notify(stage_deciders(item, item.current_stage), item, f"审核已逾期：{item.title}",
                f"{item.current_stage.name}应于 {item.stage_due:%Y-%m-%d} 前完成。", kind="production_overdue")
        count += 1
    return count
