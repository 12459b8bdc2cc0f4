"""互动的数据模型：消息（评论、回复、私信、留言）、答复、答复口径、处室、时限规则、问题集锦。"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from rongmei.core import clock
from rongmei.core.choices import Role
from rongmei.workspaces.models import OfficialAccount, Workspace

from .choices import (
    CATEGORY_COLOURS,
    MESSAGE_STATE_COLOURS,
    OPEN_STATES,
    REPLY_STATE_COLOURS,
    SENTIMENT_COLOURS,
    Category,
    CorrectionField,
    CurationState,
    MessageKind,
    MessageSource,
    MessageState,
    ReplyState,
    Sentiment,
)

User = settings.AUTH_USER_MODEL


class Department(models.Model):
    """处室：业务问题转给它答复。联络人（处室联络人角色）只看到本处室的问题。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="interaction_departments")
    name = models.CharField("处室名称", max_length=120)
    contacts = models.ManyToManyField(User, verbose_name="联络人", blank=True, related_name="interaction_departments")
    order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "处室"
        verbose_name_plural = "处室"
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="interaction_unique_department")]

    def __str__(self) -> str:
        return self.name


class InboxSettings(models.Model):
    """工作区的互动设置：工作时段、答复审核人角色、处室时限、提前提醒。"""

    workspace = models.OneToOneField(Workspace, verbose_name="工作区", on_delete=models.CASCADE,
                                     related_name="inbox_settings")
    work_start = models.TimeField("工作时段开始", default=dt.time(9))
    work_end = models.TimeField("工作时段结束", default=dt.time(18), help_text="00:00 表示到当天 24:00")
    approver_role = models.CharField("答复审核角色", max_length=32, choices=Role.choices, default=Role.MANAGER)
    department_within = models.CharField("处室答复时限", max_length=16, default="1wd",
                                         help_text="Nwd 工作日、Nwh 工作小时、Nh 自然小时")
    escalate_minutes = models.PositiveIntegerField("到期前提醒（分钟）", default=60)
    # 互动事实（按时/超时条数）的版本：写消息的服务每次改动都换一个新值，合同页据此判断缓存的事实是否还能用，
    # 不必每次都扫一遍百万条消息（selectors.facts_revision）
    facts_version = models.CharField("事实版本", max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = "互动设置"
        verbose_name_plural = "互动设置"

    def __str__(self) -> str:
        return f"{self.workspace} 互动设置"


class PlatformHours(models.Model):
    """某平台的值守时段（如微博后台 08:00–24:00），覆盖工作区的工作时段。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="inbox_platform_hours")
    platform = models.CharField("平台", max_length=30)
    work_start = models.TimeField("开始", default=dt.time(8))
    work_end = models.TimeField("结束", default=dt.time(0), help_text="00:00 表示到当天 24:00")

    class Meta:
        verbose_name = "平台值守时段"
        verbose_name_plural = "平台值守时段"
        constraints = [models.UniqueConstraint(fields=["workspace", "platform"], name="interaction_unique_hours")]

    def __str__(self) -> str:
        return f"{self.platform} {self.work_start:%H:%M}–{self.work_end:%H:%M}"


class SlaRule(models.Model):
    """答复时限规则：按分类（空为默认）与是否紧急。时限写法 Nwd（工作日）、Nwh（工作小时）、Nh（自然小时）。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="inbox_sla_rules")
    category = models.CharField("分类", max_length=16, choices=Category.choices, blank=True,
                                help_text="留空为默认规则")
    urgent = models.BooleanField("仅紧急消息", default=False)
    first_response = models.CharField("首次响应时限", max_length=16, default="24h")
    resolution = models.CharField("办结时限", max_length=16, default="2wd")
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "答复时限规则"
        verbose_name_plural = "答复时限规则"
        ordering = ["-urgent", "category"]
        constraints = [models.UniqueConstraint(fields=["workspace", "category", "urgent"], name="interaction_unique_sla")]

    def __str__(self) -> str:
        return f"{self.get_category_display() or '默认'}{'（紧急）' if self.urgent else ''}：{self.first_response}/{self.resolution}"


