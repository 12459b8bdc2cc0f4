"""策划、采编与审核的数据模型。

- 策划：每月一题（ThemePlan）、专项宣传方案（Campaign）、月度工作计划（WorkPlan）与周/月调度会（Meeting）、
  栏目（Column）、各平台推荐发布时段（PublishingWindow）。
- 采编：内容（ContentItem）、修订（Revision，每次保存正文都是一个修订）、附件（Attachment）。
- 审核：按工作区与内容形态配置的审核流程（ReviewChain → ReviewStage），每个决定（ReviewDecision）
  与自动检查结果（CheckFinding）都记在具体修订上。
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from rongmei.core import clock
from rongmei.core.labels import label
from rongmei.engines import richtext
from rongmei.workspaces.choices import Role
from rongmei.workspaces.models import OfficialAccount, Workspace

from .choices import (
    CONFIDENTIALITY_COLOURS,
    IMPORTANCE_COLOURS,
    ITEM_STATUS_COLOURS,
    KIND_CHOICES,
    PLATFORM_CHOICES,
    VERDICT_COLOURS,
    AttachmentKind,
    BodyFormat,
    ColumnType,
    Confidentiality,
    FindingDecision,
    Importance,
    ItemStatus,
    MeetingKind,
    StageType,
    Verdict,
)

User = settings.AUTH_USER_MODEL


# ---------------------------------------------------------------- 策划


class Column(models.Model):
    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE, related_name="columns")
    name = models.CharField("栏目名称", max_length=80)
    column_type = models.CharField("类型", max_length=16, choices=ColumnType.choices, default=ColumnType.ORIGINAL)
    description = models.TextField("内容", blank=True)
    departments = models.TextField("来源部门", blank=True, help_text="每行一个部门或来源")
    kinds = models.JSONField("常用内容形态", default=list, blank=True)
    order = models.PositiveIntegerField("序号", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["column_type", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="production_unique_column")]

    def __str__(self) -> str:
        return self.name

    @property
    def department_list(self) -> list[str]:
        return [d.strip() for d in self.departments.splitlines() if d.strip()]


class ThemePlan(models.Model):
    """“每月一题”计划表中的一行。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE, related_name="theme_plans")
    year = models.PositiveIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    theme = models.CharField("主题", max_length=120)
    content = models.TextField("宣传内容", blank=True)
    form = models.CharField("形式", max_length=200, blank=True)
    departments = models.CharField("责任部门", max_length=300, blank=True)
    order = models.PositiveIntegerField("序号", default=100)

    class Meta:
        verbose_name = "每月一题"
        verbose_name_plural = "每月一题"
        ordering = ["year", "month", "order", "pk"]
        indexes = [models.Index(fields=["workspace", "year", "month"])]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月·{self.theme}"


class Campaign(models.Model):
    """围绕关键日期的专项宣传方案（全国助残日、残运会……）。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField("方案名称", max_length=160)
    key_date_name = models.CharField("关键日期", max_length=80, blank=True)
    key_date = models.DateField("关键日期当天", null=True, blank=True)
    start = models.DateField("宣传开始", null=True, blank=True)
    end = models.DateField("宣传结束", null=True, blank=True)
    goals = models.TextField("目标与重点", blank=True)
    plan = models.TextField("方案内容", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "专项宣传方案"
        verbose_name_plural = "专项宣传方案"
        ordering = ["-key_date", "name"]

    def __str__(self) -> str:
        return self.name


class WorkPlan(models.Model):
    """月度工作计划。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE, related_name="work_plans")
    month = models.DateField("月份", help_text="该月 1 日")
    title = models.CharField("标题", max_length=160)
    body = models.TextField("计划内容", blank=True)
    created_by = models.ForeignKey(User, verbose_name="制定人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "月度工作计划"
        verbose_name_plural = "月度工作计划"
        ordering = ["-month"]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """周调度/月调度会：议程、决定、跟进事项。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE, related_name="meetings")
    plan = models.ForeignKey(WorkPlan, verbose_name="所属月度计划", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="meetings")
    kind = models.CharField("类型", max_length=16, choices=MeetingKind.choices, default=MeetingKind.WEEKLY)
    date = models.DateField("日期")
    agenda = models.TextField("议程", blank=True)
    decisions = models.TextField("决定事项", blank=True)
    follow_ups = models.TextField("跟进事项", blank=True, help_text="每行一项")
    created_by = models.ForeignKey(User, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "调度会"
        verbose_name_plural = "调度会"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"


class PublishingWindow(models.Model):
    """某平台的推荐发布时段（发布功能通过 selectors.recommended_windows 读取）。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="publishing_windows")
    platform_code = models.CharField("平台", max_length=30, choices=PLATFORM_CHOICES)
    start = models.TimeField("开始")
    end = models.TimeField("结束", help_text="24:00 请填 23:59")
    workdays_only = models.BooleanField("仅工作日", default=False)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "推荐发布时段"
        verbose_name_plural = "推荐发布时段"
        ordering = ["platform_code", "start"]

    def __str__(self) -> str:
        return f"{self.get_platform_code_display()} {self.start:%H:%M}–{self.end:%H:%M}"


