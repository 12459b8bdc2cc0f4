"""数据：按日指标（只追加，更正即新行取代旧行）、作品累计数据、直播场次、导入批次、月度/日汇总。

汇总表的设计参照 Zulip analytics：写入原始行后，按（账号, 月）与（工作区, 日）重算汇总，
看板与报告只读汇总表，不扫描原始行。
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import (
    IMPORT_JOB_COLOURS,
    IMPORT_JOB_STEPS,
    SOURCE_COLOURS,
    ImportJobState,
    PromotionObjective,
    PromotionProduct,
    Source,
    metric_label,
)


def batch_upload_to(instance: ImportBatch, filename: str) -> str:
    return f"metrics/imports/{instance.workspace_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class ImportBatch(models.Model):
    """一次导入（平台后台导出文件）或一次接口取数。同一文件（sha256）在一个工作区只导入一次。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="metric_batches")
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="账号", on_delete=models.CASCADE,
                                related_name="metric_batches")
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.IMPORT)
    filename = models.CharField("文件名", max_length=255, blank=True)
    file = models.FileField("文件", upload_to=batch_upload_to, blank=True, max_length=400)
    sha256 = models.CharField("文件 SHA-256", max_length=64, blank=True)
    layout = models.CharField("格式代码", max_length=40, blank=True)
    layout_label = models.CharField("格式", max_length=120, blank=True)
    date_from = models.DateField("数据起始日", null=True, blank=True)
    date_to = models.DateField("数据截止日", null=True, blank=True)
    rows_created = models.PositiveIntegerField("新增数值", default=0)
    rows_superseded = models.PositiveIntegerField("更正数值", default=0)
    rows_unchanged = models.PositiveIntegerField("未变数值", default=0)
    items = models.PositiveIntegerField("作品数", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "数据批次"
        verbose_name_plural = "数据批次"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "sha256"], condition=~models.Q(sha256=""),
                                    name="metrics_batch_file_once"),
        ]

    def __str__(self) -> str:
        return self.filename or f"{self.get_source_display()} #{self.pk}"

    @property
    def source_colour(self) -> str:
        return SOURCE_COLOURS.get(self.source, "secondary")


