"""公众号：内容 → draft/add 请求体（纯函数）。"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..models import ContentKind, PublishItem

TITLE_MAX, AUTHOR_MAX, DIGEST_MAX, CONTENT_MAX = 32, 16, 128, 20000
THUMB_PLACEHOLDER = "{thumb_media_id}"

_IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE)


def validate(item: PublishItem) -> list[str]:
    problems = []
    if item.kind is not ContentKind.ARTICLE:
        problems.append("公众号只支持图文")
    if not item.title.strip():
        problems.append("标题不能为空")
    if len(item.title) > TITLE_MAX:
        problems.append(f"标题不能超过 {TITLE_MAX} 字（当前 {len(item.title)} 字）")
    if len(item.author) > AUTHOR_MAX:
        problems.append(f"作者不能超过 {AUTHOR_MAX} 字")
    if len(item.digest) > DIGEST_MAX:
        problems.append(f"摘要不能超过 {DIGEST_MAX} 字")
    if not item.body_html.strip():
        problems.append("正文不能为空")
    if len(item.body_html) >= CONTENT_MAX:
        problems.append(f"正文须少于 {CONTENT_MAX} 字符")
    if item.cover is None:
        problems.append("缺少封面图")
    for ref in inline_refs(item.body_html):
        if ref not in item.images and not ref.startswith(("http://mmbiz.", "https://mmbiz.")):
            problems.append(f"正文图片 {ref} 没有对应文件（外链图片会被微信过滤）")
    return problems


def inline_refs(html: str) -> list[str]:
    return [m.group(3) for m in _IMG_SRC.finditer(html)]


def replace_images(html: str, urls: Mapping[str, str]) -> str:
    return _IMG_SRC.sub(lambda m: f"{m.group(1)}{m.group(2)}{urls.get(m.group(3), m.group(3))}{m.group(2)}", html)


def draft_payload(item: PublishItem, thumb_media_id: str = THUMB_PLACEHOLDER, image_urls: Mapping[str, str] | None = None
) -> dict:
    image_urls = image_urls or {}
    opts = item.options
    article = {
        "article_type": "news",
        "title": item.title,
        "author": item.author,
        "digest": item.digest,
        "content": replace_images(item.body_html, image_urls),
        "content_source_url": item.source_url,
        "thumb_media_id": thumb_media_id,
        "need_open_comment": int(opts.get("need_open_comment", 1)),
        "only_fans_can_comment": int(opts.get("only_fans_can_comment", 0)),
    }
    for key in ("pic_crop_235_1", "pic_crop_1_1"):
        if opts.get(key):
            article[key] = opts[key]
    return {"articles": [article]}


def mass_payload(media_id: str, clientmsgid: str, *, tag_id: int | None = None, ignore_reprint: bool = False) -> dict:
    flt: dict = {"is_to_all": tag_id is None}
    if tag_id is not None:
        flt["tag_id"] = tag_id
    body = {
        "filter": flt,
        "mpnews": {"media_id": media_id},
        "msgtype": "mpnews",
        "send_ignore_reprint": 1 if ignore_reprint else 0,
    }
    if clientmsgid:
        body["clientmsgid"] = clientmsgid[:64]
    return body
