"""快手：内容 → photo/publish 表单（纯函数）。"""

from __future__ import annotations

from ..models import ContentKind, PublishItem

CAPTION_MAX = 500  # 平台未公布确切上限，取保守值
COVER_MAX = 10 * 1024 * 1024


def caption(item: PublishItem) -> str:
    text = item.text or item.title
    tags = " ".join(f"#{t}" for t in item.tags if f"#{t}" not in text)
    return f"{text} {tags}".strip()


def validate(item: PublishItem) -> list[str]:
    problems = []
    if item.kind is not ContentKind.VIDEO:
        problems.append("快手只支持视频")
    if item.video is None or not item.video.data:
        problems.append("缺少视频文件")
    if item.cover is None or not item.cover.data:
        problems.append("缺少封面图")
    elif len(item.cover.data) >= COVER_MAX:
        problems.append("封面须小于 10MB")
    if len(caption(item)) > CAPTION_MAX:
        problems.append(f"标题文案不能超过 {CAPTION_MAX} 字")
    return problems


def publish_fields(item: PublishItem) -> dict:
    fields = {"caption": caption(item)}
    if item.options.get("stereo_type"):
        fields["stereo_type"] = str(item.options["stereo_type"])
    return fields
