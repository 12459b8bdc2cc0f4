"""人工发布：视频号、头条号、北京号、网站等没有可用开放接口的平台。

适配器 ``manual=True``：``publish()`` 不调用任何接口，返回 ``MANUAL`` 状态；运营人员在平台后台发布后，
用 :func:`record_manual_publication` 登记链接、发布时间和截图，断点变为 ``published``。
自动平台接口不可用时也可用同一函数人工登记（作为兜底）。
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

from .adapter import Adapter
from .errors import ErrorKind, PlatformError
from .models import ContentKind, PlatformMeta, PublishItem, PublishProgress, PublishState, StepCallback

__all__ = ["ManualAdapter", "record_manual_publication", "MANUAL_PLATFORMS"]

_ALL_KINDS = (ContentKind.ARTICLE, ContentKind.VIDEO, ContentKind.TEXT)

MANUAL_PLATFORMS: dict[str, PlatformMeta] = {
    "channels": PlatformMeta(
        code="channels",
        name="微信视频号",
        automatic=False,
        content_kinds=(ContentKind.VIDEO,),
        max_publishing_seconds=24 * 3600,
        notes="微信官方未开放视频号发布接口，请在视频号助手发布后登记链接与截图。",
    ),
    "toutiao": PlatformMeta(
        code="toutiao",
        name="头条号",
        automatic=False,
        content_kinds=_ALL_KINDS,
        max_publishing_seconds=24 * 3600,
        notes="头条号没有公开的发布接口，请在头条号后台发布后登记；数据通过后台导出文件导入。",
    ),
    "beijinghao": PlatformMeta(
        code="beijinghao",
        name="北京号",
        automatic=False,
        content_kinds=_ALL_KINDS,
        max_publishing_seconds=24 * 3600,
        notes="北京号没有可用的开放接口，请在北京号后台发布后登记。",
    ),
    "website": PlatformMeta(
        code="website",
        name="门户网站",
        automatic=False,
        content_kinds=_ALL_KINDS,
        max_publishing_seconds=24 * 3600,
        notes="网站由各单位内容管理系统发布，请发布后登记页面链接。",
    ),
}


class ManualAdapter(Adapter):
    """人工发布适配器。``meta`` 由构造参数决定，同一个类服务所有人工平台。"""

    meta = MANUAL_PLATFORMS["website"]
    client_class = None

    def __init__(self, meta: PlatformMeta | None = None, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if meta is not None:
            self.meta = meta

    def format(self, item: PublishItem) -> dict:
        """给运营人员的发布清单（复制粘贴用）。"""
        return {
            "title": item.title,
            "text": item.text,
            "body_html": item.body_html,
            "source_url": item.source_url,
            "cover": item.cover.filename if item.cover else "",
            "video": item.video.filename if item.video else "",
            "tags": list(item.tags),
        }

    def _run(self, item: PublishItem, cp: dict, on_step: StepCallback | None) -> PublishProgress:
        cp["state"] = PublishState.MANUAL.value
        cp["message"] = f"{self.meta.name}需人工发布：请在平台后台发布后登记链接、发布时间和截图"
        return self.progress(cp)

    def status(self, checkpoint: dict, on_step: StepCallback | None = None) -> PublishProgress:
        return self.progress(checkpoint)

    def record(self, checkpoint: dict, *, url: str, published_at: dt.datetime, screenshot: str = "",
               operator: str = "") -> PublishProgress:
        self._begin(checkpoint, None)
        record_manual_publication(checkpoint, url=url, published_at=published_at, screenshot=screenshot, operator=operator)
        return self.progress(checkpoint)

    def is_stuck(self, checkpoint: dict, now: float | None = None) -> bool:
        # 等待人工登记不算“卡住”，由排期/提醒功能跟进
        return False


def record_manual_publication(
    checkpoint: dict, *, url: str, published_at: dt.datetime, screenshot: str = "", operator: str = ""
) -> dict:
    """把人工发布的结果写入断点（校验链接格式）。``screenshot`` 为截图在存储中的路径或 id。"""
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise PlatformError(
            platform=checkpoint.get("platform", "manual"),
            code="invalid_url",
            raw_message=url,
            explanation="发布链接格式不正确，须以 http:// 或 https:// 开头",
            kind=ErrorKind.PERMANENT,
        )
    if published_at.tzinfo is None:
        raise PlatformError(
            platform=checkpoint.get("platform", "manual"),
            code="naive_datetime",
            raw_message=str(published_at),
            explanation="发布时间须带时区",
            kind=ErrorKind.PERMANENT,
        )
    checkpoint["manual"] = {
        "url": url.strip(),
        "published_at": published_at.isoformat(),
        "screenshot": screenshot,
        "operator": operator,
    }
    checkpoint["state"] = PublishState.PUBLISHED.value
    checkpoint["url"] = url.strip()
    checkpoint["pending"] = None
    checkpoint["message"] = "已人工登记发布"
    return checkpoint
