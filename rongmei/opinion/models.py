"""舆情的数据模型：来源、舆情信息（Mention）、近似重复事件组、监测专题（布尔表达式，带版本）与专题命中。

每条信息进库时做一次：规范化（全半角、繁简）、分词（检索用）、内容指纹、情感、近似重复归组、地域词、专题匹配。
检索用分词后的 ``tokens``：SQLite 上由 FTS5 虚拟表（外部内容表 + 触发器）索引，PostgreSQL 上由
``to_tsvector('simple', tokens)`` 的 GIN 索引支撑（见迁移 0002 与 ``selectors.search``）。
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import (
    SENTIMENT_COLOURS,
    SOURCE_HEALTH_COLOURS,
    SOURCE_KIND_COLOURS,
    ReevalState,
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
        """是否是按时间表抓取的来源（订阅、商业接口）。"""
        return self.kind in (SourceKind.FEED, SourceKind.API)

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
        indexes = [models.Index(fields=["workspace", "-last_published_at"], name="opinion_group_ws_last")]

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
            models.Index(fields=["workspace", "-published_at"], name="opinion_mention_ws_time"),
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
        indexes = [models.Index(fields=["topic", "-published_at"], name="opinion_match_topic_time")]

    def __str__(self) -> str:
        return f"{self.topic} ← {self.mention_id}"
