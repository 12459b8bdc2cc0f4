"""微博：内容 → statuses/share.json 参数（纯函数）。"""

from __future__ import annotations

import re

from ..models import ContentKind, PublishItem

STATUS_MAX = 140
PIC_MAX = 5 * 1024 * 1024
_URL = re.compile(r"https?://\S+")
_TOPIC = re.compile(r"#[^#\s]+#")


def status_text(item: PublishItem) -> str:
    """正文：优先用 ``text``；否则“【标题】摘要 链接”。分享接口要求正文含应用安全域名下的链接。"""
    if item.text:
        text = item.text
        if item.source_url and item.source_url not in text:
            text = f"{text} {item.source_url}"
        return text
    return " ".join(p for p in (f"【{item.title}】{item.digest}", item.source_url) if p)


def weibo_length(text: str) -> int:
    """微博计字：汉字算 1，英文/数字每 2 个算 1（向上取整）。"""
    wide = sum(1 for ch in text if ord(ch) > 0x7F)
    narrow = len(text) - wide
    return wide + (narrow + 1) // 2


def validate(item: PublishItem) -> list[str]:
    problems = []
    if item.kind is not ContentKind.TEXT and item.kind is not ContentKind.ARTICLE:
        problems.append("微博只支持文字或图文（分享链接）")
    text = status_text(item)
    if not _URL.search(text):
        problems.append("微博正文须包含一个本单位安全域名下的链接（分享接口的要求）")
    if weibo_length(text) > STATUS_MAX:
        problems.append(f"微博正文不能超过 {STATUS_MAX} 字（当前约 {weibo_length(text)} 字）")
    if _TOPIC.search(text):
        problems.append("分享接口不允许带 #话题#，请去掉话题标签")
    if item.cover is not None and len(item.cover.data) >= PIC_MAX:
        problems.append("配图须小于 5MB")
    return problems


def share_payload(item: PublishItem) -> dict:
    return {"status": status_text(item)}
