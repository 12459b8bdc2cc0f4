"""按文件内容（不是扩展名）判断上传文件是什么：图片交给 Pillow 解码，其余看文件头的特征字节。"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from PIL import Image, UnidentifiedImageError

from .choices import Kind

#: Pillow 的格式 → (文件类型, 扩展名)；只接受这些图片格式
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"), "BMP": ("image/bmp", "bmp"),
}
#: 扩展名 → 它声称的类别（用来识破改了扩展名的文件）
EXTENSION_KINDS = {
    **{e: Kind.IMAGE for e in ("jpg", "jpeg", "png", "gif", "webp", "bmp", "jfif")},
    **{e: Kind.VIDEO for e in ("mp4", "mov", "m4v", "webm", "avi", "mkv")},
    **{e: Kind.AUDIO for e in ("mp3", "m4a", "aac", "wav", "amr", "ogg", "oga", "wma")},
    **{e: Kind.DOCUMENT for e in ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et")},
}
#: 浏览器可以直接显示的图片（缩略图与内嵌）
MAX_PIXELS = 80_000_000


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str
    ext: str
    label: str
    width: int | None = None
    height: int | None = None


class NotRecognised(ValueError):
    """内容不是支持的素材类型（消息为中文）。"""


def extension(filename: str) -> str:
    return PurePosixPath(filename or "").suffix.lower().lstrip(".")


def _image(data: bytes) -> Sniffed | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                fmt = im.format
                width, height = im.size
                if width * height > MAX_PIXELS:
                    raise NotRecognised(f"图片像素过多（{width}×{height}）")
                im.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    except NotRecognised:
        raise
    except Exception:  # Pillow 对损坏的文件会抛各种异常：都按“不是图片”处理
        return None
    if fmt not in IMAGE_FORMATS:
        return None
    content_type, ext = IMAGE_FORMATS[fmt]
    return Sniffed(Kind.IMAGE, content_type, ext, f"{ext.upper()} 图片", width, height)


def _ftyp(data: bytes) -> Sniffed | None:
    if data[4:8] != b"ftyp":
        return None
    brand = data[8:12]
    if brand in (b"M4A ", b"M4B ", b"M4P "):
        return Sniffed(Kind.AUDIO, "audio/mp4", "m4a", "M4A 音频")
    if brand == b"qt  ":
        return Sniffed(Kind.VIDEO, "video/quicktime", "mov", "MOV 视频")
    return Sniffed(Kind.VIDEO, "video/mp4", "mp4", "MP4 视频")


def _zip_office(data: bytes) -> Sniffed | None:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return None
    if any(n.startswith("word/") for n in names):
        return Sniffed(Kind.DOCUMENT, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       "docx", "Word 文档")
    if any(n.startswith("xl/") for n in names):
        return Sniffed(Kind.DOCUMENT, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       "xlsx", "Excel 表格")
    if any(n.startswith("ppt/") for n in names):
        return Sniffed(Kind.DOCUMENT, "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       "pptx", "PPT 演示文稿")
    return None


def image_format(head: bytes) -> str | None:
    """只看文件头：是不是 Pillow 认得的图片（不解码，用于只读了开头的大文件）。"""
    try:
        with Image.open(io.BytesIO(head)) as im:
            return im.format if im.format in IMAGE_FORMATS else None
    except Exception:  # Pillow 对截断或损坏的文件会抛各种异常
        return None


def sniff(data: bytes) -> Sniffed:
    """文件内容是什么；不认识时抛 :class:`NotRecognised`。"""
    found = _image(data)
    if found:
        return found
    head = data[:64]
    if head.startswith(b"%PDF-"):
        return Sniffed(Kind.DOCUMENT, "application/pdf", "pdf", "PDF 文档")
    if head.startswith(b"PK\x03\x04"):
        found = _zip_office(data)
        if found:
            return found
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Sniffed(Kind.DOCUMENT, "application/msword", "doc", "Word/Excel 97-2003 文档")
    found = _ftyp(head)
    if found:
        return found
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return Sniffed(Kind.VIDEO, "video/webm", "webm", "WebM 视频")
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return Sniffed(Kind.AUDIO, "audio/wav", "wav", "WAV 音频")
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return Sniffed(Kind.VIDEO, "video/x-msvideo", "avi", "AVI 视频")
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return Sniffed(Kind.AUDIO, "audio/mpeg", "mp3", "MP3 音频")
    if head.startswith(b"#!AMR"):
        return Sniffed(Kind.AUDIO, "audio/amr", "amr", "AMR 音频")
    if head.startswith(b"OggS"):
        return Sniffed(Kind.AUDIO, "audio/ogg", "ogg", "OGG 音频")
    raise NotRecognised("不是支持的图片、视频、音频或文档")
