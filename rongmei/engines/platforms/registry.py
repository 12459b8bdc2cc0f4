"""平台代码 → 适配器。"""

from __future__ import annotations

from typing import Any

from .adapter import Adapter
from .errors import ConfigError, ErrorKind
from .manual import MANUAL_PLATFORMS, ManualAdapter
from .models import PlatformMeta

__all__ = ["PLATFORM_CODES", "get_adapter", "platform_meta", "list_platforms"]

PLATFORM_CODES = ("wechat", "channels", "weibo", "douyin", "kuaishou", "toutiao", "baijiahao", "beijinghao", "website")


def _automatic() -> dict[str, type[Adapter]]:
    # 函数内导入：适配器按需加载：只用格式化器/平台信息时不导入各平台的 HTTP 实现
    from .baijiahao import BaijiahaoAdapter
    from .douyin import DouyinAdapter
    from .kuaishou import KuaishouAdapter
    from .wechat import WechatAdapter
    from .weibo import WeiboAdapter

    return {a.meta.code: a for a in (WechatAdapter, WeiboAdapter, DouyinAdapter, KuaishouAdapter, BaijiahaoAdapter)}


def get_adapter(platform_code: str, account: Any = None, **kwargs: Any) -> Adapter:
    """返回平台适配器。``account`` 和关键字参数（``base_url``、``token_store``、``retry``、``http``、``clock``）
    传给适配器构造函数；不传账号时只能看元数据和格式化内容。人工平台返回 :class:`ManualAdapter`。"""
    auto = _automatic()
    if platform_code in auto:
        return auto[platform_code](account, **kwargs)
    if platform_code in MANUAL_PLATFORMS:
        return ManualAdapter(MANUAL_PLATFORMS[platform_code], account, **kwargs)
    raise ConfigError(
        platform=platform_code,
        code="unknown_platform",
        raw_message=platform_code,
        explanation=f"未知的平台代码：{platform_code}",
        kind=ErrorKind.CONFIG,
    )


def platform_meta(platform_code: str) -> PlatformMeta:
    return get_adapter(platform_code).meta


def list_platforms() -> list[PlatformMeta]:
    """按 PLATFORM_CODES 顺序列出所有平台的元数据（中文名、自动/人工、内容类型、凭证字段……）。"""
    return [platform_meta(code) for code in PLATFORM_CODES]