class ReplyTemplate(models.Model):
    """答复口径：按分类与话题，正文可含变量 {昵称}、{账号}、{日期}、{处室}、{答复}。改正文即升版本。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="reply_templates")
    title = models.CharField("口径名称", max_length=120)
    category = models.CharField("分类", max_length=16, choices=Category.choices, blank=True)
    topic = models.CharField("话题", max_length=120, blank=True)
    text = models.TextField("口径正文")
    version = models.PositiveIntegerField("版本", default=1)
    is_active = models.BooleanField("启用", default=True)
    updated_by = models.ForeignKey(User, verbose_name="修改人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "答复口径"
        verbose_name_plural = "答复口径"
        ordering = ["category", "topic", "title"]

    def __str__(self) -> str:
        return self.title


class ReplyTemplateVersion(models.Model):
    template = models.ForeignKey(ReplyTemplate, verbose_name="口径", on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本")
    text = models.TextField("口径正文")
    created_by = models.ForeignKey(User, verbose_name="修改人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("时间", default=clock.now)

    class Meta:
        verbose_name = "口径版本"
        verbose_name_plural = "口径版本"
        ordering = ["template", "-version"]
        constraints = [models.UniqueConstraint(fields=["template", "version"], name="interaction_unique_tpl_version")]

    def __str__(self) -> str:
        return f"{self.template} 第 {self.version} 版"


class Faq(models.Model):
    """问题集锦中的一条：由一组重复问题整理而来，可生成一篇图文稿件。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField("问题", max_length=300)
    answer = models.TextField("答复", blank=True)
    category = models.CharField("分类", max_length=16, choices=Category.choices, blank=True)
    asked_count = models.PositiveIntegerField("提问次数", default=1)
    item = models.ForeignKey("production.ContentItem", verbose_name="生成的稿件", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(User, verbose_name="整理人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("整理时间", default=clock.now)

    class Meta:
        verbose_name = "问题集锦"
        verbose_name_plural = "问题集锦"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.question


class Message(models.Model):
    """一条互动消息（评论、楼中楼回复、私信、留言/留咨），同一账号内按平台外部 id 唯一。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="inbox_messages")
    account = models.ForeignKey(OfficialAccount, verbose_name="账号", on_delete=models.PROTECT,
                                related_name="inbox_messages")
    platform = models.CharField("平台", max_length=30)
    kind = models.CharField("类型", max_length=16, choices=MessageKind.choices, default=MessageKind.COMMENT)
    source = models.CharField("来源", max_length=16, choices=MessageSource.choices, default=MessageSource.API)
    external_id = models.CharField("平台消息 ID", max_length=200)
    parent = models.ForeignKey("self", verbose_name="回复的消息", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="children")
    thread = models.ForeignKey("self", verbose_name="所在对话", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="thread_messages")
    parent_external_id = models.CharField("回复的消息 ID", max_length=200, blank=True)
    content_external_id = models.CharField("作品/文章 ID", max_length=200, blank=True)
    publication = models.ForeignKey("publishing.Publication", verbose_name="发布", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    item = models.ForeignKey("production.ContentItem", verbose_name="稿件", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    author = models.CharField("昵称", max_length=120, blank=True)
    author_id = models.CharField("平台用户 ID", max_length=200, blank=True)
    text = models.TextField("内容")
    received_at = models.DateTimeField("收到时间")
    created_at = models.DateTimeField("入库时间", default=clock.now)
    raw = models.JSONField("平台原始数据", default=dict, blank=True)
    # 分类（自动 + 人工更正）
    category = models.CharField("分类", max_length=16, choices=Category.choices, default=Category.CHAT)
    sentiment = models.CharField("情感", max_length=8, choices=Sentiment.choices, default=Sentiment.NEU)
    sentiment_score = models.FloatField("情感分", default=0)
    urgent = models.BooleanField("紧急", default=False)
    reasons = models.JSONField("分类依据", default=list, blank=True)
    corrected_by = models.ForeignKey(User, verbose_name="人工更正人", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    corrected_at = models.DateTimeField("人工更正时间", null=True, blank=True)
    # 处理
    state = models.CharField("状态", max_length=20, choices=MessageState.choices, default=MessageState.NEW)
    assignee = models.ForeignKey(User, verbose_name="经办人", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="inbox_assigned")
    department = models.ForeignKey(Department, verbose_name="处室", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="messages")
    department_question = models.TextField("转处室的问题", blank=True)
    department_asked_at = models.DateTimeField("转处室时间", null=True, blank=True)
    department_due_at = models.DateTimeField("处室答复期限", null=True, blank=True)
    department_answer = models.TextField("处室答复", blank=True)
    department_answered_at = models.DateTimeField("处室答复时间", null=True, blank=True)
    department_answered_by = models.ForeignKey(User, verbose_name="处室答复人", null=True, blank=True,
                                               on_delete=models.SET_NULL, related_name="+")
    # 时限
    first_due_at = models.DateTimeField("首次响应期限", null=True, blank=True)
    due_at = models.DateTimeField("办结期限", null=True, blank=True)
    first_response_at = models.DateTimeField("首次响应时间", null=True, blank=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    paused_at = models.DateTimeField("暂停计时起点", null=True, blank=True)
    paused_seconds = models.PositiveIntegerField("累计暂停（秒，工作时间）", default=0)
    # 工作时间用时（秒）：时间点确定时由服务按当时的工作时段与法定工作日（含调休）算一次存下，统计直接聚合
    first_response_seconds = models.PositiveIntegerField("首次响应用时（秒，工作时间）", null=True, blank=True)
    resolve_seconds = models.PositiveIntegerField("办结用时（秒，工作时间，已扣除暂停）", null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField("已提醒级别", default=0,
                                                        help_text="0 未提醒，1 已提醒经办人，2 已提醒组长")
    # 精选留言
    curation_state = models.CharField("精选", max_length=16, choices=CurationState.choices, default=CurationState.NONE)
    curated_by = models.ForeignKey(User, verbose_name="精选确认人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    curated_at = models.DateTimeField("精选确认时间", null=True, blank=True)
    curation_error = models.CharField("精选同步失败原因", max_length=300, blank=True)
    # 置顶：由其他应用（如舆情的危机开关）通过 services.messages_pin / messages_unpin 设置与清除
    pinned_at = models.DateTimeField("置顶时间", null=True, blank=True)
    pinned_reason = models.CharField("置顶原因", max_length=200, blank=True)
    pinned_key = models.CharField("置顶来源", max_length=80, blank=True,
                                  help_text="谁置顶的（如某个舆情事件），取消时只清除同一来源的置顶")
    # 问题集锦
    group_key = models.CharField("重复问题组", max_length=40, blank=True, db_index=True)
    faq = models.ForeignKey(Faq, verbose_name="问题集锦", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="messages")

    class Meta:
        verbose_name = "互动消息"
        verbose_name_plural = "互动消息"
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["account", "external_id"], name="interaction_unique_message"),
        ]
        # 收件箱每个筛选都按（收到时间, id）倒序取一页：每个筛选条件都有一个以它开头、以这个顺序结尾的索引，
        # 数据库顺着索引取够 51 条就停，不必扫百万条再排序；即使符合条件的消息很少（只剩几条未办结）也一样快
        indexes = [
            models.Index(fields=["workspace", "-received_at", "-id"], name="inbox_ws_received"),
            models.Index(fields=["workspace", "-received_at", "-id"], condition=Q(state__in=OPEN_STATES),
                         name="inbox_ws_open_received"),
            models.Index(fields=["workspace", "state", "due_at"], name="inbox_ws_state_due"),
            models.Index(fields=["workspace", "state", "-received_at", "-id"], name="inbox_ws_state_recv"),
            models.Index(fields=["workspace", "account", "-received_at", "-id"], name="inbox_ws_account_recv"),
            models.Index(fields=["workspace", "platform", "-received_at", "-id"], name="inbox_ws_platform_recv"),
            models.Index(fields=["workspace", "category", "-received_at", "-id"], name="inbox_ws_category_recv"),
            models.Index(fields=["workspace", "assignee", "-received_at", "-id"], name="inbox_ws_assignee_recv"),
            models.Index(fields=["department", "-received_at", "-id"], name="inbox_department_recv"),
            models.Index(fields=["workspace", "-received_at", "-id"], condition=Q(curation_state=CurationState.PENDING),
                         name="inbox_ws_curation_recv"),
            # 收件箱顶部的计数（逾期、2 小时内到期、待处理、待审核、处室逾期）只读这个索引，不回表
            models.Index(fields=["workspace", "state", "paused_at", "first_response_at", "first_due_at", "due_at",
                                 "department_due_at", "department_answered_at"], name="inbox_ws_open_timers"),
            # 消息页的“同一对话”：大多数消息不在对话里（thread 为空），只索引在对话里的，数据库才知道这个条件很窄
            models.Index(fields=["thread", "received_at"], condition=Q(thread__isnull=False), name="inbox_thread_recv"),
            # 转过处室的消息（处室联络人的导航数字、待答复列表、处室答复情况）：只索引转过处室的，几百万条里也只扫这些
            models.Index(fields=["department", "department_answered_at", "department_due_at", "workspace"],
                         condition=Q(department_asked_at__isnull=False), name="inbox_department_asked"),
            models.Index(fields=["department", "state"], name="inbox_department_state"),
            models.Index(fields=["assignee", "state"], name="inbox_assignee_state"),
            # 置顶的消息（很少）：只索引置顶的。索引全部消息时，没有统计信息的数据库见到“pinned_at IS NULL”会以为它很窄，
            # 放着按时间的索引不用，把百万条取出来再排序（PostgreSQL 上默认页 0.7 s、第 5 页 8 s）
            models.Index(fields=["workspace", "pinned_at"], condition=Q(pinned_at__isnull=False), name="inbox_ws_pinned"),
        ]

    def __str__(self) -> str:
        return f"{self.author or '网友'}：{self.text[:30]}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_pinned(self) -> bool:
        return self.pinned_at is not None

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    def overdue(self, now: dt.datetime | None = None) -> bool:
        now = now or clock.now()
        if not self.is_open or self.is_paused:
            return False
        if self.first_response_at is None and self.first_due_at and self.first_due_at < now:
            return True
        return bool(self.due_at and self.due_at < now)

    def department_overdue(self, now: dt.datetime | None = None) -> bool:
        now = now or clock.now()
        return bool(self.department_due_at and self.department_answered_at is None and self.department_due_at < now)

    @property
    def category_colour(self) -> str:
        return CATEGORY_COLOURS.get(self.category, "secondary")

    @property
    def sentiment_colour(self) -> str:
        return SENTIMENT_COLOURS.get(self.sentiment, "secondary")

    @property
    def state_colour(self) -> str:
        return MESSAGE_STATE_COLOURS.get(self.state, "secondary")


class Correction(models.Model):
    """一次人工更正（分类、情感、紧急）：保留下来，并作为该工作区的补充关键词回馈分类规则。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="inbox_corrections")
    message = models.ForeignKey(Message, verbose_name="消息", on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField("更正项", max_length=16, choices=CorrectionField.choices)
    old_value = models.CharField("原值", max_length=16)
    new_value = models.CharField("新值", max_length=16)
    keyword = models.CharField("依据词", max_length=60, blank=True,
                               help_text="以后含这个词的消息按新值分类；留空时用消息原文（较短时）")
    by = models.ForeignKey(User, verbose_name="更正人", null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField("时间", default=clock.now)

    class Meta:
        verbose_name = "分类更正"
        verbose_name_plural = "分类更正"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_field_display()}：{self.old_value}→{self.new_value}"


class Reply(models.Model):
    """对一条消息的答复：写 → AI 审校 → 审核通过 → 发送（接口或人工），每一步留痕。"""

    message = models.ForeignKey(Message, verbose_name="消息", on_delete=models.CASCADE, related_name="replies")
    text = models.TextField("答复内容")
    template = models.ForeignKey(ReplyTemplate, verbose_name="使用的口径", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="replies")
    template_version = models.PositiveIntegerField("口径版本", null=True, blank=True)
    is_relay = models.BooleanField("转达处室答复", default=False)
    findings = models.JSONField("AI 审校结果", default=list, blank=True)
    state = models.CharField("状态", max_length=16, choices=ReplyState.choices, default=ReplyState.PENDING)
    written_by = models.ForeignKey(User, verbose_name="撰写人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    written_at = models.DateTimeField("撰写时间", default=clock.now)
    approved_by = models.ForeignKey(User, verbose_name="审核人", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    reject_reason = models.CharField("退回理由", max_length=300, blank=True)
    sent_by = models.ForeignKey(User, verbose_name="发送人", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    failure_reason = models.CharField("发送失败原因", max_length=500, blank=True)
    external_id = models.CharField("平台答复 ID", max_length=200, blank=True)

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"
        ordering = ["written_at", "pk"]
        indexes = [models.Index(fields=["state"], name="inbox_reply_state")]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def state_colour(self) -> str:
        return REPLY_STATE_COLOURS.get(self.state, "secondary")


class IngestState(models.Model):
    """一个账号的评论拉取状态（平台接入）：平台游标原样保存，最近成功/失败与原因，失败后的退避时间。"""

    account = models.OneToOneField(OfficialAccount, verbose_name="账号", on_delete=models.CASCADE,
                                   related_name="ingest_state")
    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE, related_name="+")
    cursor = models.JSONField("拉取游标", default=dict, blank=True)
    next_poll_at = models.DateTimeField("下次拉取时间", null=True, blank=True, db_index=True)
    locked_until = models.DateTimeField("拉取锁到期", null=True, blank=True)
    last_polled_at = models.DateTimeField("最近拉取时间", null=True, blank=True)
    last_success_at = models.DateTimeField("最近成功时间", null=True, blank=True)
    last_error_at = models.DateTimeField("最近失败时间", null=True, blank=True)
    last_error = models.CharField("最近失败原因", max_length=500, blank=True)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    last_count = models.PositiveIntegerField("最近一次新收条数", default=0)
    total_count = models.PositiveIntegerField("累计新收条数", default=0)
    last_push_at = models.DateTimeField("最近收到推送", null=True, blank=True)

    class Meta:
        verbose_name = "评论拉取状态"
        verbose_name_plural = "评论拉取状态"

    def __str__(self) -> str:
        return f"{self.account} 的拉取状态"

    @property
    def failing(self) -> bool:
        """最近一次拉取失败（失败时间晚于成功时间）。"""
        return bool(self.last_error_at and (self.last_success_at is None or self.last_error_at > self.last_success_at))