class DailyMetric(models.Model):
    """账号某天某指标的值（当天增量；累计关注等为当天的水平值）。

    只追加：值有变化时写一条新行，旧行 ``current=False`` 并记 ``superseded_by``；从不改写数值。
    ``channel`` 非空表示按来源渠道拆分的行（关注来源、阅读渠道），空为账号合计。
    """

    # 外键不单独建索引：复合索引以它们开头，避免 SQLite 选中单列外键索引而扫描整个工作区
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="账号", on_delete=models.CASCADE,
                                related_name="daily_metrics", db_index=False)
    date = models.DateField("日期")
    name = models.CharField("指标", max_length=40)
    channel = models.CharField("渠道", max_length=60, blank=True, default="")
    value = models.FloatField("数值")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="metrics")
    current = models.BooleanField("有效", default=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("写入时间", auto_now_add=True)

    class Meta:
        verbose_name = "日数据"
        verbose_name_plural = "日数据"
        indexes = [models.Index(fields=["account", "current", "date"], name="metrics_daily_acc_date"),
                   models.Index(fields=["workspace", "current", "date"], name="metrics_daily_ws_date"),
                   models.Index(fields=["workspace", "date"], condition=~models.Q(channel=""),
                                name="metrics_daily_channel"),
                   # SQLite 对布尔列写作 WHERE "current"，复合索引用不上第二列；部分索引按同样条件匹配
                   models.Index(fields=["workspace", "date"], condition=models.Q(current=True, channel=""),
                                name="metrics_daily_ws_current"),
                   models.Index(fields=["account", "date"], condition=models.Q(current=True),
                                name="metrics_daily_acc_current")]
        constraints = [
            models.UniqueConstraint(fields=["account", "date", "name", "channel"], condition=models.Q(current=True),
                                    name="metrics_daily_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {metric_label(self.name)}={self.value:g}"


class ItemStat(models.Model):
    """单个作品截至 ``as_of`` 的累计数据（导出文件或接口快照）。以（账号, 作品标识）为键，更新时写审计。

    ``item_ref`` 为链接或平台作品 ID；没有时用“标题|发布时间”。平台作品 ID 或链接与某条发布记录
    （publishing.Publication）一致时，关联该发布记录及其稿件（production.ContentItem），看板按稿件的
    内容形态、栏目统计并链接到稿件页。
    """

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="账号", on_delete=models.CASCADE,
                                related_name="item_stats")
    item_ref = models.CharField("作品标识", max_length=400)
    title = models.CharField("标题", max_length=300, blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_hour = models.PositiveSmallIntegerField("发布小时", null=True, blank=True)
    kind = models.CharField("内容形态", max_length=40, blank=True)
    column = models.CharField("栏目", max_length=80, blank=True)
    plays = models.FloatField("播放量", default=0)
    reads = models.FloatField("阅读量", default=0)
    likes = models.FloatField("点赞量", default=0)
    shares = models.FloatField("分享量", default=0)
    comments = models.FloatField("评论量", default=0)
    favorites = models.FloatField("收藏量", default=0)
    extra = models.JSONField("其他指标", default=dict, blank=True)
    as_of = models.DateTimeField("数据截至")
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # 与发布记录、生产稿件的关联：平台作品 ID（external_id）或发布链接一致时，在导入/取数时与一次性回填时设置
    publication = models.ForeignKey("publishing.Publication", verbose_name="发布记录", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="item_stats")
    content_item = models.ForeignKey("production.ContentItem", verbose_name="稿件", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="item_stats")

    class Meta:
        verbose_name = "作品数据"
        verbose_name_plural = "作品数据"
        constraints = [models.UniqueConstraint(fields=["account", "item_ref"], name="metrics_item_once")]
        indexes = [models.Index(fields=["workspace", "published_at"], name="metrics_item_ws_pub")]

    def __str__(self) -> str:
        return self.title or self.item_ref

    @property
    def kind_label(self) -> str:
        """内容形态：已关联稿件时取稿件的形态，否则取导入文件里的。"""
        if self.content_item_id:
            return self.content_item.get_kind_display()
        return self.kind

    @property
    def column_label(self) -> str:
        if self.content_item_id and self.content_item.column_id:
            return self.content_item.column.name
        return self.column

    @property
    def views(self) -> float:
        return self.plays + self.reads

    @property
    def interactions(self) -> float:
        return self.likes + self.shares + self.comments + self.favorites


ITEM_FIELDS = ("plays", "reads", "likes", "shares", "comments", "favorites")


class LiveSession(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="账号", on_delete=models.CASCADE,
                                related_name="live_sessions")
    title = models.CharField("直播主题", max_length=200)
    started_at = models.DateTimeField("开始时间")
    minutes = models.PositiveIntegerField("时长（分钟）")
    peak_viewers = models.PositiveIntegerField("最高在线人数", default=0)
    total_viewers = models.PositiveIntegerField("累计观看人次", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "直播场次"
        verbose_name_plural = "直播场次"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["workspace", "started_at"], name="metrics_live_ws_start")]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d} {self.title}"


class Promotion(models.Model):
    """一笔付费推广订单（投流台账）：买了什么、花了多少、平台回传的结果。

    结果（播放、粉丝、主页浏览、线索）是平台订单报表给出的数字，不从账号日数据里推算；
    “自然 / 付费”拆分见 ``selectors.promotion_months``。
    """

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="推广账号", on_delete=models.CASCADE,
                                related_name="promotions")
    product = models.CharField("推广产品", max_length=20, choices=PromotionProduct.choices)
    order_no = models.CharField("订单号", max_length=80, blank=True)
    content_item = models.ForeignKey("production.ContentItem", verbose_name="推广的稿件", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="promotions")
    item_title = models.CharField("推广作品", max_length=300, blank=True)
    item_url = models.CharField("作品链接", max_length=500, blank=True)
    ordered_at = models.DateTimeField("下单时间")
    objective = models.CharField("投放目标", max_length=20, choices=PromotionObjective.choices,
                                 default=PromotionObjective.PLAYS)
    budget = models.DecimalField("预算（元）", max_digits=12, decimal_places=2, default=0)
    spend = models.DecimalField("实际消耗（元）", max_digits=12, decimal_places=2)
    targeting = models.CharField("定向说明", max_length=300, blank=True)
    plays = models.PositiveBigIntegerField("播放量", default=0)
    followers = models.PositiveBigIntegerField("新增粉丝", default=0)
    home_visits = models.PositiveBigIntegerField("主页浏览量", default=0)
    leads = models.PositiveBigIntegerField("线索量", default=0)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.MANUAL)
    filename = models.CharField("导入文件", max_length=255, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "付费推广"
        verbose_name_plural = "付费推广"
        ordering = ["-ordered_at", "-id"]
        indexes = [models.Index(fields=["workspace", "ordered_at"], name="metrics_promo_ws_time")]
        constraints = [models.UniqueConstraint(fields=["workspace", "product", "order_no"],
                                               condition=~models.Q(order_no=""), name="metrics_promo_order_unique")]

    def __str__(self) -> str:
        return f"{self.get_product_display()} {self.order_no or self.item_title or self.pk}"

    def result(self) -> int:
        """投放目标对应的结果数。"""
        return getattr(self, self.objective)


class MonthlyCount(models.Model):
    """（账号, 月, 指标）汇总：可相加指标为当月合计，水平值为月末最新值。"""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    account = models.ForeignKey("workspaces.OfficialAccount", on_delete=models.CASCADE, related_name="+",
                                db_index=False)
    platform = models.CharField(max_length=30)
    month = models.DateField("月份（1 日）")
    name = models.CharField(max_length=40)
    value = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "month", "name"], name="metrics_month_once")]
        indexes = [models.Index(fields=["workspace", "month"], name="metrics_month_ws")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {metric_label(self.name)}={self.value:g}"


class DailyCount(models.Model):
    """（工作区, 日, 指标）汇总：全部账号之和（水平值为各账号当天值之和）。"""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    date = models.DateField()
    name = models.CharField(max_length=40)
    value = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "date", "name"], name="metrics_wsday_once")]

    def __str__(self) -> str:
        return f"{self.date} {metric_label(self.name)}={self.value:g}"


