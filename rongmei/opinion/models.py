"""舆情的数据模型：来源、舆情信息（Mention）、近似重复事件组、监测专题（布尔表达式，带版本）与专题命中。

每条信息进库时做一次：规范化（全半角、繁简）、分词（检索用）、内容指纹、情感、近似重复归组、地域词、专题匹配。
检索用分词后的 ``tokens``：SQLite 上由 FTS5 虚拟表（外部内容表 + 触发器）索引，PostgreSQL 上由
``to_tsvector('simple', tokens)`` 的 GIN 索引支撑（见迁移 0002 与 ``selectors.search``）。
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from .choices import (
    ALERT_STATE_COLOURS,
    DOC_STATE_COLOURS,
    ENTRY_COLOURS,
    EVENT_STATE_COLOURS,
    GRADE_COLOURS,
    GRADE_RANK,
    SENTIMENT_COLOURS,
    SOURCE_HEALTH_COLOURS,
    SOURCE_KIND_COLOURS,
    AlertState,
    DocKind,
    DocState,
    EntryKind,
    EventState,
    ReevalState,
    RiskGrade,
    RobotKind,
    Sentiment,
    SourceHealth,
    SourceKind,
)


class Source(models.Model):
    """一个信息来源：RSS/Atom 订阅、本工作区互动消息、表格导入、人工录入或商业接口。

    订阅类来源按 ``interval_minutes`` 定时抓取，带条件请求（ETag / Last-Modified）；出错时按指数退避推迟下次抓取，
    ``consecutive_failures`` 记连续失败次数。导入、人工录入与互动消息各有一个“系统来源”（每工作区一个）。
    """

    workspace = models.ForeignKey(
        "workspaces.Workspace",
        verbose_name="工作区",
        on_delete=models.CASCADE,
        related_name="opinion_sources",
    )
    name = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=12, choices=SourceKind.choices)
    url = models.CharField("地址", max_length=1000, blank=True)
    config = models.JSONField("设置", default=dict, blank=True)  # 商业接口等适配器的参数
    enabled = models.BooleanField("启用", default=True)
    interval_minutes = models.PositiveIntegerField("抓取间隔（分钟）", default=30)
    etag = models.CharField("ETag", max_length=300, blank=True)
    last_modified = models.CharField("Last-Modified", max_length=100, blank=True)
    last_fetch_at = models.DateTimeField("上次抓取", null=True, blank=True)
    last_success_at = models.DateTimeField("上次成功", null=True, blank=True)
    last_error = models.TextField("上次错误", blank=True)
    last_error_at = models.DateTimeField("上次出错", null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField("连续失败次数", default=0)
    next_fetch_at = models.DateTimeField("下次抓取", null=True, blank=True)
    last_items = models.PositiveIntegerField("上次取到条数", default=0)
    last_new = models.PositiveIntegerField("上次新增条数", default=0)
    items_total = models.PositiveIntegerField("累计新增条数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "舆情来源"
        verbose_name_plural = "舆情来源"
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "kind", "url"],
                condition=~models.Q(url=""),
                name="opinion_source_url_once",
            ),
        ]
        indexes = [models.Index(fields=["enabled", "next_fetch_at"], name="opinion_source_due")]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_colour(self) -> str:
        return SOURCE_KIND_COLOURS.get(self.kind, "secondary")

    @property
    def is_fetched(self) -> bool:
        """是否是按时间表抓取的来源（订阅、网站列表页、商业接口）。"""
        return self.kind in (SourceKind.FEED, SourceKind.PAGE, SourceKind.API)

    @property
    def health(self) -> str:
        if not self.enabled:
            return SourceHealth.PAUSED
        if self.consecutive_failures:
            return SourceHealth.ERROR
        if self.is_fetched and not self.last_success_at:
            return SourceHealth.NEW
        return SourceHealth.OK

    @property
    def health_colour(self) -> str:
        return SOURCE_HEALTH_COLOURS.get(self.health, "secondary")


class MentionGroup(models.Model):
    """近似重复的一组信息（转载、小改动的洗稿）当作一个事件：有 N 条信息，记首发来源与首发时间。"""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    title = models.CharField("标题", max_length=300, blank=True)
    first_mention = models.ForeignKey(
        "Mention", verbose_name="首发信息", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_source = models.ForeignKey(
        Source, verbose_name="首发来源", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_source_name = models.CharField("首发媒体", max_length=120, blank=True)
    first_published_at = models.DateTimeField("首发时间", null=True, blank=True)
    last_published_at = models.DateTimeField("最近时间", null=True, blank=True)
    size = models.PositiveIntegerField("信息条数", default=0)
    negative = models.PositiveIntegerField("负面条数", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "近似信息组"
        verbose_name_plural = "近似信息组"
        ordering = ["-last_published_at", "-id"]
        # 覆盖索引：总览的“事件组数”和“转载最多”按 (最近、最早发布时间, 条数) 过滤，只读索引不回表
        indexes = [
            models.Index(
                fields=["workspace", "last_published_at", "first_published_at", "size"], name="opinion_group_ws_span"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title or '（无标题）'}（{self.size} 条）"


class Mention(models.Model):
    """一条舆情信息。

    * ``text`` 原文；``norm_text`` 规范化文本（全半角、繁简、空白），匹配与指纹都用它；
    * ``tokens`` 分词后以空格连接（jieba 搜索模式），全文检索索引它；
    * ``content_hash`` 规范化文本的 SHA-256；``dedupe_key`` 保证同一条信息重复进来只存一次
      （订阅条目的 guid/链接、导入的链接或指纹、互动消息的编号）；
    * ``group`` 近似重复组，``is_first`` 是否为组内首发；
    * ``regions`` 正文里出现的地域词。
    """

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    source = models.ForeignKey(Source, verbose_name="来源", on_delete=models.PROTECT, related_name="mentions")
    source_name = models.CharField("媒体/平台", max_length=120, blank=True)  # 导入表里的“来源”列、订阅的站名
    dedupe_key = models.CharField("去重键", max_length=128)
    external_id = models.CharField("原始编号", max_length=400, blank=True)
    title = models.CharField("标题", max_length=300, blank=True)
    text = models.TextField("正文")
    norm_text = models.TextField("规范化文本")
    tokens = models.TextField("分词", blank=True)
    url = models.CharField("链接", max_length=1000, blank=True)
    author = models.CharField("作者", max_length=120, blank=True)
    published_at = models.DateTimeField("发布时间")
    fetched_at = models.DateTimeField("采集时间")
    content_hash = models.CharField("内容指纹", max_length=64)
    sentiment = models.CharField("情感", max_length=3, choices=Sentiment.choices, default=Sentiment.NEU)
    sentiment_score = models.FloatField("情感分值", default=0.0)
    sentiment_reasons = models.JSONField("情感依据", default=list, blank=True)
    group = models.ForeignKey(
        MentionGroup,
        verbose_name="近似信息组",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
    )
    is_first = models.BooleanField("组内首发", default=True)
    regions = models.JSONField("地域词", default=list, blank=True)
    message_id = models.PositiveBigIntegerField(
        "互动消息编号", null=True, blank=True
    )  # interaction.Message 的主键
    truncated = models.BooleanField("正文已截断", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("入库时间", auto_now_add=True)

    class Meta:
        verbose_name = "舆情信息"
        verbose_name_plural = "舆情信息"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "dedupe_key"], name="opinion_mention_once"),
        ]
        indexes = [
            # 覆盖总览的按天、按来源统计（只读索引、不回表；34 万行时从 2 s 降到 0.3 s），也顺着它倒序翻页
            models.Index(fields=["workspace", "published_at", "sentiment", "source_name"], name="opinion_mention_ws_day"),
            # “主要来源”：每个来源名按自己的发布时间范围计数（松散索引扫描，见 selectors.top_sources）
            models.Index(fields=["workspace", "source_name", "published_at", "sentiment"], name="opinion_mention_ws_src"),
            models.Index(fields=["workspace", "sentiment", "-published_at"], name="opinion_mention_ws_sent"),
            models.Index(fields=["workspace", "content_hash"], name="opinion_mention_ws_hash"),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:40]

    @property
    def sentiment_colour(self) -> str:
        return SENTIMENT_COLOURS.get(self.sentiment, "secondary")

    @property
    def headline(self) -> str:
        """列表里显示的一行：有标题用标题，否则正文开头。"""
        return self.title or (self.text[:60] + ("…" if len(self.text) > 60 else ""))


class Topic(models.Model):
    """监测专题：分析员写的布尔表达式（见 ``rongmei.engines.topics``）。

    每次修改表达式新增一个 :class:`TopicVersion`，``version`` 为当前版本号；修改后由后台任务对历史信息重新匹配，
    ``reeval_*`` 记录进度。
    """

    workspace = models.ForeignKey(
        "workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE, related_name="opinion_topics"
    )
    name = models.CharField("名称", max_length=80)
    expression = models.TextField("表达式")
    description = models.CharField("说明", max_length=300, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    active = models.BooleanField("启用", default=True)
    reeval_state = models.CharField(
        "重新匹配", max_length=8, choices=ReevalState.choices, default=ReevalState.IDLE
    )
    reeval_total = models.PositiveIntegerField("待匹配条数", default=0)
    reeval_done = models.PositiveIntegerField("已匹配条数", default=0)
    reeval_error = models.TextField("重新匹配错误", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "监测专题"
        verbose_name_plural = "监测专题"
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="opinion_topic_name_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def reeval_percent(self) -> int:
        if not self.reeval_total:
            return 100 if self.reeval_state == ReevalState.DONE else 0
        return min(100, round(self.reeval_done * 100 / self.reeval_total))


class TopicVersion(models.Model):
    """专题表达式的一个版本（只追加）。"""

    topic = models.ForeignKey(Topic, verbose_name="专题", on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本")
    expression = models.TextField("表达式")
    note = models.CharField("修改说明", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "专题版本"
        verbose_name_plural = "专题版本"
        ordering = ["topic", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "version"], name="opinion_topic_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.topic} 第 {self.version} 版"


class MentionRegion(models.Model):
    """信息 × 地域词（``Mention.regions`` 的每个词一行）。工作区与发布时间冗余一份：“涉及地域”的条数与按地域筛选
    只读本表的索引——原来从 JSON 列里数，只能数最近的两万条，按地域筛选在 SQLite 上还找不到中文地名
    （JSON 列存的是 \\u 转义）。入库时与信息同一事务写入（``ingest.write``）。"""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    mention = models.ForeignKey(
        Mention, verbose_name="信息", on_delete=models.CASCADE, related_name="region_rows", db_index=False
    )
    region = models.CharField("地域词", max_length=40)
    published_at = models.DateTimeField("发布时间")

    class Meta:
        verbose_name = "信息地域词"
        verbose_name_plural = "信息地域词"
        constraints = [models.UniqueConstraint(fields=["mention", "region"], name="opinion_region_once")]
        # 每个地域词按自己的发布时间范围计数（selectors.top_regions）；按地域筛选信息走唯一约束 (信息, 地域词) 的索引
        indexes = [models.Index(fields=["workspace", "region", "published_at"], name="opinion_region_ws_word")]

    def __str__(self) -> str:
        return f"{self.mention_id} · {self.region}"


class TopicMatch(models.Model):
    """信息 × 专题的命中。发布时间与情感冗余一份，趋势与负面占比只读本表的索引。"""

    topic = models.ForeignKey(
        Topic, verbose_name="专题", on_delete=models.CASCADE, related_name="matches", db_index=False
    )
    mention = models.ForeignKey(
        Mention, verbose_name="信息", on_delete=models.CASCADE, related_name="topic_matches"
    )
    version = models.PositiveIntegerField("专题版本")
    published_at = models.DateTimeField("发布时间")
    sentiment = models.CharField("情感", max_length=3, choices=Sentiment.choices, default=Sentiment.NEU)
    matched_at = models.DateTimeField("匹配时间", auto_now_add=True)

    class Meta:
        verbose_name = "专题命中"
        verbose_name_plural = "专题命中"
        constraints = [models.UniqueConstraint(fields=["topic", "mention"], name="opinion_match_once")]
        # 覆盖索引：专题的按天趋势与负面条数只读索引不回表
        indexes = [models.Index(fields=["topic", "published_at", "sentiment"], name="opinion_match_topic_day")]

    def __str__(self) -> str:
        return f"{self.topic} ← {self.mention_id}"


# --- 舆情应对：分级规则、研判、值班、预警、机器人、事件与时间线、文档 --------------------------------------


class GradingRuleSet(models.Model):
    """工作区的分级规则（``rongmei.engines.grading.GradingRules`` 的 JSON）；没有时用默认规则。"""

    workspace = models.OneToOneField("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                     related_name="opinion_grading_rules")
    rules = models.JSONField("规则", default=dict)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "分级规则"
        verbose_name_plural = "分级规则"

    def __str__(self) -> str:
        return f"{self.workspace} 分级规则"


class RiskAssessment(models.Model):
    """一个近似信息组的风险研判：系统按规则算出的级别与理由，以及人工确认或改定的级别。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="+")
    group = models.OneToOneField(MentionGroup, verbose_name="信息组", on_delete=models.CASCADE,
                                 related_name="assessment")
    computed_grade = models.CharField("系统定级", max_length=10, choices=RiskGrade.choices)
    grade = models.CharField("级别", max_length=10, choices=RiskGrade.choices)
    reasons = models.JSONField("理由", default=list)
    facts = models.JSONField("依据数字", default=dict)
    computed_at = models.DateTimeField("研判时间")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    note = models.CharField("确认说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "风险研判"
        verbose_name_plural = "风险研判"
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["workspace", "grade", "-computed_at"], name="opinion_assess_ws_grade")]

    def __str__(self) -> str:
        return f"{self.group}：{self.get_grade_display()}"

    @property
    def grade_colour(self) -> str:
        return GRADE_COLOURS.get(self.grade, "secondary")

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def changed_by_person(self) -> bool:
        return self.grade != self.computed_grade


