from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .choices import ACCOUNT_STATUS_COLOURS, AccountStatus, Role


class Workspace(models.Model):
    """一个甲方项目（一份合同、它的账号、它的人员）。工作区之间数据互相隔离。"""

    slug = models.SlugField("标识", max_length=60, unique=True, help_text="用于网址，只能包含字母、数字、连字符")
    name = models.CharField("名称", max_length=120)
    client_name = models.CharField("甲方单位", max_length=200)
    operator_name = models.CharField("乙方单位", max_length=200, blank=True)
    contract_template = models.CharField("合同模板", max_length=80, blank=True)
    period_start = models.DateField("服务期开始", null=True, blank=True)
    period_end = models.DateField("服务期结束", null=True, blank=True)
    region = models.CharField("地区", max_length=100, blank=True)
    description = models.TextField("说明", blank=True)
    is_active = models.BooleanField("启用", default=True)
    publishing_paused = models.BooleanField("暂停全部发布", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "工作区"
        verbose_name_plural = "工作区"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "服务期结束日期不能早于开始日期"})


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE,
                             related_name="memberships")
    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    unit = models.CharField("所在单位/部门", max_length=120, blank=True)
    region = models.CharField("负责地区", max_length=100, blank=True)
    joined_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = "成员"
        verbose_name_plural = "成员"
        constraints = [models.UniqueConstraint(fields=["user", "workspace"], name="one_role_per_workspace")]
        ordering = ["workspace", "role", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.workspace}：{self.get_role_display()}"


class Platform(models.Model):
    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=60)
    has_api = models.BooleanField("有开放发布接口", default=False)
    order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "平台"
        verbose_name_plural = "平台"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class OfficialAccount(models.Model):
    """账号矩阵中的一个官方账号。"""

    workspace = models.ForeignKey(Workspace, verbose_name="工作区", on_delete=models.CASCADE, related_name="accounts")
    platform = models.ForeignKey(Platform, verbose_name="平台", on_delete=models.PROTECT)
    name = models.CharField("账号名称", max_length=120)
    external_id = models.CharField("平台账号 ID", max_length=120, blank=True)
    owner_unit = models.CharField("主办单位", max_length=200, blank=True)
    certification = models.CharField("认证信息", max_length=200, blank=True)
    status = models.CharField("状态", max_length=16, choices=AccountStatus.choices, default=AccountStatus.ACTIVE)
    status_since = models.DateField("状态起始日期", null=True, blank=True)
    opened_on = models.DateField("开通日期", null=True, blank=True)
    closed_on = models.DateField("注销日期", null=True, blank=True)
    url = models.URLField("主页链接", blank=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "官方账号"
        verbose_name_plural = "官方账号"
        ordering = ["platform__order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "platform", "name"], name="unique_account_name_per_platform")
        ]

    def __str__(self) -> str:
        return f"{self.platform.name}·{self.name}"

    @property
    def status_colour(self) -> str:
        return ACCOUNT_STATUS_COLOURS.get(self.status, "secondary")

    def clean(self) -> None:
        if self.status == AccountStatus.CLOSED and not self.closed_on:
            raise ValidationError({"closed_on": "状态为“注销”时必须填写注销日期"})
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": "注销日期不能早于开通日期"})
