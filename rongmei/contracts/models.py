from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from rongmei.core.labels import label

from .choices import FactOrigin, SnapshotKind


class ContractVersion(models.Model):
    """工作区合同定义的一个版本（YAML 原文）。最新版本即当前合同；每次保存都新建版本，不修改旧版本。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="contract_versions")
    number = models.PositiveIntegerField("版本号")
    yaml_text = models.TextField("合同定义（YAML）")
    digest = models.CharField("SHA-256", max_length=64)
    contract_key = models.CharField("合同 id", max_length=120)
    name = models.CharField("合同名称", max_length=300)
    template = models.CharField("来源模板", max_length=80, blank=True)
    warnings = models.JSONField("校验警告", default=list, blank=True)
    comment = models.CharField("修改说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="保存人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "合同版本"
        verbose_name_plural = "合同版本"
        ordering = ["workspace", "-number"]
        constraints = [models.UniqueConstraint(fields=["workspace", "number"], name="contract_version_unique")]

    def __str__(self) -> str:
        return f"{self.name}（第 {self.number} 版）"


class FactImport(models.Model):
    """一次事实文件导入（facts-v1 JSONL / CSV / Excel）。同一工作区同一文件（SHA-256）只导入一次。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="fact_imports")
    filename = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    fmt = models.CharField("格式", max_length=10)
    fact_count = models.PositiveIntegerField("事实条数", default=0)
    counts = models.JSONField("按类型计数", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "事实导入"
        verbose_name_plural = "事实导入"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["workspace", "sha256"], name="fact_import_once")]

    def __str__(self) -> str:
        return self.filename


class Fact(models.Model):
    """本应用保存的一条履约事实（facts-v1 对象）：手工录入或文件导入。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="contract_facts")
    origin = models.CharField("来源", max_length=10, choices=FactOrigin.choices)
    source_import = models.ForeignKey(FactImport, verbose_name="导入批次", null=True, blank=True,
                                      on_delete=models.CASCADE, related_name="facts")
    type = models.CharField("事实类型", max_length=20)
    date = models.DateField("日期")
    data = models.JSONField("facts-v1 内容")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "履约事实"
        verbose_name_plural = "履约事实"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["workspace", "date"], name="contract_fact_ws_date")]

    def __str__(self) -> str:
        return f"{label(self.type, 'fact_type')} {self.date:%Y-%m-%d}"

    @property
    def ref(self) -> str:
        return f"contracts.fact:{self.pk}"


class FactLedger(models.Model):
    """每个工作区履约事实的修订号：任何新增/删除都加一（服务层在同一事务内更新），用作事实缓存的指纹。"""

    workspace = models.OneToOneField("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    revision = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "履约事实修订号"

    def __str__(self) -> str:
        return f"{self.workspace}：履约事实第 {self.revision} 次变更"


class Snapshot(models.Model):
    """冻结的考核结果：输入（事实、合同版本、引擎版本、截至日期、考核期）与结果 JSON。保存后不可修改。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="contract_snapshots")
    version = models.ForeignKey(ContractVersion, verbose_name="合同版本", on_delete=models.PROTECT,
                                related_name="snapshots")
    kind = models.CharField("用途", max_length=12, choices=SnapshotKind.choices, default=SnapshotKind.ASSESSMENT)
    title = models.CharField("标题", max_length=200)
    period = models.CharField("考核期", max_length=10)
    period_label = models.CharField("考核期名称", max_length=60)
    as_of = models.DateField("截至日期")
    engine_version = models.CharField("引擎版本", max_length=20)
    facts = models.JSONField("所用事实")
    facts_count = models.PositiveIntegerField("事实条数")
    facts_digest = models.CharField("事实指纹", max_length=64)
    result = models.JSONField("评估结果")
    score = models.FloatField("总分", null=True, blank=True, help_text="合同未约定评分表时为空（不编造得分）")
    passed = models.BooleanField("合格")
    payment_ratio = models.FloatField("拨付比例", null=True, blank=True,
                                      help_text="合同未约定评分表且未全部达标时为空：按合同的付款与违约金条款执行")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="冻结人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("冻结时间", auto_now_add=True)

    class Meta:
        verbose_name = "考核快照"
        verbose_name_plural = "考核快照"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("考核快照冻结后不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("考核快照冻结后不能删除")


class ObligationState(models.Model):
    """每项义务最近一次检查的进度状态，用于只在状态变化时提醒。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="obligation_states")
    obligation = models.CharField("义务 id", max_length=120)
    name = models.CharField("义务名称", max_length=300)
    status = models.CharField("状态", max_length=10)
    checked_on = models.DateField("截至日期")
    changed_at = models.DateTimeField("状态变化时间", auto_now=True)

    class Meta:
        verbose_name = "义务进度状态"
        verbose_name_plural = "义务进度状态"
        constraints = [models.UniqueConstraint(fields=["workspace", "obligation"], name="obligation_state_unique")]

    def __str__(self) -> str:
        return f"{self.name}：{label(self.status, 'pace_status')}"
