"""素材库：工作区里的图片、视频、音频与文档，带来源与版权信息、封面裁剪和使用记录。"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from rongmei.core import clock

from .choices import KIND_COLOURS, RATIO_SLUGS, Consent, Kind, Licence


def _upload_to(instance, filename: str) -> str:
    return f"assets/{instance.workspace_id}/{instance.sha256[:2]}/{filename}"


def _thumb_to(instance, filename: str) -> str:
    return f"assets/{instance.workspace_id}/thumbs/{filename}"


def _crop_to(instance, filename: str) -> str:
    return f"assets/{instance.asset.workspace_id}/crops/{filename}"


class Asset(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="assets")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    file = models.FileField("文件", upload_to=_upload_to, max_length=300)
    original_name = models.CharField("原文件名", max_length=255, blank=True)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    width = models.PositiveIntegerField("宽（像素）", null=True, blank=True)
    height = models.PositiveIntegerField("高（像素）", null=True, blank=True)
    thumb = models.FileField("缩略图", upload_to=_thumb_to, max_length=300, blank=True)
    tags = models.CharField("标签", max_length=300, blank=True, help_text="用顿号或逗号分隔")
    source = models.CharField("来源", max_length=100, blank=True)
    author = models.CharField("拍摄/作者", max_length=100, blank=True)
    consent = models.CharField("肖像授权", max_length=16, choices=Consent.choices, default=Consent.NOT_NEEDED)
    consent_note = models.CharField("肖像授权说明", max_length=300, blank=True)
    licence = models.CharField("许可方式", max_length=16, choices=Licence.choices, default=Licence.OWN)
    rights_expires = models.DateField("授权到期日", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "素材"
        verbose_name_plural = "素材"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["workspace", "sha256"], name="asset_unique_sha256")]
        indexes = [models.Index(fields=["workspace", "kind", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def url(self) -> str:
        return reverse("assets:file", kwargs={"ws": self.workspace.slug, "pk": self.pk})

    @property
    def thumb_url(self) -> str:
        if not self.thumb:
            return ""
        return reverse("assets:thumb", kwargs={"ws": self.workspace.slug, "pk": self.pk})

    @property
    def tag_list(self) -> list[str]:
        return split_tags(self.tags)

    @property
    def is_expired(self) -> bool:
        return self.rights_expires is not None and self.rights_expires < clock.today()

    @property
    def rights_flags(self) -> list[str]:
        """页面上的版权提醒（短句）：授权到期、肖像授权未取得。"""
        out = []
        if self.is_expired:
            out.append(f"授权已于 {self.rights_expires:%Y-%m-%d} 到期")
        if self.consent == Consent.MISSING:
            out.append("肖像授权未取得")
        return out

    @property
    def colour(self) -> str:
        return KIND_COLOURS.get(self.kind, "secondary")

    @property
    def inline(self) -> bool:
        return self.kind in (Kind.IMAGE, Kind.VIDEO)


def split_tags(text: str) -> list[str]:
    out: list[str] = []
    for part in text.replace("，", "、").replace(",", "、").replace(" ", "、").split("、"):
        part = part.strip().lstrip("#")
        if part and part not in out:
            out.append(part)
    return out


class Crop(models.Model):
    """一张图片按某个封面比例的裁剪框（0–1 的分数，公众号 pic_crop_235_1 的写法）与裁好的文件。"""

    asset = models.ForeignKey(Asset, verbose_name="素材", on_delete=models.CASCADE, related_name="crops")
    ratio = models.CharField("比例", max_length=8)
    x1 = models.FloatField("左")
    y1 = models.FloatField("上")
    x2 = models.FloatField("右")
    y2 = models.FloatField("下")
    file = models.FileField("裁剪后的文件", upload_to=_crop_to, max_length=300)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "封面裁剪"
        verbose_name_plural = "封面裁剪"
        constraints = [models.UniqueConstraint(fields=["asset", "ratio"], name="crop_unique_ratio")]

    def __str__(self) -> str:
        return f"{self.asset.title}（{self.ratio}）"

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x1, self.y1, self.x2, self.y2)

    @property
    def url(self) -> str:
        return reverse("assets:crop_file", kwargs={"ws": self.asset.workspace.slug, "pk": self.asset_id,
                                                   "ratio": RATIO_SLUGS[self.ratio]})


class Use(models.Model):
    """素材被哪里用到（稿件正文、封面……）；``ref`` 如 ``production.contentitem:12``。"""

    asset = models.ForeignKey(Asset, verbose_name="素材", on_delete=models.CASCADE, related_name="uses")
    ref = models.CharField("引用对象", max_length=100)
    title = models.CharField("标题", max_length=300)
    url = models.CharField("链接", max_length=500, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "素材使用"
        verbose_name_plural = "素材使用"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["asset", "ref"], name="use_unique_ref")]
        indexes = [models.Index(fields=["ref"])]

    def __str__(self) -> str:
        return self.title
