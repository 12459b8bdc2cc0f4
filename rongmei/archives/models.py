"""档案的数据模型：档案包（每个工作区、每个期间一个 zip）、保管期限设置、销毁记录。"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import STATE_COLOURS, SetState


def package_upload_to(instance: ArchiveSet, filename: str) -> str:
    return f"archives/{instance.workspace_id}/{filename}"


class ArchiveSet(models.Model):
    """一个档案包：期间、所含类别、文件清单（含 SHA-256）与 zip 文件。只能经“销毁”删除文件，记录保留。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="archive_sets")
    title = models.CharField("标题", max_length=200)
    period_start = models.DateField("期间开始")
    period_end = models.DateField("期间结束")
    categories = models.JSONField("类别", default=list)
    files = models.JSONField("文件清单", default=list)
    file_count = models.PositiveIntegerField("文件数", default=0)
    withheld = models.PositiveIntegerField("未收入的标密材料", default=0)
    includes_marked = models.BooleanField("含标密材料", default=False)
    package = models.FileField("档案包", upload_to=package_upload_to, blank=True, max_length=300)
    sha256 = models.CharField("档案包 SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    state = models.CharField("状态", max_length=10, choices=SetState.choices, default=SetState.READY)
    retain_until = models.DateField("保管期满", null=True, blank=True, help_text="为空表示永久保存")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="打包人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("打包时间", auto_now_add=True)

    class Meta:
        verbose_name = "档案包"
        verbose_name_plural = "档案包"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def state_colour(self) -> str:
        return STATE_COLOURS.get(self.state, "secondary")


class RetentionPolicy(models.Model):
    """某工作区某类档案的保管期限（年）；没有设置时用登记的默认期限。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="+")
    category = models.CharField("类别", max_length=40)
    years = models.PositiveIntegerField("保管期限（年）", null=True, blank=True, help_text="留空为永久保存")

    class Meta:
        verbose_name = "保管期限"
        verbose_name_plural = "保管期限"
        constraints = [models.UniqueConstraint(fields=["workspace", "category"], name="archives_one_policy")]

    def __str__(self) -> str:
        return f"{self.category}：{self.years or '永久'}"


class Disposal(models.Model):
    """档案销毁记录：谁、何时、为什么销毁了哪个档案包（文件清单与校验值保留）。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="+")
    archive_set = models.OneToOneField(ArchiveSet, verbose_name="档案包", on_delete=models.PROTECT,
                                       related_name="disposal")
    reason = models.TextField("销毁理由")
    sha256 = models.CharField("销毁前的 SHA-256", max_length=64, blank=True)
    file_count = models.PositiveIntegerField("文件数", default=0)
    disposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="销毁人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    disposed_at = models.DateTimeField("销毁时间", auto_now_add=True)

    class Meta:
        verbose_name = "档案销毁记录"
        verbose_name_plural = "档案销毁记录"
        ordering = ["-disposed_at"]

    def __str__(self) -> str:
        return f"销毁 {self.archive_set}"
