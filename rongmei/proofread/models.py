"""AI 审校的产品部分：工作区词条（规则包数据）、规则包版本、白名单申请、审校记录。"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import CATEGORY_COLOURS, PROPOSAL_COLOURS, ProposalStatus, RuleCategory


class RuleEntry(models.Model):
    """工作区维护的一条审校词条。``payload`` 是引擎 ``extra[category]`` 的词条形状；``term`` 是它的主键词。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="proof_entries")
    category = models.CharField("类别", max_length=32, choices=RuleCategory.choices)
    term = models.CharField("词条", max_length=300, help_text="敏感词/禁用词/错误写法/姓名/语录原文/白名单词")
    payload = models.JSONField("词条内容", default=dict)
    note = models.CharField("备注", max_length=300, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "审校词条"
        verbose_name_plural = "审校词条"
        ordering = ["category", "term", "pk"]
        indexes = [models.Index(fields=["workspace", "category", "is_active"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.term}"

    @property
    def colour(self) -> str:
        return CATEGORY_COLOURS.get(self.category, "secondary")


class PackVersion(models.Model):
    """工作区规则包版本：每次词条变更加一，引擎缓存随之失效。"""

    workspace = models.OneToOneField("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                     related_name="proof_pack_version")
    number = models.PositiveIntegerField("版本号", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "规则包版本"
        verbose_name_plural = "规则包版本"

    def __str__(self) -> str:
        return f"{self.workspace} v{self.number}"


class WhitelistProposal(models.Model):
    """编辑/审核员忽略一条发现并说明理由后，申请把该词加入工作区白名单；审核员或项目经理决定。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="proof_whitelist_proposals")
    term = models.CharField("词", max_length=100)
    category = models.CharField("发现类别", max_length=32, blank=True)
    reason = models.CharField("理由", max_length=500)
    source_ref = models.CharField("来源", max_length=200, blank=True, help_text="如 production.finding:123")
    status = models.CharField("状态", max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decision_comment = models.CharField("意见", max_length=500, blank=True)
    entry = models.ForeignKey(RuleEntry, verbose_name="白名单词条", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "白名单申请"
        verbose_name_plural = "白名单申请"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"白名单申请：{self.term}"

    @property
    def colour(self) -> str:
        return PROPOSAL_COLOURS.get(self.status, "secondary")

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING


class ProofRun(models.Model):
    """一次在线审校/接口审校的记录（不保存原文，只保存哈希、统计与发现）。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="proof_runs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="使用人", null=True, on_delete=models.SET_NULL,
                             related_name="+")
    source = models.CharField("来源", max_length=16, default="web")
    source_name = models.CharField("稿件", max_length=200, blank=True)
    text_sha256 = models.CharField("文本哈希", max_length=64)
    char_count = models.PositiveIntegerField("计字数")
    finding_count = models.PositiveIntegerField("发现数")
    high_count = models.PositiveIntegerField("高级发现数", default=0)
    error_rate = models.FloatField("差错率（每万字）")
    rulepack = models.CharField("规则包版本", max_length=80)
    findings = models.JSONField("发现", default=list)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "审校记录"
        verbose_name_plural = "审校记录"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["workspace", "-created_at"])]

    def __str__(self) -> str:
        return f"审校 {self.source_name or self.text_sha256[:8]}"

    @property
    def source_label(self) -> str:
        return {"web": "在线审校", "api": "接口", "cli": "命令行"}.get(self.source, self.source)
