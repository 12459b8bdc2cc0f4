"""自查的数据模型：每次自查（InspectionRun）与它的发现（Finding）都保存为证据；备案登记与工作区的自查设置。"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import SEVERITY_COLOURS, STATE_COLOURS, FilingKind, FindingState, Severity, Trigger


def report_upload_to(instance: InspectionRun, filename: str) -> str:
    return f"inspection/{instance.workspace_id}/{instance.pk}/{filename}"


class InspectionPolicy(models.Model):
    """工作区的自查设置：比国家指标更严的本地更新要求。"""

    workspace = models.OneToOneField("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                     related_name="inspection_policy")
    local_update_days = models.PositiveIntegerField("本地更新要求（天）", null=True, blank=True,
                                                    help_text="超过这么多天未更新即提醒（应小于国家指标的 14 天）；留空不启用")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "自查设置"
        verbose_name_plural = "自查设置"

    def __str__(self) -> str:
        return f"{self.workspace} 的自查设置"


class InspectionRun(models.Model):
    """一次自查：截至日期、规则包版本、每条规则的执行情况与计数；发现另存。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="inspection_runs")
    as_of = models.DateField("检查日期")
    trigger = models.CharField("触发方式", max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    pack_version = models.CharField("规则包版本", max_length=40)
    local_update_days = models.PositiveIntegerField("本地更新要求（天）", null=True, blank=True)
    rules = models.JSONField("规则执行情况", default=list, blank=True)
    accounts_checked = models.PositiveIntegerField("检查账号数", default=0)
    items_checked = models.PositiveIntegerField("检查已发布内容数", default=0)
    failing = models.PositiveIntegerField("不合格项", default=0)
    at_risk = models.PositiveIntegerField("7 天内将不合格", default=0)
    high = models.PositiveIntegerField("严重项", default=0)
    report = models.FileField("自查报告", upload_to=report_upload_to, blank=True, max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("运行时间", auto_now_add=True)

    class Meta:
        verbose_name = "自查记录"
        verbose_name_plural = "自查记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="inspection_run_ws_created")]

    def __str__(self) -> str:
        return f"{self.as_of} 自查"

    @property
    def passed(self) -> bool:
        return self.failing == 0


class Finding(models.Model):
    """自查发现：账号、规则、严重程度、说明、证据、判为不合格的日期与整改办法。"""

    run = models.ForeignKey(InspectionRun, verbose_name="自查记录", on_delete=models.CASCADE, related_name="findings")
    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="+")
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="账号", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    account_name = models.CharField("账号名称", max_length=120, blank=True)
    platform = models.CharField("平台", max_length=30, blank=True)
    rule = models.CharField("规则", max_length=40)
    severity = models.CharField("严重程度", max_length=10, choices=Severity.choices)
    state = models.CharField("状态", max_length=10, choices=FindingState.choices)
    message = models.TextField("说明")
    fix = models.TextField("整改办法", blank=True)
    veto_on = models.DateField("判为不合格日期", null=True, blank=True)
    in_forecast = models.BooleanField("未来 7 天内将判为不合格", default=False)
    evidence = models.JSONField("证据", default=list, blank=True)

    class Meta:
        verbose_name = "自查发现"
        verbose_name_plural = "自查发现"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.message[:60]

    @property
    def severity_colour(self) -> str:
        return SEVERITY_COLOURS.get(self.severity, "secondary")

    @property
    def state_colour(self) -> str:
        return STATE_COLOURS.get(self.state, "secondary")


class AccountFiling(models.Model):
    """账号备案或停更公告的登记：开设、变更、注销后 5 个工作日内备案；注销前发布停更公告。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="+")
    account = models.ForeignKey("workspaces.OfficialAccount", verbose_name="账号", on_delete=models.CASCADE,
                                related_name="+")
    kind = models.CharField("类型", max_length=10, choices=FilingKind.choices)
    event_on = models.DateField("事项日期", help_text="开设、变更、注销的日期；停更公告为公告发布日期")
    filed_on = models.DateField("备案日期", null=True, blank=True)
    reference = models.CharField("备案号或公告链接", max_length=300, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "备案登记"
        verbose_name_plural = "备案登记"
        ordering = ["-event_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.event_on}"
