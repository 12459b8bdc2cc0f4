"""与采编（rongmei.production）的衔接：取已通过稿件、发布前检查、修订版 → PublishItem、推荐时段。

采编在发布之下（见 docs/architecture.md），这里直接 import 它的 selectors / services / documents。
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import mimetypes
import re
from html import escape

from django.utils import timezone

from rongmei.assets import selectors as asset_selectors
from rongmei.core import clock
from rongmei.engines import richtext
from rongmei.engines.platforms import ContentKind, MediaFile, PublishItem, outputs, platform_meta
from rongmei.production import selectors as production_selectors
from rongmei.production import services as production_services
from rongmei.production.documents import footer_text

from .choices import DEFAULT_WINDOWS

VIDEO_KINDS = {"short_video", "promo_film", "micro_documentary", "training_video", "programme", "live"}


# 采编（production）在发布之下：直接使用它的接口
approved_items = production_selectors.approved_items
item_get = production_selectors.item_get
assert_publishable = production_services.assert_publishable


def default_planned_at(item, now: dt.datetime | None = None) -> tuple[dt.datetime, str]:
    """排期表单的默认计划时间与说明：稿件填了将来的“计划发布时间”就用它，否则一小时后。"""
    now = now or clock.now()
    planned = item.planned_publish_at
    if planned is not None and planned > now:
        return planned, "已按稿件的计划发布时间预填"
    fallback = now + dt.timedelta(hours=1)
    if planned is not None:
        when = timezone.localtime(planned).strftime("%Y-%m-%d %H:%M")
        return fallback, f"稿件的计划发布时间 {when} 已过，已预填为一小时后，请确认"
    return fallback, ""


def recommended_windows(workspace, platform_code: str) -> list[tuple[dt.time, dt.time]]:
    """采编里为该平台设的推荐时段；没有设（或读取出错）时用平台默认时段。"""
    try:
        rows = list(production_selectors.recommended_windows(workspace, platform_code) or [])
    except Exception:  # 采编侧出错时退回默认时段，不影响排期
        rows = []
    out = []
    for r in rows:
        start = getattr(r, "start", None) if not isinstance(r, tuple | list) else r[0]
        end = getattr(r, "end", None) if not isinstance(r, tuple | list) else r[1]
        if isinstance(start, dt.time) and isinstance(end, dt.time):
            out.append((start, end))
    if out:
        return out
    return [(dt.time(a), dt.time(23, 59) if b == 24 else dt.time(b)) for a, b in DEFAULT_WINDOWS.get(platform_code, [])]


def windows_label(windows: list[tuple[dt.time, dt.time]]) -> str:
    def t(x: dt.time) -> str:
        return "24:00" if x == dt.time(23, 59) else x.strftime("%H:%M")

    return "、".join(f"{t(a)}–{t(b)}" for a, b in windows)


def in_windows(moment: dt.datetime, windows: list[tuple[dt.time, dt.time]]) -> bool:
    if not windows:
        return True
    t = moment.time()
    return any(a <= t <= b for a, b in windows)


def _data_image(src: str, n: int) -> MediaFile | None:
    """正文里粘贴进来、还没转存的 data: 图片 → 文件（公众号适配器经 uploadimg 上传后替换地址）。"""
    m = re.match(r"data:(image/(png|jpeg|gif|webp));base64,(.+)", src, re.S)
    if not m:
        return None
    try:
        data = base64.b64decode(m.group(3), validate=False)
    except (binascii.Error, ValueError):
        return None
    ext = {"jpeg": "jpg"}.get(m.group(2), m.group(2))
    return MediaFile(filename=f"image-{n}.{ext}", content_type=m.group(1), data=data)


def body_images(workspace, html: str, *, for_wechat: bool = False) -> dict[str, MediaFile]:
    """正文图片 → 要随稿件上传的文件：本工作区的素材、粘贴的 data: 图片。外链图片不在其中（保存时已转存）。
    发公众号时按正文图片的限制压缩（``fit_for_wechat_body``）。"""
    out: dict[str, MediaFile] = {}
    for n, image in enumerate(richtext.images(html), start=1):
        if image.src in out:
            continue
        media = _data_image(image.src, n) or _asset_media(workspace, image.src)
        if media is not None:
            out[image.src] = fit_for_wechat_body(media) if for_wechat else media
    return out


#: 公众号正文图片（media/uploadimg）：jpg/png，小于 1 MB
WECHAT_BODY_IMAGE_MAX = 1024 * 1024
WECHAT_BODY_IMAGE_WIDTH = 1080


def fit_for_wechat_body(media: MediaFile) -> MediaFile:
    """素材库存的是原图（最大 20 MB）；公众号正文图片须是小于 1 MB 的 jpg/png：超出时缩到 1080 像素宽、
    逐步降低质量另存为 JPEG（原图不变）。"""
    if media.content_type in ("image/jpeg", "image/png") and len(media.data) < WECHAT_BODY_IMAGE_MAX:
        return media
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(media.data)) as im:
        im = ImageOps.exif_transpose(im)
        if im.mode not in ("RGB", "L"):
            background = Image.new("RGB", im.size, (255, 255, 255))
            background.paste(im.convert("RGBA"), mask=im.convert("RGBA").split()[-1])
            im = background
        if im.width > WECHAT_BODY_IMAGE_WIDTH:
            im = im.resize((WECHAT_BODY_IMAGE_WIDTH, round(im.height * WECHAT_BODY_IMAGE_WIDTH / im.width)))
        for quality in (88, 80, 70, 60, 50, 40):
            buf = io.BytesIO()
            im.save(buf, format="JPEG", quality=quality, optimize=True)
            if buf.tell() < WECHAT_BODY_IMAGE_MAX:
                break
            if quality == 60:
                im = im.resize((im.width * 3 // 4, im.height * 3 // 4))
    stem = media.filename.rsplit(".", 1)[0]
    return MediaFile(filename=f"{stem}.jpg", content_type="image/jpeg", data=buf.getvalue())


def _asset_media(workspace, src: str) -> MediaFile | None:
    asset = asset_selectors.asset_for_src(workspace, src)
    return _file_media(asset.file, asset.content_type) if asset is not None else None


def _file_media(f, content_type: str = "") -> MediaFile:
    f.open("rb")
    try:
        data = f.read()
    finally:
        f.close()
    ctype = content_type or mimetypes.guess_type(f.name)[0] or "application/octet-stream"
    return MediaFile(filename=f.name.rsplit("/", 1)[-1], content_type=ctype, data=data)


def cover_options(item) -> dict:
    """封面素材在素材库里裁过的比例 → 公众号草稿的 pic_crop_235_1 / pic_crop_1_1（左上、右下坐标，0–1）。"""
    if not item.cover_id:
        return {}
    out = {}
    for ratio, key in (("2.35:1", "pic_crop_235_1"), ("1:1", "pic_crop_1_1")):
        box = asset_selectors.crop_of(item.cover, ratio)
        if box:
            out[key] = "_".join(f"{v:.6f}".rstrip("0").rstrip(".") for v in box)
    return out


def _media(f) -> MediaFile:
    return _file_media(f)


def build_item(publication) -> PublishItem:
    """修订版 → 引擎的 PublishItem。封面取稿件选定的封面素材，其次第一张图片附件、正文第一张图片；视频取第一个视频附件。"""
    item, rev = publication.item, publication.revision
    code = publication.account.platform.code
    kinds = platform_meta(code).content_kinds
    if item.kind in VIDEO_KINDS:
        kind = ContentKind.VIDEO
    elif ContentKind.ARTICLE in kinds or not kinds:
        kind = ContentKind.ARTICLE
    else:
        kind = ContentKind.TEXT if ContentKind.TEXT in kinds else kinds[0]
    cover = _file_media(item.cover.file, item.cover.content_type) if item.cover_id else None
    video = None
    for att in item.attachments.all().order_by("uploaded_at", "pk"):
        if att.kind == "image" and cover is None:
            cover = _media(att.file)
        elif att.kind == "video" and video is None:
            video = _media(att.file)
    author = ""
    if rev.created_by_id:
        author = (getattr(rev.created_by, "display_name", "") or "")[:16]
    html = production_selectors.body_html(rev)
    if publication.stamp_footer:
        html = f"{html}<p>{escape(footer_text(item))}</p>"
    body_html = richtext.wechat_html(html) if code == "wechat" else html
    images = body_images(item.workspace, html, for_wechat=code == "wechat")
    if cover is None and images:  # 没有上传封面时用正文第一张图片
        cover = next(iter(images.values()))
    return PublishItem(
        kind=kind,
        title=rev.title,
        body_html=body_html,
        text=outputs.short_text(code, rev.title, html),
        author=author,
        cover=cover,
        images=images,
        options=cover_options(item) if code == "wechat" else {},
        video=video,
        idempotency_key=publication.idempotency_key,
    )