def pending_upload_to(instance: ImportJob, filename: str) -> str:
    return f"metrics/pending/{instance.workspace_id}/{instance.token}/{filename}"


class ImportJob(models.Model):
    """一个较大的导入文件在后台导入（见 services.import_queue）：排队 → 解析与校验 → 写入 → 完成或未导入。

    文件暂存在这里，导入成功后由批次（ImportBatch）保存自己的一份，暂存文件删除；未导入时列出逐条原因。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="metric_import_jobs")
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="账号", on_delete=models.CASCADE,
                                related_name="+")
    token = models.CharField("暂存编号", max_length=32, unique=True)
    filename = models.CharField("文件名", max_length=255)
    file = models.FileField("暂存文件", upload_to=pending_upload_to, blank=True, max_length=400)
    size = models.PositiveBigIntegerField("文件大小（字节）", default=0)
    layout = models.CharField("指定格式", max_length=40, blank=True)
    state = models.CharField("状态", max_length=10, choices=ImportJobState.choices, default=ImportJobState.QUEUED)
    problems = models.JSONField("未导入的原因", default=list, blank=True)
    batch = models.ForeignKey(ImportBatch, verbose_name="导入批次", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    repeated = models.BooleanField("文件此前已导入过", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台导入"
        verbose_name_plural = "后台导入"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_state_display()}）"

    @property
    def colour(self) -> str:
        return IMPORT_JOB_COLOURS.get(self.state, "secondary")

    @property
    def running(self) -> bool:
        return self.state in (ImportJobState.QUEUED, ImportJobState.PARSING, ImportJobState.WRITING)

    @property
    def percent(self) -> int:
        """按步骤的进度（排队 25%、解析 50%、写入 75%、结束 100%）。"""
        return IMPORT_JOB_STEPS.get(self.state, 1) * 25