# ---------------------------------------------------------------- 审核流程配置


class ReviewChain(models.Model):
    """工作区的审核流程；kind 为空表示适用于所有未单独配置的内容形态。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE, related_name="review_chains")
    name = models.CharField("流程名称", max_length=80)
    kind = models.CharField("适用内容形态", max_length=30, choices=KIND_CHOICES, blank=True)
    reopen_stage_order = models.PositiveSmallIntegerField(
        "通过后修改退回到第几步", default=1, help_text="已通过的内容再修改时，从这一步重新审核")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "审核流程"
        verbose_name_plural = "审核流程"
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "kind"], name="production_one_chain_per_kind")]

    def __str__(self) -> str:
        return self.name


class ReviewStage(models.Model):
    chain = models.ForeignKey(ReviewChain, verbose_name="流程", on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("环节名称", max_length=40, help_text="如 一审、终审")
    stage_type = models.CharField("类型", max_length=16, choices=StageType.choices, default=StageType.REVIEW)
    method = models.CharField("审校形式", max_length=60, blank=True, help_text="如 AI 审校、人工复核")
    roles = models.JSONField("可审角色", default=list, blank=True)
    people = models.ManyToManyField(User, verbose_name="指定人员", blank=True, related_name="+")
    skippable = models.BooleanField("一般内容可跳过", default=False)
    allow_author = models.BooleanField(
        "允许作者本人审核", default=False,
        help_text="默认不允许（职责分离）：稿件作者不能在本环节审核自己的稿件或处理其检查结果。仅“编辑自审”类环节才勾选")
    time_limit_workdays = models.PositiveSmallIntegerField("时限（工作日）", default=1)
    checker_key = models.CharField("自动检查器", max_length=40, blank=True, help_text="如 ai_proofread")
    requirements = models.TextField("审核内容与要求", blank=True)

    class Meta:
        verbose_name = "审核环节"
        verbose_name_plural = "审核环节"
        ordering = ["chain", "order"]
        constraints = [models.UniqueConstraint(fields=["chain", "order"], name="production_unique_stage_order")]

    def __str__(self) -> str:
        return f"{self.name}（{self.method or self.get_stage_type_display()}）"

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in self.roles if r in Role.values]


# ---------------------------------------------------------------- 采编


class ContentItem(models.Model):
    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE, related_name="content_items")
    title = models.CharField("标题", max_length=200)
    kind = models.CharField("内容形态", max_length=30, choices=KIND_CHOICES, default="article")
    topic = models.CharField("选题", max_length=200, blank=True)
    column = models.ForeignKey(Column, verbose_name="栏目", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="items")
    theme = models.ForeignKey(ThemePlan, verbose_name="每月一题", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="items")
    campaign = models.ForeignKey(Campaign, verbose_name="专项方案", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="items")
    key_date_name = models.CharField("关键日期", max_length=80, blank=True)
    author = models.ForeignKey(User, verbose_name="作者", on_delete=models.PROTECT, related_name="content_items")
    team = models.CharField("制作团队", max_length=120, blank=True)
    status = models.CharField("状态", max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT,
                              db_index=True)
    target_accounts = models.ManyToManyField(OfficialAccount, verbose_name="目标账号", blank=True,
                                             related_name="content_items")
    deadline = models.DateField("截止日期", null=True, blank=True)
    planned_publish_at = models.DateTimeField("计划发布时间", null=True, blank=True)
    is_original = models.BooleanField("原创", default=True)
    source = models.CharField("来源（转载时填写）", max_length=200, blank=True)
    importance = models.CharField("重要程度", max_length=16, choices=Importance.choices, default=Importance.NORMAL)
    confidentiality = models.CharField("密级", max_length=10, choices=Confidentiality.choices, blank=True,
                                       default=Confidentiality.PUBLIC,
                                       help_text="标为“内部”或“秘密”的稿件在页面与生成的文档上标注密级，默认不打进档案包")
    duration_seconds = models.PositiveIntegerField("时长（秒）", null=True, blank=True)
    airing_count = models.PositiveIntegerField("播出次数", null=True, blank=True)
    cover = models.ForeignKey("assets.Asset", verbose_name="封面", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", help_text="素材库里的图片；在素材库裁好 2.35:1 与 1:1 后公众号按裁剪显示")
    page_count = models.PositiveSmallIntegerField("页数/张数", null=True, blank=True,
                                                  help_text="一图读懂、长图、海报、知识卡片、H5 的页数或张数")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    submitted_at = models.DateTimeField("送审时间", null=True, blank=True)
    approved_at = models.DateTimeField("终审通过时间", null=True, blank=True)
    current_revision = models.ForeignKey("Revision", verbose_name="当前修订", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    chain = models.ForeignKey(ReviewChain, verbose_name="审核流程", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    current_stage = models.ForeignKey(ReviewStage, verbose_name="当前环节", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    stage_entered_at = models.DateTimeField("进入当前环节", null=True, blank=True)
    stage_due = models.DateField("当前环节截止", null=True, blank=True)
    returned_by = models.ForeignKey(User, verbose_name="退回人", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    lock_user = models.ForeignKey(User, verbose_name="正在编辑", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    lock_expires_at = models.DateTimeField("编辑锁到期", null=True, blank=True)

    class Meta:
        verbose_name = "内容"
        verbose_name_plural = "内容"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "status", "-created_at"]),
            models.Index(fields=["workspace", "kind"]),
            models.Index(fields=["workspace", "deadline"]),
            models.Index(fields=["workspace", "approved_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.status == ItemStatus.APPROVED and self.approved_at is not None

    @property
    def status_colour(self) -> str:
        return ITEM_STATUS_COLOURS.get(self.status, "secondary")

    @property
    def importance_colour(self) -> str:
        return IMPORTANCE_COLOURS.get(self.importance, "secondary")

    @property
    def confidentiality_colour(self) -> str:
        return CONFIDENTIALITY_COLOURS.get(self.confidentiality, "secondary")

    @property
    def duration_minutes(self) -> float | None:
        return round(self.duration_seconds / 60, 2) if self.duration_seconds else None

    @property
    def is_overdue(self) -> bool:
        today = clock.today()
        if self.status == ItemStatus.IN_REVIEW and self.stage_due:
            return self.stage_due < today
        if self.status in (ItemStatus.DRAFT, ItemStatus.RETURNED) and self.deadline:
            return self.deadline < today
        return False

    def lock_holder(self, now: dt.datetime | None = None):
        """仍有效的“正在编辑”提示锁的持有人；没有或已过期时返回 None。"""
        now = now or clock.now()
        if self.lock_user_id and self.lock_expires_at and self.lock_expires_at > now:
            return self.lock_user
        return None


class Revision(models.Model):
    item = models.ForeignKey(ContentItem, verbose_name="内容", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("修订号")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", blank=True, help_text="富文本为清洗过的 HTML 片段；旧稿为 Markdown")
    body_format = models.CharField("正文格式", max_length=10, choices=BodyFormat.choices, default=BodyFormat.MARKDOWN)
    summary = models.CharField("修改说明", max_length=200, blank=True)
    created_by = models.ForeignKey(User, verbose_name="修改人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("保存时间", default=timezone.now)

    class Meta:
        verbose_name = "修订"
        verbose_name_plural = "修订"
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="production_unique_revision")]

    def __str__(self) -> str:
        return f"第 {self.number} 版"

    @property
    def text(self) -> str:
        """读者看到的正文文字：AI 审校的位置、修订对比与字数都以它为准。"""
        if self.body_format == BodyFormat.HTML:
            return richtext.to_text(self.body)
        return self.body


class ItemDraft(models.Model):
    """编辑器的自动保存：每人每稿一份暂存稿，不是修订；点“保存”生成修订后删除。"""

    item = models.ForeignKey(ContentItem, verbose_name="内容", on_delete=models.CASCADE, related_name="drafts")
    user = models.ForeignKey(User, verbose_name="编辑人", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("标题", max_length=200, blank=True)
    body = models.TextField("正文（富文本）", blank=True)
    base_revision = models.PositiveIntegerField("基于修订号", null=True, blank=True)
    saved_at = models.DateTimeField("自动保存时间")

    class Meta:
        verbose_name = "自动保存稿"
        verbose_name_plural = "自动保存稿"
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="production_unique_draft")]

    def __str__(self) -> str:
        return f"{self.item}·{self.user}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"production/{instance.item.workspace_id}/{instance.item_id}/{filename}"


class Attachment(models.Model):
    item = models.ForeignKey(ContentItem, verbose_name="内容", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=16, choices=AttachmentKind.choices, default=AttachmentKind.OTHER)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(User, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["item", "uploaded_at"]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------- 审核记录


class ReviewDecision(models.Model):
    item = models.ForeignKey(ContentItem, verbose_name="内容", on_delete=models.CASCADE, related_name="decisions")
    stage = models.ForeignKey(ReviewStage, verbose_name="环节", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="decisions")
    stage_name = models.CharField("环节名称", max_length=40)
    stage_order = models.PositiveSmallIntegerField("环节顺序", default=0)
    stage_type = models.CharField("环节类型", max_length=16, choices=StageType.choices, default=StageType.REVIEW)
    revision = models.ForeignKey(Revision, verbose_name="修订", null=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(User, verbose_name="审核人", null=True, on_delete=models.SET_NULL, related_name="+")
    verdict = models.CharField("结论", max_length=16, choices=Verdict.choices)
    comments = models.TextField("意见", blank=True)
    decided_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["item", "decided_at", "pk"]
        indexes = [models.Index(fields=["actor", "verdict"])]

    def __str__(self) -> str:
        return f"{self.stage_name}：{self.get_verdict_display()}"

    @property
    def verdict_colour(self) -> str:
        return VERDICT_COLOURS.get(self.verdict, "secondary")


class CheckFinding(models.Model):
    """自动检查（如 AI 审校）在某个修订上发现的问题；审核人须逐条采纳或忽略。"""

    item = models.ForeignKey(ContentItem, verbose_name="内容", on_delete=models.CASCADE, related_name="findings")
    revision = models.ForeignKey(Revision, verbose_name="修订", on_delete=models.CASCADE, related_name="findings")
    stage = models.ForeignKey(ReviewStage, verbose_name="环节", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    checker = models.CharField("检查器", max_length=40, blank=True)
    start = models.PositiveIntegerField("起始位置", default=0)
    end = models.PositiveIntegerField("结束位置", default=0)
    text = models.CharField("原文", max_length=500, blank=True)
    category = models.CharField("类别", max_length=60, blank=True)
    rule = models.CharField("规则", max_length=120, blank=True)
    severity = models.CharField("严重程度", max_length=16, blank=True)
    suggestion = models.CharField("建议", max_length=500, blank=True)
    message = models.TextField("说明", blank=True)
    decision = models.CharField("处理", max_length=16, choices=FindingDecision.choices,
                                default=FindingDecision.PENDING)
    reason = models.CharField("理由", max_length=300, blank=True)
    decided_by = models.ForeignKey(User, verbose_name="处理人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"
        ordering = ["revision", "start", "pk"]

    def __str__(self) -> str:
        return f"{label(self.category, 'proof_category')}：{self.text}"
