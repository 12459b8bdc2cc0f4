"""传播分析：重点内容（精品）、它的外部传播记录（转载、引用、媒体采用、网络提及）与传播分析报告。

全网传播量 = 本方账号发布的阅读/播放（取数据应用的作品累计数据）+ 外部传播记录的传播量；
每条外部传播按“链接键”（去掉协议、www、跟踪参数后的链接）只存一行，被导入和舆情监测各找到一次也只计一次。
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import EntryKind, FoundBy, ReachBasis


def report_upload_to(instance: PropagationReport, filename: str) -> str:
    return f"spread/reports/{instance.workspace_id}/{instance.flagship_id}/{filename}"


class Flagship(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    item = models.OneToOneField("production.ContentItem", verbose_name="稿件", on_delete=models.CASCADE,
                                related_name="flagship")
    note = models.CharField("说明", max_length=300, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="标记人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField("标记时间", auto_now_add=True)

    class Meta:
        verbose_name = "重点内容"
        verbose_name_plural = "重点内容"
        ordering = ["-marked_at", "-id"]
        indexes = [models.Index(fields=["workspace", "marked_at"], name="spread_flagship_ws")]

    def __str__(self) -> str:
        return self.item.title


class ReachEntry(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    flagship = models.ForeignKey(Flagship, verbose_name="重点内容", on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("类型", max_length=12, choices=EntryKind.choices, default=EntryKind.REPOST)
    outlet = models.CharField("账号/媒体", max_length=120)
    title = models.CharField("标题", max_length=300, blank=True)
    url = models.CharField("链接", max_length=1000, blank=True)
    key = models.CharField("去重键", max_length=400)
    published_at = models.DateTimeField("发布时间")
    reach = models.PositiveBigIntegerField("传播量（阅读/播放）", default=0)
    basis = models.CharField("传播量依据", max_length=10, choices=ReachBasis.choices, default=ReachBasis.PUBLIC)
    found_by = models.JSONField("发现途径", default=list)
    mention = models.ForeignKey("opinion.Mention", verbose_name="舆情信息", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "外部传播"
        verbose_name_plural = "外部传播"
        ordering = ["published_at", "id"]
        constraints = [models.UniqueConstraint(fields=["flagship", "key"], name="spread_entry_once")]
        indexes = [models.Index(fields=["workspace", "published_at"], name="spread_entry_ws_time")]

    def __str__(self) -> str:
        return f"{self.outlet} {self.title or self.url}"

    def found_by_labels(self) -> list[str]:
        names = dict(FoundBy.choices)
        return [names.get(code, code) for code in self.found_by]


class PropagationReport(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    flagship = models.ForeignKey(Flagship, verbose_name="重点内容", on_delete=models.CASCADE, related_name="reports")
    title = models.CharField("标题", max_length=200)
    findings = models.JSONField("分析段落", default=dict, blank=True)
    numbers = models.JSONField("生成时的数字", default=dict, blank=True)
    docx = models.FileField("Word 文件", upload_to=report_upload_to, max_length=400, blank=True)
    final = models.BooleanField("已定稿", default=False)
    finalized_at = models.DateTimeField("定稿时间", null=True, blank=True)
    finalized_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "传播分析报告"
        verbose_name_plural = "传播分析报告"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