class DutySlot(models.Model):
    """值班名单的一行：某人在每周哪几天、几点到几点值班（结束早于开始表示跨夜）。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="opinion_duty_slots")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="值班人", on_delete=models.CASCADE,
                             related_name="+")
    weekdays = models.JSONField("星期", default=list, blank=True)  # 0=周一 … 6=周日；空表示每天
    start = models.TimeField("开始")
    end = models.TimeField("结束")
    note = models.CharField("备注", max_length=100, blank=True)

    class Meta:
        verbose_name = "值班安排"
        verbose_name_plural = "值班安排"
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.user} {self.start:%H:%M}—{self.end:%H:%M}"

    def covers(self, local: dt.datetime) -> bool:
        """北京时间 local 是否在本班内。"""
        day, moment = local.weekday(), local.time()
        if self.start <= self.end:
            return (not self.weekdays or day in self.weekdays) and self.start <= moment < self.end
        # 跨夜：开始那天的 start 之后，或次日 end 之前
        if moment >= self.start:
            return not self.weekdays or day in self.weekdays
        return moment < self.end and (not self.weekdays or (day - 1) % 7 in self.weekdays)

    @property
    def weekdays_label(self) -> str:
        names = "一二三四五六日"
        return "每天" if not self.weekdays or len(self.weekdays) == 7 else \
            "、".join(f"周{names[d]}" for d in sorted(self.weekdays))


class AlertSettings(models.Model):
    """工作区的预警设置：起报级别、免打扰时段、去重窗口、无人确认时的升级时限、是否发邮件。"""

    workspace = models.OneToOneField("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                     related_name="opinion_alert_settings")
    min_grade = models.CharField("起报级别", max_length=10, choices=RiskGrade.choices, default=RiskGrade.LARGER)
    quiet_start = models.TimeField("免打扰开始", null=True, blank=True)
    quiet_end = models.TimeField("免打扰结束", null=True, blank=True)
    dedupe_minutes = models.PositiveIntegerField("合并时限（分钟）", default=60,
                                                 help_text="同一事件在这段时间内的再次预警合并为一条，只加计数")
    escalate_minutes = models.PositiveIntegerField("升级时限（分钟）", default=15,
                                                   help_text="这段时间内无人确认，就通知项目经理与甲方领导")
    email = models.BooleanField("同时发邮件", default=True)

    class Meta:
        verbose_name = "预警设置"
        verbose_name_plural = "预警设置"

    def __str__(self) -> str:
        return f"{self.workspace} 预警设置"

    def is_quiet(self, local: dt.datetime) -> bool:
        if self.quiet_start is None or self.quiet_end is None or self.quiet_start == self.quiet_end:
            return False
        moment = local.time()
        if self.quiet_start < self.quiet_end:
            return self.quiet_start <= moment < self.quiet_end
        return moment >= self.quiet_start or moment < self.quiet_end


class RobotChannel(models.Model):
    """一个群机器人（企业微信或钉钉）。地址里的 key/access_token 与加签密钥加密保存，界面只显示打码后的提示。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="opinion_robots")
    kind = models.CharField("类型", max_length=10, choices=RobotKind.choices)
    name = models.CharField("名称", max_length=60)
    encrypted = models.TextField("加密凭据")
    hint = models.CharField("地址提示", max_length=60, blank=True)
    enabled = models.BooleanField("启用", default=True)
    last_ok_at = models.DateTimeField("上次成功", null=True, blank=True)
    last_error = models.CharField("上次错误", max_length=300, blank=True)
    last_error_at = models.DateTimeField("上次出错", null=True, blank=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "群机器人"
        verbose_name_plural = "群机器人"
        ordering = ["kind", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """一个舆情事件：由预警转来或手工建立；有级别、负责人、时间线、关联的互动消息、危机开关和结案复盘。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="opinion_events")
    title = models.CharField("事件名称", max_length=200)
    grade = models.CharField("级别", max_length=10, choices=RiskGrade.choices, default=RiskGrade.GENERAL)
    state = models.CharField("状态", max_length=10, choices=EventState.choices, default=EventState.OPEN)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="负责人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    group = models.ForeignKey(MentionGroup, verbose_name="信息组", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="events")
    summary = models.TextField("事件概述", blank=True)
    opened_at = models.DateTimeField("开始时间")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    review_cause = models.TextField("起因", blank=True)  # 结案复盘的三部分；案例库按文字检索
    review_handling = models.TextField("处置经过", blank=True)
    review_lessons = models.TextField("经验教训", blank=True)
    crisis_on = models.BooleanField("危机开关已打开", default=False)
    crisis_at = models.DateTimeField("危机开关打开时间", null=True, blank=True)
    holding_item_id = models.PositiveBigIntegerField("回应口径稿件", null=True, blank=True)  # production.ContentItem
    plan = models.ForeignKey("OpinionDocument", verbose_name="适用应急预案", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="建立人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "舆情事件"
        verbose_name_plural = "舆情事件"
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["workspace", "state", "-opened_at"], name="opinion_event_ws_state")]

    def __str__(self) -> str:
        return self.title

    @property
    def grade_colour(self) -> str:
        return GRADE_COLOURS.get(self.grade, "secondary")

    @property
    def state_colour(self) -> str:
        return EVENT_STATE_COLOURS.get(self.state, "secondary")

    @property
    def crisis_allowed(self) -> bool:
        """危机开关只在较大及以上、处置中的事件上可用。"""
        return self.state == EventState.OPEN and GRADE_RANK.get(self.grade, 0) >= GRADE_RANK[RiskGrade.LARGER]

    @property
    def is_closed(self) -> bool:
        return self.state == EventState.CLOSED

    @property
    def review(self) -> dict:
        return {k: v for k, v in (("cause", self.review_cause), ("handling", self.review_handling),
                                  ("lessons", self.review_lessons)) if v}


class Alert(models.Model):
    """一条预警。同一信息组在合并时限内的再次预警只加 ``count``；没人确认时按时限升级。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="opinion_alerts")
    group = models.ForeignKey(MentionGroup, verbose_name="信息组", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="alerts")
    event = models.ForeignKey(Event, verbose_name="事件", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="alerts")
    grade = models.CharField("级别", max_length=10, choices=RiskGrade.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    dedupe_key = models.CharField("合并键", max_length=100)
    count = models.PositiveIntegerField("次数", default=1)
    first_at = models.DateTimeField("首次预警")
    last_at = models.DateTimeField("最近预警")
    state = models.CharField("状态", max_length=10, choices=AlertState.choices, default=AlertState.OPEN)
    quiet = models.BooleanField("免打扰时段内", default=False)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="接收人", blank=True, related_name="+")
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    acknowledged_at = models.DateTimeField("确认时间", null=True, blank=True)
    escalated_at = models.DateTimeField("升级时间", null=True, blank=True)
    deliveries = models.JSONField("送达记录", default=list, blank=True)  # [{"channel", "ok", "error", "at", "round"}]

    class Meta:
        verbose_name = "舆情预警"
        verbose_name_plural = "舆情预警"
        ordering = ["-last_at", "-id"]
        indexes = [models.Index(fields=["workspace", "dedupe_key", "-last_at"], name="opinion_alert_dedupe"),
                   models.Index(fields=["state", "first_at"], name="opinion_alert_pending")]

    def __str__(self) -> str:
        return self.title

    @property
    def grade_colour(self) -> str:
        return GRADE_COLOURS.get(self.grade, "secondary")

    @property
    def state_colour(self) -> str:
        return ALERT_STATE_COLOURS.get(self.state, "secondary")

    @property
    def is_open(self) -> bool:
        return self.state != AlertState.ACKED


class EventEntry(models.Model):
    """事件时间线上的一条：信息、预警、处置行动、回应口径、决策、互动消息、定级、危机开关、结案复盘。"""

    event = models.ForeignKey(Event, verbose_name="事件", on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("类型", max_length=10, choices=EntryKind.choices)
    at = models.DateTimeField("时间")
    text = models.TextField("内容")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    mention = models.ForeignKey(Mention, verbose_name="信息", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    message_id = models.PositiveBigIntegerField("互动消息编号", null=True, blank=True)  # interaction.Message
    url = models.CharField("链接", max_length=1000, blank=True)

    class Meta:
        verbose_name = "事件时间线"
        verbose_name_plural = "事件时间线"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["event", "at"], name="opinion_entry_event_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text[:40]}"

    @property
    def colour(self) -> str:
        return ENTRY_COLOURS.get(self.kind, "secondary")


def document_upload_to(instance: OpinionDocument, filename: str) -> str:
    return f"opinion/{instance.workspace_id}/documents/{instance.pk or 'new'}/{filename}"


class OpinionDocument(models.Model):
    """舆情文档：月报、专报（一个事件）、应对方案（按模板，一个事件）、应急预案（带版本的正文）。

    生成的 Word 与参数一起保存（同报告应用）；应急预案每次修改新增一个版本，事件可以关联某一版。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="opinion_documents")
    kind = models.CharField("类型", max_length=20, choices=DocKind.choices)
    title = models.CharField("标题", max_length=200)
    event = models.ForeignKey(Event, verbose_name="事件", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="documents")
    params = models.JSONField("参数", default=dict, blank=True)
    sections = models.JSONField("正文", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    state = models.CharField("状态", max_length=10, choices=DocState.choices, default=DocState.QUEUED)
    error = models.TextField("错误", blank=True)
    numbers = models.JSONField("关键数字", default=dict, blank=True)
    docx = models.FileField("Word", upload_to=document_upload_to, blank=True, max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "舆情文档"
        verbose_name_plural = "舆情文档"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "kind", "-created_at"], name="opinion_doc_ws_kind")]

    def __str__(self) -> str:
        return self.title

    @property
    def state_colour(self) -> str:
        return DOC_STATE_COLOURS.get(self.state, "secondary")

    @property
    def is_done(self) -> bool:
        return self.state == DocState.DONE
