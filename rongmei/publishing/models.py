"""发布：账号凭证（加密）、令牌、发布队列行、频次规则、账号信息变更申请。"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rongmei.core import clock
from rongmei.core.labels import label

from .choices import (
    CHANGE_STATUS_COLOURS,
    METHOD_API,
    METHOD_MANUAL,
    PUB_STATE_COLOURS,
    ChangeStatus,
    PubState,
)


class AccountCredential(models.Model):
    """一个官方账号的平台凭证。``encrypted`` 为 JSON 字典加密后的密文，明文不入库、不写日志。"""

    account = models.OneToOneField("workspaces.OfficialAccount", verbose_name="账号", on_delete=models.CASCADE,
                                   related_name="credential")
    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="+")
    encrypted = models.TextField("凭证密文")
    field_names = models.JSONField("已填写的字段", default=list)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设置人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    class Meta:
        verbose_name = "平台凭证"
        verbose_name_plural = "平台凭证"

    def __str__(self) -> str:
        return f"{self.account} 的凭证"


class PlatformToken(models.Model):
    """适配器取得的 access_token 等（加密）。key 为 ``<platform>:<account_id>``。"""

    key = models.CharField("键", max_length=120, unique=True)
    encrypted = models.TextField("令牌密文")
    expires_at = models.FloatField("过期时间（epoch 秒）", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "平台令牌"
        verbose_name_plural = "平台令牌"

    def __str__(self) -> str:
        return self.key


class Publication(models.Model):
    """发布队列的一行：某修订版发到某账号。幂等键唯一，重试或 worker 崩溃都不会重复发布。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="publications")
    item = models.ForeignKey("production.ContentItem", verbose_name="稿件", on_delete=models.PROTECT,
                             related_name="publications")
    revision = models.ForeignKey("production.Revision", verbose_name="修订版", on_delete=models.PROTECT,
                                 related_name="publications")
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="账号", on_delete=models.PROTECT,
                                related_name="publications")
    planned_at = models.DateTimeField("计划发布时间", db_index=True)
    state = models.CharField("状态", max_length=16, choices=PubState.choices, default=PubState.PLANNED,
                             db_index=True)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True)
    locked_until = models.DateTimeField("处理锁到期", null=True, blank=True)
    idempotency_key = models.CharField("幂等键", max_length=80, unique=True)
    external_id = models.CharField("平台内容 ID", max_length=200, blank=True)
    url = models.URLField("发布链接", max_length=1000, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    checkpoint = models.JSONField("断点", default=dict, blank=True)
    last_response = models.JSONField("最近一次平台响应（已脱敏）", default=dict, blank=True)
    error_code = models.CharField("错误码", max_length=60, blank=True)
    error_message = models.TextField("错误说明", blank=True)
    hold_reason = models.CharField("暂缓原因", max_length=300, blank=True)
    screenshot = models.FileField("发布截图", upload_to="publishing/screenshots/%Y/%m/", blank=True)
    manual = models.BooleanField("人工发布", default=False)
    stamp_footer = models.BooleanField("正文末尾加审校署名", default=False,
                                       help_text="发布时在正文末尾加上编辑、校对、审核、终审人员姓名")
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="排期人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    stuck_reported_at = models.DateTimeField("卡住提醒时间", null=True, blank=True)
    reminded_at = models.DateTimeField("人工发布提醒时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "发布"
        verbose_name_plural = "发布"
        ordering = ["planned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "account"], name="one_publication_per_revision_account"),
        ]
        indexes = [models.Index(fields=["workspace", "state", "planned_at"])]

    def __str__(self) -> str:
        return f"{self.revision.title if self.revision_id else ''} → {self.account}"

    @property
    def colour(self) -> str:
        return PUB_STATE_COLOURS.get(self.state, "secondary")

    @property
    def is_stuck(self) -> bool:
        return self.state == PubState.PUBLISHING and self.stuck_reported_at is not None

    @property
    def is_due(self) -> bool:
        return self.planned_at <= clock.now()

    @property
    def title(self) -> str:
        return self.revision.title

    @property
    def recorded_by_hand(self) -> bool:
        """结果是人工登记的（没有接口的平台，或自动发布失败/待核实后手工登记）。"""
        return self.manual or bool((self.checkpoint or {}).get("manual"))

    @property
    def method_label(self) -> str:
        if self.state != PubState.PUBLISHED:
            return ""
        return METHOD_MANUAL if self.recorded_by_hand else METHOD_API

    @property
    def error_label(self) -> str:
        """错误码的中文说明（本系统的错误码见 apps.py 登记的 ``platform_error``）；平台自己的错误码显示为
        “平台错误码 xxx”。"""
        code = (self.error_code or "").strip()
        if not code:
            return ""
        text = label(code, "platform_error")
        return text if text != code else f"平台错误码 {code}"

    @staticmethod
    def _label(user) -> str:
        if user is None:
            return "—"
        return getattr(user, "display_name", "") or user.username

    @property
    def scheduled_by_label(self) -> str:
        return self._label(self.scheduled_by)

    @property
    def published_by_label(self) -> str:
        return self._label(self.published_by)


class FrequencyRule(models.Model):
    """合同里的发布频次要求（每个该平台账号都适用）。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="frequency_rules")
    platform = models.ForeignKey("workspaces.Platform", verbose_name="平台", on_delete=models.PROTECT)
    workday_min = models.PositiveIntegerField("每个工作日不少于", null=True, blank=True)
    workday_max = models.PositiveIntegerField("每个工作日不多于", null=True, blank=True)
    holiday_min = models.PositiveIntegerField("每个非工作日不少于", null=True, blank=True)
    week_min = models.PositiveIntegerField("每周不少于", null=True, blank=True)
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "发布频次规则"
        verbose_name_plural = "发布频次规则"
        ordering = ["platform__order"]
        constraints = [models.UniqueConstraint(fields=["workspace", "platform"], name="one_rule_per_platform")]

    def __str__(self) -> str:
        return f"{self.platform.name} 频次规则"


class AccountChangeRequest(models.Model):
    """账号信息（名称、头像、简介）变更须经甲方审批后才能修改（S1 §8.9）。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="account_change_requests")
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="账号", on_delete=models.CASCADE,
                                related_name="change_requests")
    new_name = models.CharField("新名称", max_length=120, blank=True)
    new_intro = models.TextField("新简介", blank=True)
    new_avatar = models.ImageField("新头像", upload_to="publishing/avatars/%Y/%m/", blank=True)
    reason = models.TextField("修改理由", blank=True)
    status = models.CharField("状态", max_length=12, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "账号信息变更申请"
        verbose_name_plural = "账号信息变更申请"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.account} 信息变更"

    @property
    def colour(self) -> str:
        return CHANGE_STATUS_COLOURS.get(self.status, "secondary")

    def changes(self) -> dict:
        out = {}
        if self.new_name:
            out["名称"] = self.new_name
        if self.new_intro:
            out["简介"] = self.new_intro
        if self.new_avatar:
            out["头像"] = self.new_avatar.name
        return out


class OAuthState(models.Model):
    """“授权账号”发起的一次 OAuth 授权：随机 state（只存摘要）绑定工作区、账号、发起人，短时有效、只能用一次。"""

    digest = models.CharField("state 摘要", max_length=64, unique=True)
    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="+")
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="账号", on_delete=models.CASCADE,
                                related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.CASCADE,
                             related_name="+")
    redirect_uri = models.CharField("回调地址", max_length=500)
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "账号授权请求"
        verbose_name_plural = "账号授权请求"

    def __str__(self) -> str:
        return f"{self.account} 的授权请求"
