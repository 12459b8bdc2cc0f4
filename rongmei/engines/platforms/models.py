"""纯数据：发布内容、发布进度、统计行、平台元数据、账号凭证。全部可 JSON 序列化（媒体文件除外）。"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import MASK, PlatformError

__all__ = [
    "ContentKind",
    "PublishState",
    "MediaFile",
    "PublishItem",
    "PublishProgress",
    "MetricRow",
    "CredentialField",
    "PlatformMeta",
    "Account",
    "RetryPolicy",
    "StepCallback",
    "IncomingKind",
    "Incoming",
]


class ContentKind(StrEnum):
    ARTICLE = "article"  # 图文
    VIDEO = "video"  # 视频
    TEXT = "text"  # 短文字（可带一张图）


CONTENT_KIND_LABELS = {ContentKind.ARTICLE: "图文", ContentKind.VIDEO: "视频", ContentKind.TEXT: "短文字/图片"}


class PublishState(StrEnum):
    PUBLISHING = "publishing"  # 已提交，平台处理中，稍后调用 status()
    PUBLISHED = "published"  # 已发布（有外部 id，通常有链接）
    FAILED = "failed"  # 平台明确失败（审核不通过等），不会自动重试
    MANUAL = "manual"  # 需要人工发布并登记


PUBLISH_STATE_LABELS = {
    PublishState.PUBLISHING: "发布中",
    PublishState.PUBLISHED: "已发布",
    PublishState.FAILED: "发布失败",
    PublishState.MANUAL: "待人工发布",
}


@dataclass(frozen=True)
class MediaFile:
    """一个待上传的文件。``data`` 为内容；``url`` 为公网地址（百家号等只收 URL 的平台使用）。"""

    filename: str
    content_type: str = "application/octet-stream"
    data: bytes = b""
    url: str = ""

    def __repr__(self) -> str:
        return f"MediaFile({self.filename!r}, {self.content_type!r}, {len(self.data)} bytes, url={self.url!r})"


@dataclass(frozen=True)
class PublishItem:
    """一次发布的内容（由 Django 侧从稿件修订版构造）。

    * ``body_html`` 里的内嵌图片写作 ``<img src="REF">``，``images[REF]`` 为对应文件；
      公众号适配器会先上传图片再把 REF 替换为平台地址。
    * ``text`` 为短文字（微博正文、抖音/快手标题文案）；为空时由标题和链接生成。
    * ``options`` 为平台专属选项，如 ``{"mass_send": True}``（公众号群发）、``{"need_open_comment": 1}``。
    """

    kind: ContentKind
    title: str
    body_html: str = ""
    text: str = ""
    author: str = ""
    digest: str = ""
    source_url: str = ""
    cover: MediaFile | None = None
    images: Mapping[str, MediaFile] = field(default_factory=dict)
    video: MediaFile | None = None
    tags: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    idempotency_key: str = ""


@dataclass
class PublishProgress:
    """``publish()``/``status()`` 的结果。``checkpoint`` 是调用方应持久化的最新断点。"""

    state: PublishState
    checkpoint: dict
    external_id: str = ""
    url: str = ""
    message: str = ""  # 中文，给运营人员看
    error: PlatformError | None = None
    next_check_after: float | None = None  # 秒；PUBLISHING 时建议的下次 status() 间隔

    @property
    def done(self) -> bool:
        return self.state in (PublishState.PUBLISHED, PublishState.FAILED)


@dataclass(frozen=True)
class MetricRow:
    """一条规范化的日统计：某天、某指标、某值。``external_id`` 为空表示账号级指标。"""

    date: dt.date
    metric: str
    value: float
    platform: str
    account_id: str
    external_id: str = ""
    dimension: str = ""  # 例如 公众号 user_source、阅读来源渠道

    def to_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "metric": self.metric,
            "value": self.value,
            "platform": self.platform,
            "account_id": self.account_id,
            "external_id": self.external_id,
            "dimension": self.dimension,
        }


@dataclass(frozen=True)
class CredentialField:
    name: str
    label: str  # 中文
    secret: bool = False
    required: bool = True
    help: str = ""


@dataclass(frozen=True)
class PlatformMeta:
    code: str
    name: str  # 中文名
    automatic: bool
    content_kinds: tuple[ContentKind, ...]
    credential_fields: tuple[CredentialField, ...] = ()
    max_publishing_seconds: int = 3600
    default_base_url: str = ""
    has_metrics: bool = False
    notes: str = ""  # 中文说明

    @property
    def manual(self) -> bool:
        return not self.automatic

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "automatic": self.automatic,
            "manual": self.manual,
            "content_kinds": [k.value for k in self.content_kinds],
            "credential_fields": [
                {"name": f.name, "label": f.label, "secret": f.secret, "required": f.required, "help": f.help}
                for f in self.credential_fields
            ],
            "max_publishing_seconds": self.max_publishing_seconds,
            "default_base_url": self.default_base_url,
            "has_metrics": self.has_metrics,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Account:
    """一个平台账号及其（已解密的）凭证。repr 不含凭证内容。"""

    account_id: str
    credentials: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Account({self.account_id!r}, credentials={{{', '.join(f'{k!r}: {MASK!r}' for k in self.credentials)}}})"

    __str__ = __repr__

    def secret_values(self) -> list[str]:
        return [str(v) for v in self.credentials.values() if v]


StepCallback = Callable[[dict], None]


@dataclass
class RetryPolicy:
    """平台繁忙时的重试策略。``sleep`` 和 ``jitter`` 可注入，测试里不真正等待。"""

    max_attempts: int = 4  # 含第一次
    base_delay: float = 1.0
    max_delay: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[float], float] = field(default=lambda d: random.uniform(0.5 * d, 1.5 * d))

    def delay(self, attempt: int) -> float:
        return self.jitter(min(self.max_delay, self.base_delay * (2 ** (attempt - 1))))


class IncomingKind(StrEnum):
    """收到的互动消息种类（互动收件箱）。"""

    COMMENT = "comment"  # 作品/文章下的评论（含精选留言）
    REPLY = "reply"  # 评论下的回复（楼中楼）
    PRIVATE = "private"  # 私信 / 公众号用户消息
    LEAD = "lead"  # 留言板、留资（留咨）


@dataclass(frozen=True)
class Incoming:
    """平台上的一条互动消息，按平台的外部 id 去重（同一账号内唯一）。

    由适配器拉取（评论接口）、消息推送（公众号回调）或导入/手工登记产生，交给互动应用入库。
    """

    external_id: str
    kind: IncomingKind | str
    text: str
    author: str = ""  # 平台用户昵称
    author_id: str = ""  # 平台用户 id（openid 等）
    created_at: dt.datetime | None = None  # 带时区
    parent_external_id: str | None = None  # 回复的是哪条消息
    content_external_id: str | None = None  # 留在哪篇文章/作品下（平台的作品 id）
    raw: Mapping[str, Any] = field(default_factory=dict)
