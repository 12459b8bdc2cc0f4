"""素材库的读取：按工作区取素材、检索、正文图片地址 → 素材、裁剪框、版权问题、各平台限制核对。"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import Resolver404, resolve

from .choices import RATIOS, Consent, Kind
from .models import Asset, Crop, Use


def assets_of(workspace, *, q: str = "", kind: str = "") -> QuerySet[Asset]:
    """工作区的素材，按标题、标签、来源、拍摄/作者检索，可按类别筛选；新上传的在前。"""
    qs = (Asset.objects.filter(workspace=workspace).select_related("workspace")
          .annotate(use_count=Count("uses")).order_by("-created_at", "-pk"))
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    for word in (q or "").split():
        qs = qs.filter(Q(title__icontains=word) | Q(tags__icontains=word) | Q(source__icontains=word)
                       | Q(author__icontains=word))
    return qs


def asset_get(workspace, pk: int) -> Asset:
    """本工作区的一个素材；别的工作区的素材一律 404。"""
    asset = Asset.objects.filter(workspace=workspace, pk=pk).select_related("workspace", "created_by").first()
    if asset is None:
        raise Http404("素材不存在")
    return asset


def asset_for_src(workspace, src: str) -> Asset | None:
    """正文里一张图片的地址对应本工作区的哪个素材（素材文件或缩略图的地址）；不是本工作区素材时为 None。"""
    path = urlsplit((src or "").strip()).path
    if not path.startswith("/w/"):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace != "assets" or match.url_name not in ("file", "thumb", "crop_file"):
        return None
    if match.kwargs.get("ws") != workspace.slug:
        return None
    return Asset.objects.filter(workspace=workspace, pk=match.kwargs["pk"]).select_related("workspace").first()


def crop_of(asset: Asset, ratio: str) -> tuple[float, float, float, float] | None:
    """某个封面比例的裁剪框（0–1 的分数 x1, y1, x2, y2，即公众号 pic_crop_235_1 的写法）；没裁过为 None。"""
    crop = Crop.objects.filter(asset=asset, ratio=ratio).first()
    return crop.box if crop else None


def crops_of(asset: Asset) -> dict[str, Crop]:
    return {c.ratio: c for c in Crop.objects.filter(asset=asset).select_related("asset__workspace")}


def default_box(asset: Asset, ratio: str) -> tuple[float, float, float, float]:
    """没裁过时的建议裁剪框：居中、尽量大。"""
    target = RATIOS[ratio][1]
    width, height = asset.width or 1, asset.height or 1
    if width / height > target:  # 图片更宽：高度占满，左右裁掉
        w = target * height / width
        x1 = (1 - w) / 2
        return (round(x1, 4), 0.0, round(x1 + w, 4), 1.0)
    h = width / target / height
    y1 = (1 - h) / 2
    return (0.0, round(y1, 4), 1.0, round(y1 + h, 4))


def uses_of(asset: Asset) -> QuerySet[Use]:
    return asset.uses.all()


def rights_problems(assets) -> list[str]:
    """这些素材的版权问题（中文，每条一句），如“图片《…》授权已于 2026-10-01 到期”“图片《…》未取得肖像授权”。"""
    out: list[str] = []
    for asset in assets:
        if asset is None:
            continue
        label = asset.get_kind_display()
        if asset.is_expired:
            out.append(f"{label}《{asset.title}》授权已于 {asset.rights_expires:%Y-%m-%d} 到期")
        if asset.consent == Consent.MISSING:
            out.append(f"{label}《{asset.title}》未取得肖像授权")
    return out


# ---------------------------------------------------------------- 各平台的限制


@dataclass(frozen=True)
class Limit:
    platform: str
    use: str
    kinds: tuple[str, ...]
    max_bytes: int | None = None
    formats: tuple[str, ...] = ()
    ratio: str = ""
    note: str = ""


MB = 1024 * 1024
#: 出处：/work/shared/platform-contracts（公众号 material/add_material、media/uploadimg、draft/add；微博
#: statuses/share；快手 photo/publish）。抖音、快手的封面比例是平台建议，不是接口硬性要求。
LIMITS = [
    Limit("公众号", "图片素材（永久素材）", (Kind.IMAGE,), 10 * MB, ("bmp", "png", "jpeg", "gif")),
    Limit("公众号", "正文图片（uploadimg）", (Kind.IMAGE,), 1 * MB, ("jpeg", "png")),
    Limit("公众号", "缩略图素材", (Kind.IMAGE,), 64 * 1024, ("jpeg",)),
    Limit("公众号", "头条封面 2.35:1", (Kind.IMAGE,), ratio="2.35:1"),
    Limit("公众号", "次条封面 1:1", (Kind.IMAGE,), ratio="1:1"),
    Limit("公众号", "语音素材", (Kind.AUDIO,), 2 * MB, ("mpeg", "wav", "amr"), note="不超过 60 秒"),
    Limit("公众号", "视频素材", (Kind.VIDEO,), 10 * MB, ("mp4",)),
    Limit("微博", "配图", (Kind.IMAGE,), 5 * MB, ("jpeg", "gif", "png")),
    Limit("抖音", "竖版封面 3:4", (Kind.IMAGE,), ratio="3:4", note="平台建议"),
    Limit("抖音", "全屏封面 9:16", (Kind.IMAGE,), ratio="9:16", note="平台建议"),
    Limit("抖音", "视频", (Kind.VIDEO,), 128 * MB, ("mp4", "webm"), note="超过 128 MB 要分片上传"),
    Limit("快手", "封面", (Kind.IMAGE,), 10 * MB, ratio="9:16", note="比例为平台建议"),
]
_FORMAT_NAMES = {"jpeg": "jpg/jpeg", "mpeg": "mp3", "bmp": "bmp", "png": "png", "gif": "gif", "mp4": "mp4",
                 "webm": "webm", "wav": "wav", "amr": "amr"}


def _size(n: int) -> str:
    return f"{n // 1024} KB" if n < MB else f"{n / MB:g} MB"


def platform_checks(asset: Asset, crops: dict[str, Crop] | None = None) -> list[dict]:
    """详情页的“各平台限制”表：每行 {platform, use, rule, ok, detail}。"""
    crops = crops if crops is not None else crops_of(asset)
    subtype = asset.content_type.split("/")[-1]
    rows = []
    for limit in LIMITS:
        if asset.kind not in limit.kinds:
            continue
        rules, problems = [], []
        if limit.max_bytes:
            rules.append(f"不超过 {_size(limit.max_bytes)}")
            if asset.size > limit.max_bytes:
                problems.append(f"文件 {_size(asset.size)}")
        if limit.formats:
            rules.append("格式 " + "/".join(_FORMAT_NAMES[f] for f in limit.formats))
            if subtype not in limit.formats:
                problems.append(f"格式是 {asset.content_type.split('/')[-1]}")
        if limit.ratio:
            rules.append(f"比例 {limit.ratio}")
            target = RATIOS[limit.ratio][1]
            natural = asset.width and asset.height and abs(asset.width / asset.height / target - 1) <= 0.02
            if not natural and limit.ratio not in crops:
                problems.append("尚未裁剪")
        if limit.note:
            rules.append(limit.note)
        rows.append({"platform": limit.platform, "use": limit.use, "rule": "，".join(rules), "ok": not problems,
                     "detail": "；".join(problems)})
    return rows
