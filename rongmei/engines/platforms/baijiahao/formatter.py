"""百家号：内容 → article/publish、video/publish 请求体（纯函数）。凭证由客户端加入。"""

from __future__ import annotations

import json

from ..models import ContentKind, PublishItem

TITLE_MIN, TITLE_MAX, CONTENT_MAX = 8, 40, 20000


def validate(item: PublishItem) -> list[str]:
    problems = []
    if item.kind not in (ContentKind.ARTICLE, ContentKind.VIDEO):
        problems.append("百家号只支持图文和视频")
    if not TITLE_MIN <= len(item.title) <= TITLE_MAX:
        problems.append(f"标题须为 {TITLE_MIN}–{TITLE_MAX} 字（当前 {len(item.title)} 字）")
    if item.kind is ContentKind.ARTICLE:
        if not item.body_html.strip():
            problems.append("正文不能为空")
        if len(item.body_html) > CONTENT_MAX:
            problems.append(f"正文不能超过 {CONTENT_MAX} 字符")
        if item.cover is None or not item.cover.url:
            problems.append("缺少封面图地址（百家号只接受公网图片 URL；没有封面的文章会进入草稿箱）")
    if item.kind is ContentKind.VIDEO:
        if item.video is None or not item.video.url:
            problems.append("缺少视频地址（百家号只接受公网 mp4 地址）")
        elif item.video.url.split("?")[0].endswith(".m3u8"):
            problems.append("视频须为 mp4，不支持 m3u8")
    return problems


def _covers(item: PublishItem) -> str:
    covers = [{"src": item.cover.url}] if item.cover is not None and item.cover.url else []
    return json.dumps(covers, ensure_ascii=False)  # 注意：是 JSON 字符串，不是数组


def article_payload(item: PublishItem) -> dict:
    return {
        "title": item.title,
        "content": item.body_html,
        "origin_url": item.source_url,
        "cover_images": _covers(item),
        "is_original": int(item.options.get("is_original", 1)),
    }


def video_payload(item: PublishItem) -> dict:
    body = {
        "title": item.title,
        "video_url": item.video.url if item.video else "",
        "cover_images": _covers(item),
        "is_original": int(item.options.get("is_original", 1)),
        "use_auto_cover": 0 if item.cover is not None and item.cover.url else 1,
    }
    if item.tags:
        body["tag"] = ",".join(t[:10] for t in item.tags[:10])
    return body
