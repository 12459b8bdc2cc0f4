"""抖音：内容 → create_video 请求体（纯函数）。"""

from __future__ import annotations

from ..models import ContentKind, PublishItem

TEXT_MAX = 1000  # 平台未公布确切上限，取保守值
VIDEO_MAX = 128 * 1024 * 1024  # 单次上传上限；更大的文件需分片（暂未实现）
VIDEO_ID_PLACEHOLDER = "{video_id}"


def caption(item: PublishItem) -> str:
    text = item.text or item.title
    tags = " ".join(f"#{t}" for t in item.tags if f"#{t}" not in text)
    return f"{text} {tags}".strip()


def validate(item: PublishItem) -> list[str]:
    problems = []
    if item.kind is not ContentKind.VIDEO:
        problems.append("抖音只支持视频")
    if item.video is None or not item.video.data:
        problems.append("缺少视频文件")
    elif len(item.video.data) > VIDEO_MAX:
        problems.append("视频超过 128MB（暂不支持分片上传，请压缩后再发或人工发布）")
    if len(caption(item)) > TEXT_MAX:
        problems.append(f"文案不能超过 {TEXT_MAX} 字")
    return problems


def create_payload(item: PublishItem, video_id: str = VIDEO_ID_PLACEHOLDER) -> dict:
    body: dict = {"video_id": video_id, "text": caption(item)}
    if "cover_tsp" in item.options:
        body["cover_tsp"] = float(item.options["cover_tsp"])
    return body
