"""审核流转：送审、逐环节审核、自动检查结果的处理、撤回、归档、重新打开、逾期提醒。"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
from rongmei.core import checkers, clock
from rongmei.core.labels import label
from rongmei.engines import richtext
from rongmei.engines.proofing.finding import CATEGORIES
from rongmei.proofread.services import whitelist_propose

from .. import selectors
from ..choices import BodyFormat, FindingDecision, Importance, ItemStatus, Verdict
from ..models import (
    CheckFinding,
    ContentItem,
    ReviewDecision,
    ReviewStage,
)
from ..workflow import Act, require
from .common import _decision, _due, _name, _new_revision, _notify, stage_deciders

log = logging.getLogger(__name__)

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
        results = list(checker.check(rev.text, workspace=item.workspace))
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
            text=str(r.get("text") or rev.text[start:end])[:500], category=str(r.get("category", ""))[:60],
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
HIGH = "高"  # 严重程度“高”（隐私、敏感信息、落马官员等）：忽略须写理由


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
        if rev.text[finding.start:finding.end] != finding.text:
            raise ValidationError("原文位置已变化，无法自动替换，请手工修改正文后忽略此条")
        if rev.body_format == BodyFormat.HTML:
            try:  # 按读者看到的文字位置改字，标签与样式不动
                new_body = richtext.replace_text(rev.body, finding.start, finding.end, finding.suggestion,
                                                 expect=finding.text)
            except richtext.RichTextError as exc:
                raise ValidationError(str(exc)) from exc
        else:
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
        if finding.severity == HIGH and not (reason or "").strip():
            label = CATEGORIES.get(finding.category, finding.category or "检查结果")
            raise ValidationError({"reason": f"“{finding.text}”是高风险问题（{label}），忽略时须写明理由"})
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
    problems = selectors.rights_problems_of(item)
    if problems:
        raise ValidationError(f"“{item.title}”用到的素材有授权问题，不能排期或发布：{'；'.join(problems)}。"
                              "请在素材库更新授权，或换用其他素材后重新送审。")



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
