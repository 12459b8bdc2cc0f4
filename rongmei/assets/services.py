"""素材库的写操作：上传（内容识别、大小检查、按 SHA-256 去重、缩略图）、编辑版权信息、封面裁剪、删除、
使用记录，以及把稿件正文里粘贴进来的图片转存为素材（:func:`localize_images`）。"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import ipaddress
import itertools
import socket
from html import escape as html_escape
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import httpx
import lxml.html
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from PIL import Image, ImageOps

from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
from rongmei.core.permissions import require_perm
from rongmei.engines.richtext import rewrite_images

from . import selectors
from .choices import FETCH_LIMIT, LIMITS, RATIOS, Consent, Kind, Licence
from .models import Asset, Crop, Use, split_tags
from .permissions import AssetPerm
from .sniff import EXTENSION_KINDS, NotRecognised, extension, image_format, sniff

THUMB_SIZE = (480, 480)
#: 超过这个大小的上传不整个读进内存（图片上限以内的都直接读）
STREAM_ABOVE = LIMITS[Kind.IMAGE]
HEAD_BYTES = 64 * 1024
EDITABLE = ("title", "tags", "source", "author", "consent", "consent_note", "licence", "rights_expires")


def _mb(n: int) -> str:
    value = n / 1024 / 1024
    return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"


def _rgb(im: Image.Image) -> Image.Image:
    if im.mode in ("RGBA", "LA", "P"):
        im = im.convert("RGBA")
        bg = Image.new("RGB", im.size, "white")
        bg.paste(im, mask=im.split()[-1])
        return bg
    return im.convert("RGB") if im.mode != "RGB" else im


def _jpeg(im: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    _rgb(im).save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _open_upright(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.seek(0)
    return ImageOps.exif_transpose(im)


def _thumbnail(data: bytes) -> tuple[int, int, bytes]:
    """（摆正后的宽, 高, 缩略图 JPEG）。JPEG 用 draft 按缩小的尺寸解码，大照片快几倍。"""
    with Image.open(io.BytesIO(data)) as im:
        width, height = im.size
        if im.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # EXIF 方向：拍摄时横竖转了 90°
            width, height = height, width
        im.seek(0)
        im.draft("RGB", (THUMB_SIZE[0] * 2, THUMB_SIZE[1] * 2))
        upright = ImageOps.exif_transpose(im)
        upright.thumbnail(THUMB_SIZE)
        return width, height, _jpeg(upright, 80)


# ---------------------------------------------------------------- 上传


def check_upload(*, data: bytes, filename: str, size: int | None = None):
    """上传前的检查：按内容识别类型、识破改了扩展名的文件、按类别限制大小。返回识别结果或抛中文 ValidationError。

    大文件只传开头（``data``）和总大小（``size``）。"""
    name = filename or "未命名文件"
    hard = max(LIMITS.values())
    size = len(data) if size is None else size
    if not size:
        raise ValidationError(f"文件《{name}》是空的，未能上传")
    if size > hard:
        raise ValidationError(f"文件《{name}》有 {_mb(size)}，超过素材库单个文件上限 {_mb(hard)}")
    if size > len(data) and image_format(data) and size > LIMITS[Kind.IMAGE]:
        raise ValidationError(f"文件《{name}》有 {_mb(size)}，超过图片上限 {_mb(LIMITS[Kind.IMAGE])}")
    try:
        found = sniff(data)
    except NotRecognised as exc:
        raise ValidationError(f"文件《{name}》{exc}（按文件内容判断，不看扩展名），未能上传") from None
    claimed = EXTENSION_KINDS.get(extension(name))
    if claimed and claimed != found.kind:
        raise ValidationError(f"文件《{name}》的扩展名是{Kind(claimed).label}，内容却是{found.label}，未能上传；"
                              "请确认文件没有被改过扩展名")
    limit = LIMITS[found.kind]
    if size > limit:
        raise ValidationError(f"文件《{name}》有 {_mb(size)}，超过{Kind(found.kind).label}上限 {_mb(limit)}")
    return found


@transaction.atomic
def asset_from_bytes(*, actor, workspace, data: bytes, filename: str, content_type: str = "",
                     source: str = "") -> Asset:
    """把一个文件存为素材。同一工作区里内容相同（SHA-256）的文件只存一份：再次上传返回已有的素材。

    ``content_type`` 是浏览器声称的类型，只作参考：存下的类型以文件内容为准。"""
    require_perm(actor, workspace, AssetPerm.UPLOAD)
    found = check_upload(data=data, filename=filename)
    digest = hashlib.sha256(data).hexdigest()
    existing = Asset.objects.filter(workspace=workspace, sha256=digest).first()
    if existing is not None:
        return existing
    stem = PurePosixPath(filename or "").stem.strip() or f"未命名{Kind(found.kind).label}"
    asset = Asset(workspace=workspace, kind=found.kind, title=stem[:200], original_name=(filename or "")[:255],
                  content_type=found.content_type, size=len(data), sha256=digest, width=found.width,
                  height=found.height, source=source[:100], created_by=actor)
    asset.file.save(f"{digest[:20]}.{found.ext}", ContentFile(data), save=False)
    if found.kind == Kind.IMAGE:
        asset.width, asset.height, thumb = _thumbnail(data)
        asset.thumb.save(f"{digest[:20]}.jpg", ContentFile(thumb), save=False)
    try:
        with transaction.atomic():
            asset.save()
    except IntegrityError:  # 另一个请求刚存了同一个文件
        return Asset.objects.get(workspace=workspace, sha256=digest)
    record(Action.CREATE, obj=asset, workspace=workspace, actor=actor,
           message=f"上传{asset.get_kind_display()}《{asset.title}》（{_mb(asset.size)}）")
    return asset


def asset_upload(*, actor, workspace, upload, source: str = "") -> Asset:
    """表单、接口上传的一个文件（Django UploadedFile）。图片与小文件读进内存处理；更大的（视频、音频、文档）
    只读开头识别类型，边读边算 SHA-256，再把上传的临时文件直接存进存储，不整个读进内存。"""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    if upload.size <= STREAM_ABOVE or head.startswith(b"PK"):  # Office 文档要读目录才认得出
        upload.seek(0)
        return asset_from_bytes(actor=actor, workspace=workspace, data=upload.read(), filename=upload.name,
                                content_type=getattr(upload, "content_type", "") or "", source=source)
    return _asset_from_stream(actor=actor, workspace=workspace, upload=upload, head=head, source=source)


@transaction.atomic
def _asset_from_stream(*, actor, workspace, upload, head: bytes, source: str) -> Asset:
    require_perm(actor, workspace, AssetPerm.UPLOAD)
    found = check_upload(data=head, filename=upload.name, size=upload.size)
    hasher = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        hasher.update(chunk)
    digest = hasher.hexdigest()
    existing = Asset.objects.filter(workspace=workspace, sha256=digest).first()
    if existing is not None:
        return existing
    stem = PurePosixPath(upload.name or "").stem.strip() or f"未命名{Kind(found.kind).label}"
    asset = Asset(workspace=workspace, kind=found.kind, title=stem[:200], original_name=(upload.name or "")[:255],
                  content_type=found.content_type, size=upload.size, sha256=digest, source=source[:100],
                  created_by=actor)
    upload.seek(0)
    asset.file.save(f"{digest[:20]}.{found.ext}", File(upload), save=False)
    try:
        with transaction.atomic():
            asset.save()
    except IntegrityError:
        return Asset.objects.get(workspace=workspace, sha256=digest)
    record(Action.CREATE, obj=asset, workspace=workspace, actor=actor,
           message=f"上传{asset.get_kind_display()}《{asset.title}》（{_mb(asset.size)}）")
    return asset


# ---------------------------------------------------------------- 编辑与删除


@transaction.atomic
def asset_update(*, actor, asset: Asset, **changes) -> Asset:
    """修改标题、标签、来源、拍摄/作者、肖像授权、许可方式与授权到期日。"""
    require_perm(actor, asset.workspace, AssetPerm.UPLOAD)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"不能修改这些项：{'、'.join(sorted(unknown))}")
    before = snapshot(asset)
    for field, value in changes.items():
        if field == "tags":
            value = "、".join(split_tags(value or ""))
        elif isinstance(value, str):
            value = value.strip()
        setattr(asset, field, value)
    errors = {}
    if not asset.title:
        errors["title"] = "请填写标题"
    if asset.consent not in Consent.values:
        errors["consent"] = "请选择肖像授权情况"
    if asset.licence not in Licence.values:
        errors["licence"] = "请选择许可方式"
    if errors:
        raise ValidationError(errors)
    asset.save()
    record_change(asset, before, workspace=asset.workspace, actor=actor, message=f"修改素材《{asset.title}》")
    return asset


def _delete_files(names: list[tuple]) -> None:
    for storage, name in names:
        if name:
            storage.delete(name)


@transaction.atomic
def asset_delete(*, actor, asset: Asset) -> None:
    """删除素材；正在被稿件使用的不能删。"""
    require_perm(actor, asset.workspace, AssetPerm.MANAGE)
    uses = list(asset.uses.all()[:3])
    if uses:
        total = asset.uses.count()
        names = "、".join(f"《{u.title}》" for u in uses) + ("等" if total > len(uses) else "")
        raise ValidationError(f"素材《{asset.title}》正在被 {total} 处使用（{names}），不能删除；请先从这些稿件中移除")
    files = [(asset.file.storage, asset.file.name), (asset.thumb.storage, asset.thumb.name)]
    files += [(c.file.storage, c.file.name) for c in asset.crops.all()]
    record(Action.DELETE, obj=asset, workspace=asset.workspace, actor=actor,
           message=f"删除{asset.get_kind_display()}《{asset.title}》")
    asset.delete()
    transaction.on_commit(lambda: _delete_files(files))


# ---------------------------------------------------------------- 封面裁剪


@transaction.atomic
def crop_set(*, actor, asset: Asset, ratio: str, box) -> Crop:
    """按封面比例保存裁剪框（0–1 的分数 x1, y1, x2, y2）并生成裁好的 JPEG。"""
    require_perm(actor, asset.workspace, AssetPerm.UPLOAD)
    if asset.kind != Kind.IMAGE:
        raise ValidationError("只有图片可以裁剪封面")
    if ratio not in RATIOS:
        raise ValidationError("不支持的封面比例")
    try:
        x1, y1, x2, y2 = (round(float(v), 4) for v in box)
    except (TypeError, ValueError):
        raise ValidationError("裁剪框应是四个 0 到 1 之间的数") from None
    if not (0 <= x1 < x2 <= 1 and 0 <= y1 < y2 <= 1):
        raise ValidationError("裁剪框超出了图片范围")
    width, height = asset.width or 1, asset.height or 1
    actual = (x2 - x1) * width / ((y2 - y1) * height)
    target = RATIOS[ratio][1]
    if abs(actual / target - 1) > 0.02:
        raise ValidationError(f"裁剪框的宽高比是 {actual:.2f}，与 {ratio} 不符")
    with asset.file.open("rb") as fh, _open_upright(fh.read()) as im:
        w, h = im.size
        piece = im.crop((round(x1 * w), round(y1 * h), round(x2 * w), round(y2 * h)))
        data = _jpeg(piece, 88)
    crop = Crop.objects.filter(asset=asset, ratio=ratio).first() or Crop(asset=asset, ratio=ratio)
    old = crop.file.name if crop.pk else ""
    crop.x1, crop.y1, crop.x2, crop.y2 = x1, y1, x2, y2
    crop.file.save(f"{asset.sha256[:20]}-{ratio.replace(':', 'x').replace('.', '')}.jpg", ContentFile(data),
                   save=False)
    crop.save()
    if old and old != crop.file.name:
        storage = crop.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    record(Action.UPDATE, obj=asset, workspace=asset.workspace, actor=actor,
           message=f"裁剪《{asset.title}》的 {ratio} 封面", after={"比例": ratio, "裁剪框": f"{x1}_{y1}_{x2}_{y2}"})
    return crop


# ---------------------------------------------------------------- 使用记录


def record_use(*, asset: Asset, ref: str, title: str, url: str) -> Use:
    """记下素材被某处使用（如 ``production.contentitem:12``）；同一处只记一次，标题与链接随之更新。"""
    use, _ = Use.objects.update_or_create(asset=asset, ref=ref, defaults={"title": title[:300], "url": url[:500]})
    return use


def clear_uses(ref: str) -> int:
    """清除某处的全部使用记录（稿件重新保存前、删除后）。返回清除的条数。"""
    return Use.objects.filter(ref=ref).delete()[0]


# ---------------------------------------------------------------- 正文图片转存


class _Refused(Exception):
    """这张图片不能转存；消息是括号里的原因。"""


def _allowed_hosts() -> set[str]:
    return {h.strip().lower() for h in getattr(settings, "RONGMEI_ASSET_FETCH_ALLOW_HOSTS", []) if h.strip()}


def _check_host(host: str) -> str | None:
    """主机解析出的地址都必须是公网地址；返回要连接的那个地址（连接时就用它，防止再解析时换成内网地址）。
    放行名单里的主机不检查，返回 None（按主机名连接）。"""
    if host.lower() in _allowed_hosts():
        return None
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise _Refused("（找不到图片所在的网站）") from None
    chosen = None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if not ip.is_global or ip.is_multicast:
            raise _Refused("（图片地址指向内网或本机，出于安全不下载）")
        chosen = chosen or ip
    if chosen is None:
        raise _Refused("（找不到图片所在的网站）")
    return f"[{chosen}]" if chosen.version == 6 else str(chosen)


def _pinned(parts, address: str | None) -> tuple[str, dict, dict]:
    """（实际请求的地址, 请求头, httpcore 扩展）：连到检查过的地址，Host 头与 TLS 的 SNI/证书校验仍用原主机名。"""
    host = parts.hostname
    netloc = f"{host}:{parts.port}" if parts.port else host
    headers = {"User-Agent": "rongmei-assets/1.0", "Host": netloc}
    if address is None:
        return parts._replace(netloc=netloc).geturl(), headers, {}
    target = parts._replace(netloc=f"{address}:{parts.port}" if parts.port else address).geturl()
    return target, headers, ({"sni_hostname": host} if parts.scheme == "https" else {})


def _fetch(url: str) -> bytes:
    """下载网上的图片：逐跳检查地址（不跟到内网），5 秒超时，超过上限就停。"""
    for _hop in range(4):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _Refused("（图片地址无法识别）")
        target, headers, extensions = _pinned(parts, _check_host(parts.hostname))
        try:
            with httpx.Client(timeout=5.0, follow_redirects=False) as client, \
                    client.stream("GET", target, headers=headers, extensions=extensions) as resp:
                if resp.is_redirect:
                    url = urljoin(url, resp.headers.get("location", ""))
                    continue
                if resp.status_code != 200:
                    raise _Refused(f"（图片网站返回错误 {resp.status_code}）")
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > FETCH_LIMIT:
                    raise _Refused(f"（图片超过 {_mb(FETCH_LIMIT)}）")
                buf = bytearray()
                for chunk in resp.iter_bytes():
                    buf += chunk
                    if len(buf) > FETCH_LIMIT:
                        raise _Refused(f"（图片超过 {_mb(FETCH_LIMIT)}）")
                return bytes(buf)
        except httpx.HTTPError:
            raise _Refused("（下载失败或超时）") from None
    raise _Refused("（图片地址跳转次数过多）")


def _data_bytes(src: str) -> bytes:
    _header, _, payload = src.partition(",")
    try:
        return base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError):
        raise _Refused("（粘贴的图片数据已损坏）") from None


def _image_asset(actor, workspace, data: bytes, filename: str, source: str) -> Asset:
    try:
        found = sniff(data)
    except NotRecognised:
        raise _Refused("（内容不是图片）") from None
    if found.kind != Kind.IMAGE:
        raise _Refused("（内容不是图片）")
    try:
        return asset_from_bytes(actor=actor, workspace=workspace, data=data, filename=filename, source=source)
    except ValidationError as exc:
        raise _Refused(f"（{exc.messages[0]}）") from None


def _localize_one(actor, workspace, src: str, n: int) -> Asset:
    existing = selectors.asset_for_src(workspace, src)
    if existing is not None:
        return existing
    scheme = urlsplit(src).scheme.lower()
    if scheme == "data":
        return _image_asset(actor, workspace, _data_bytes(src), f"粘贴的图片{n}.png", "编辑器粘贴")
    if scheme in ("http", "https"):
        name = unquote(PurePosixPath(urlsplit(src).path).name) or f"网页图片{n}"
        return _image_asset(actor, workspace, _fetch(src), name[:120], "网络转载")
    if scheme == "file":
        raise _Refused("（是 Word 里的本机文件，网页读不到）")
    raise _Refused("（图片地址无法识别）")


def localize_images(*, actor, workspace, html: str) -> tuple[str, list[str]]:
    """把正文里的图片都变成本工作区的素材：粘贴的 ``data:`` 图片与网上的图片转存，已是本工作区素材的保留，
    其余（Word 的 ``file://``、下载失败、内网地址）删掉并给一句中文提示。

    返回（新的正文，提示列表）；留下的每张图片 ``src`` 为素材地址并带 ``data-asset="<编号>"``。"""
    require_perm(actor, workspace, AssetPerm.UPLOAD)
    warnings: list[str] = []
    tagged: dict[str, int] = {}
    counter = itertools.count(1)

    def fn(image) -> str | None:
        n = next(counter)
        try:
            asset = _localize_one(actor, workspace, (image.src or "").strip(), n)
        except _Refused as exc:
            warnings.append(f"第 {n} 张图片{exc}未能转存，请用“插入图片”上传")
            return None
        tagged[asset.url] = asset.pk
        return asset.url

    out = rewrite_images(html, fn)
    return _tag_assets(out, tagged), warnings


def _tag_assets(html: str, tagged: dict[str, int]) -> str:
    """给素材图片加上 ``data-asset``（richtext.rewrite_images 只改地址）。"""
    if not tagged:
        return html
    root = lxml.html.fragment_fromstring(html or "", create_parent="div")
    for el in root.iter("img"):
        pk = tagged.get(el.get("src") or "")
        if pk is not None:
            el.set("data-asset", str(pk))
    parts = [html_escape(root.text, quote=False) if root.text else ""]
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts)
