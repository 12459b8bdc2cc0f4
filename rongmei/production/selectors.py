"""读取：全部按工作区限定范围。发布功能使用 approved_items / item_get / recommended_windows。"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from markdown_it import MarkdownIt

from rongmei.assets import selectors as asset_selectors
from rongmei.core import clock
from rongmei.engines import richtext
from rongmei.engines.proofing.rate import ERROR_CATEGORIES, count_chars
from rongmei.workspaces.models import OfficialAccount

from .choices import BodyFormat, FindingDecision, ItemStatus, Verdict
from .models import (
    Attachment,
    Campaign,
    CheckFinding,
    Column,
    ContentItem,
    ItemDraft,
    Meeting,
    PublishingWindow,
    ReviewChain,
    ReviewDecision,
    ReviewStage,
    Revision,
    ThemePlan,
    WorkPlan,
)

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def body_html(rev) -> str:
    """修订正文的 HTML（页面显示、编辑器载入、发布都用它）：富文本再清洗一遍；旧稿 Markdown 转 HTML，原始 HTML 不执行。"""
    if rev is None:
        return ""
    if rev.body_format == BodyFormat.HTML:
        return richtext.sanitize(rev.body)
    return richtext.sanitize(_md.render(rev.body or ""))


def assets_of_item(item) -> list:
    """这条内容用到的素材：封面与当前修订正文里的图片（按出现顺序，不重复）。"""
    out = [item.cover] if item.cover_id else []
    rev = item.current_revision if item.current_revision_id else None
    if rev is not None and rev.body_format == BodyFormat.HTML:
        for image in richtext.images(rev.body):
            asset = asset_selectors.asset_for_src(item.workspace, image.src)
            if asset is not None and asset not in out:
                out.append(asset)
    return out


def rights_problems_of(item) -> list[str]:
    """素材授权问题（已到期、未取得肖像授权）：内容页提示，排期与发布前拦下。"""
    return asset_selectors.rights_problems(assets_of_item(item))


def draft_of(item, user):
    """这个人在这条内容上的自动保存稿（比当前修订新才算）。"""
    draft = ItemDraft.objects.filter(item=item, user=user).first()
    rev = item.current_revision if item.current_revision_id else None
    if draft is None or (rev and (draft.saved_at < rev.created_at or (draft.title, draft.body) == (rev.title, body_html(rev)))):
        return None
    return draft


def pending_findings_for_editor(item) -> list[dict]:
    """编辑器旁的审校结果：当前修订上待处理、有建议的各条，带“第几次出现”以便在富文本里定位。"""
    rev = item.current_revision
    if rev is None:
        return []
    text = rev.text
    out = []
    for f in findings_of(item, rev).filter(decision=FindingDecision.PENDING):
        occurrence = text.count(f.text, 0, f.start) if f.text else 0
        out.append({"id": f.pk, "text": f.text, "suggestion": f.suggestion, "message": f.message,
                    "severity": f.severity, "occurrence": occurrence, "category": f.category})
    return out


def items_of(workspace, *, status: str = "", kind: str = "", column: int | None = None, author: int | None = None,
             q: str = "", overdue: bool = False) -> QuerySet[ContentItem]:
    qs = (ContentItem.objects.filter(workspace=workspace)
          .select_related("column", "author", "current_stage", "theme")
          .order_by("-created_at", "-pk"))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if column:
        qs = qs.filter(column_id=column)
    if author:
        qs = qs.filter(author_id=author)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(topic__icontains=q))
    if overdue:
        today = clock.today()
        qs = qs.filter(
            Q(status=ItemStatus.IN_REVIEW, stage_due__lt=today)
            | Q(status__in=[ItemStatus.DRAFT, ItemStatus.RETURNED], deadline__lt=today)
        )
    return qs


def item_get(workspace, pk: int) -> ContentItem:
    item = (ContentItem.objects.filter(workspace=workspace, pk=pk)
            .select_related("workspace", "column", "theme", "campaign", "author", "current_revision",
                            "current_stage", "chain", "lock_user", "returned_by").first())
    if item is None:
        raise Http404("内容不存在")
    return item


def approved_items(workspace) -> QuerySet[ContentItem]:
    """已通过终审、可以排期和发布的内容。"""
    return (ContentItem.objects.filter(workspace=workspace, status=ItemStatus.APPROVED, approved_at__isnull=False)
            .select_related("current_revision", "column").order_by("-approved_at"))


def revisions_of(item) -> QuerySet[Revision]:
    return Revision.objects.filter(item=item).select_related("created_by").order_by("-number")


def revision_get(item, number: int) -> Revision:
    rev = Revision.objects.filter(item=item, number=number).select_related("created_by").first()
    if rev is None:
        raise Http404("修订不存在")
    return rev


def decisions_of(item) -> QuerySet[ReviewDecision]:
    return (ReviewDecision.objects.filter(item=item).select_related("actor", "revision")
            .order_by("decided_at", "pk"))


def error_rate(findings, text: str) -> float | None:
    """本修订的差错率（每万字差错数）：自动检查发现的文字差错中仍留在这一版正文里的——即尚待处理的；
    已采纳（已改正）的不在正文里了，已忽略的视为误报，都不计。同一位置只计一次；字数按 AI 审校引擎的口径
    （汉字每字计 1，连续字母或数字计 1）。没有检查结果时返回 None。"""
    findings = list(findings)
    if not findings:
        return None
    chars = count_chars(text)
    spans = {(f.start, f.end) for f in findings
             if f.category in ERROR_CATEGORIES and f.decision == FindingDecision.PENDING
             and not f.rule.startswith("model")}
    return len(spans) / chars * 10000 if chars else 0.0


def finding_summary(findings) -> dict[str, int]:
    """检查结果的处理情况：已改正、已忽略、待处理（稿件页差错率旁显示）。"""
    findings = list(findings)
    return {"accepted": sum(1 for f in findings if f.decision == FindingDecision.ACCEPTED),
            "dismissed": sum(1 for f in findings if f.decision == FindingDecision.DISMISSED),
            "pending": sum(1 for f in findings if f.decision == FindingDecision.PENDING)}


def findings_of(item, revision=None) -> QuerySet[CheckFinding]:
    qs = CheckFinding.objects.filter(item=item).select_related("decided_by")
    if revision is not None:
        qs = qs.filter(revision=revision)
    return qs.order_by("start", "pk")


def pending_findings(item) -> QuerySet[CheckFinding]:
    return CheckFinding.objects.filter(item=item, revision_id=item.current_revision_id,
                                       decision=FindingDecision.PENDING)


def finding_get(item, pk: int) -> CheckFinding:
    f = CheckFinding.objects.filter(item=item, pk=pk).first()
    if f is None:
        raise Http404("检查结果不存在")
    return f


def attachments_of(item) -> QuerySet[Attachment]:
    return Attachment.objects.filter(item=item).select_related("uploaded_by")


def attachment_get(item, pk: int) -> Attachment:
    a = attachments_of(item).filter(pk=pk).first()
    if a is None:
        raise Http404("附件不存在")
    return a


# ---------------------------------------------------------------- 我的待办


def _stages_for(workspace, user, role: str | None) -> list[int]:
    """用户在本工作区可以审核的环节编号（按角色或指定人员）。"""
    out = []
    stages = ReviewStage.objects.filter(chain__workspace=workspace).prefetch_related("people")
    for stage in stages:
        if user.is_superuser or (role and role in (stage.roles or [])) or any(p.pk == user.pk for p in stage.people.all()):
            out.append(stage.pk)
    return out


def waiting_for(workspace, user, role: str | None) -> QuerySet[ContentItem]:
    """等我审核的内容。"""
    stage_ids = _stages_for(workspace, user, role)
    return (ContentItem.objects.filter(workspace=workspace, status=ItemStatus.IN_REVIEW, current_stage_id__in=stage_ids)
            .exclude(author=user, current_stage__allow_author=False)  # 职责分离：自己的稿件不由自己审
            .select_related("author", "current_stage", "column").order_by("stage_due", "pk"))


def my_drafts(workspace, user) -> QuerySet[ContentItem]:
    """我写的、需要我处理的稿件（草稿、被退回）。"""
    return (ContentItem.objects.filter(workspace=workspace, author=user,
                                       status__in=[ItemStatus.DRAFT, ItemStatus.RETURNED])
            .select_related("author", "current_stage", "column", "returned_by").order_by("deadline", "-pk"))


def overdue_for(workspace, user, role: str | None) -> QuerySet[ContentItem]:
    today = clock.today()
    stage_ids = _stages_for(workspace, user, role)
    return (ContentItem.objects.filter(workspace=workspace).filter(
        (Q(status=ItemStatus.IN_REVIEW, current_stage_id__in=stage_ids, stage_due__lt=today)
         & ~Q(author=user, current_stage__allow_author=False))
        | Q(author=user, status__in=[ItemStatus.DRAFT, ItemStatus.RETURNED], deadline__lt=today))
        .select_related("author", "current_stage", "column").order_by("stage_due", "deadline"))


def sent_back_by(workspace, user) -> QuerySet[ContentItem]:
    """我退回、尚未重新送审的内容。"""
    returned = ReviewDecision.objects.filter(item=OuterRef("pk"), actor=user, verdict=Verdict.RETURN)
    return (ContentItem.objects.filter(workspace=workspace, status=ItemStatus.RETURNED, returned_by=user)
            .filter(Exists(returned)).select_related("author", "column").order_by("-updated_at"))


def todo_count(workspace, user, role: str | None) -> int:
    return waiting_for(workspace, user, role).count() + my_drafts(workspace, user).filter(
        status=ItemStatus.RETURNED).count()


def my_deadlines(workspace, user, start: dt.date, end: dt.date) -> QuerySet[ContentItem]:
    """我写的、截止日期在 [start, end] 且尚未通过的稿件（工作台“近期截止”）。"""
    return (ContentItem.objects.filter(workspace=workspace, author=user, deadline__range=(start, end))
            .exclude(status__in=[ItemStatus.APPROVED, ItemStatus.REJECTED, ItemStatus.ARCHIVED])
            .select_related("column").order_by("deadline", "pk"))


def overdue_in(workspace) -> QuerySet[ContentItem]:
    """全工作区逾期的稿件：审核环节超期，或草稿/退回稿过了截止日期（组长工作台）。"""
    today = clock.today()
    return (ContentItem.objects.filter(workspace=workspace).filter(
        Q(status=ItemStatus.IN_REVIEW, stage_due__lt=today)
        | Q(status__in=[ItemStatus.DRAFT, ItemStatus.RETURNED], deadline__lt=today))
        .select_related("author", "current_stage").order_by("deadline", "stage_due", "pk"))


def due_on(workspace, day: dt.date) -> QuerySet[ContentItem]:
    """当天截止、尚未通过的稿件。"""
    return (ContentItem.objects.filter(workspace=workspace, deadline=day)
            .exclude(status__in=[ItemStatus.APPROVED, ItemStatus.REJECTED, ItemStatus.ARCHIVED])
            .select_related("author").order_by("pk"))


def meetings_on(workspace, day: dt.date) -> QuerySet[Meeting]:
    return Meeting.objects.filter(workspace=workspace, date=day).order_by("pk")


# ---------------------------------------------------------------- 审核流程


def chains_of(workspace) -> QuerySet[ReviewChain]:
    return (ReviewChain.objects.filter(workspace=workspace)
            .prefetch_related("stages__people").order_by("kind", "name"))


def chain_get(workspace, pk: int) -> ReviewChain:
    chain = chains_of(workspace).filter(pk=pk).first()
    if chain is None:
        raise Http404("审核流程不存在")
    return chain


def chain_for(workspace, kind: str) -> ReviewChain | None:
    """内容形态适用的流程：先找该形态专用流程，再找默认流程（形态为空）。"""
    chains = {c.kind: c for c in ReviewChain.objects.filter(workspace=workspace, is_active=True, kind__in=[kind, ""])}
    return chains.get(kind) or chains.get("")


def stages_of(chain) -> QuerySet[ReviewStage]:
    return ReviewStage.objects.filter(chain=chain).prefetch_related("people").order_by("order")


def stage_get(workspace, pk: int) -> ReviewStage:
    stage = ReviewStage.objects.filter(chain__workspace=workspace, pk=pk).select_related("chain").first()
    if stage is None:
        raise Http404("审核环节不存在")
    return stage


# ---------------------------------------------------------------- 策划


def columns_of(workspace, *, active_only: bool = False) -> QuerySet[Column]:
    qs = Column.objects.filter(workspace=workspace).annotate(item_count=Count("items"))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("column_type", "order", "name")


def column_get(workspace, pk: int) -> Column:
    c = Column.objects.filter(workspace=workspace, pk=pk).first()
    if c is None:
        raise Http404("栏目不存在")
    return c


def theme_plans_of(workspace, year: int | None = None) -> QuerySet[ThemePlan]:
    qs = ThemePlan.objects.filter(workspace=workspace)
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(item_count=Count("items")).order_by("year", "month", "order", "pk")


def theme_plan_get(workspace, pk: int) -> ThemePlan:
    t = ThemePlan.objects.filter(workspace=workspace, pk=pk).first()
    if t is None:
        raise Http404("计划不存在")
    return t


def campaigns_of(workspace) -> QuerySet[Campaign]:
    return Campaign.objects.filter(workspace=workspace).annotate(item_count=Count("items"))


def campaign_get(workspace, pk: int) -> Campaign:
    c = Campaign.objects.filter(workspace=workspace, pk=pk).first()
    if c is None:
        raise Http404("方案不存在")
    return c


def work_plans_of(workspace) -> QuerySet[WorkPlan]:
    return WorkPlan.objects.filter(workspace=workspace).select_related("created_by")


def work_plan_get(workspace, pk: int) -> WorkPlan:
    p = WorkPlan.objects.filter(workspace=workspace, pk=pk).first()
    if p is None:
        raise Http404("计划不存在")
    return p


def meetings_of(workspace, plan=None) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(workspace=workspace).select_related("plan", "created_by")
    if plan is not None:
        qs = qs.filter(plan=plan)
    return qs


def meeting_get(workspace, pk: int) -> Meeting:
    m = Meeting.objects.filter(workspace=workspace, pk=pk).first()
    if m is None:
        raise Http404("调度会记录不存在")
    return m


def windows_of(workspace) -> QuerySet[PublishingWindow]:
    return PublishingWindow.objects.filter(workspace=workspace).order_by("platform_code", "start")


def window_get(workspace, pk: int) -> PublishingWindow:
    w = PublishingWindow.objects.filter(workspace=workspace, pk=pk).first()
    if w is None:
        raise Http404("时段不存在")
    return w


def recommended_windows(workspace, platform_code: str) -> list[tuple[dt.time, dt.time, bool]]:
    """某平台推荐发布时段：[(开始, 结束, 仅工作日), …]，按开始时间排序。未配置时返回空列表。"""
    return [(w.start, w.end, w.workdays_only)
            for w in PublishingWindow.objects.filter(workspace=workspace, platform_code=platform_code)
            .order_by("start")]


def calendar_items(workspace, start: dt.date, end: dt.date) -> QuerySet[ContentItem]:
    """编辑日历上的内容：截止日期或计划发布时间落在区间内。"""
    tz = timezone.get_current_timezone()
    start_dt = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    end_dt = dt.datetime.combine(end, dt.time.max, tzinfo=tz)
    return (ContentItem.objects.filter(workspace=workspace)
            .filter(Q(deadline__range=(start, end)) | Q(planned_publish_at__range=(start_dt, end_dt)))
            .exclude(status=ItemStatus.ARCHIVED).select_related("column").order_by("deadline", "pk"))


def accounts_for(workspace, ids) -> list:
    return list(OfficialAccount.objects.filter(workspace=workspace, pk__in=list(ids or [])))


# ---------------------------------------------------------------- 个人工作量（core.performance → 团队考核）
def items_by_author(workspace, start: dt.date, end: dt.date) -> dict[int, float]:
    """每人在 start..end 新建的稿件条数（按作者）。"""
    rows = (ContentItem.objects.filter(workspace=workspace, created_at__date__range=(start, end))
            .values("author_id").annotate(n=Count("id")))
    return {r["author_id"]: float(r["n"]) for r in rows}


def return_rate_by_author(workspace, start: dt.date, end: dt.date) -> dict[int, float]:
    """每人的稿件在 start..end 的审核结论中被退回修改或驳回的占比（审核差错率的近似）。"""
    rows = (ReviewDecision.objects.filter(item__workspace=workspace, decided_at__date__range=(start, end),
                                          verdict__in=[Verdict.APPROVE, Verdict.RETURN, Verdict.REJECT])
            .values("item__author_id")
            .annotate(n=Count("id"), bad=Count("id", filter=Q(verdict__in=[Verdict.RETURN, Verdict.REJECT]))))
    return {r["item__author_id"]: r["bad"] / r["n"] for r in rows if r["n"]}
