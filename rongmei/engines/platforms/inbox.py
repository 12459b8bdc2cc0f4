"""互动收件箱的平台一侧：拉取评论（带游标）、回复评论、精选留言、客服消息。

各平台适配器实现 :class:`Adapter` 上的四个方法（没有接口的平台抛 :class:`ConfigError`）：

* ``fetch_incoming(cursor, targets=...)`` → :class:`IncomingPage`：自上次游标以来的新评论。
  游标是可 JSON 序列化的 dict，调用方原样保存、下次原样传回；某个作品拉取失败时，已拉到的评论
  与已完成作品的游标照常返回，``error`` 给出中文原因（什么都不会丢：失败的作品下次从旧游标重拉）。
* ``reply(external_id, text)`` → 平台上回复的 id（可能为空字符串）。
* ``set_elected(external_id, elected)`` ：公众号精选留言（markelect / unmarkelect）。
* ``send_private(openid, text, last_message_at, now)`` ：公众号客服消息，只能在用户最近一次发消息后
  48 小时内发送，超出时不调用平台、直接给出平台限制的中文说明。

``external_id`` 自带回复所需的全部平台参数（见 :func:`wechat_comment_id` 等），入库后不需要原始数据也能回复。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError, ErrorKind, PlatformError
from .models import Incoming

__all__ = [
    "CommentTarget",
    "IncomingPage",
    "CUSTOM_MESSAGE_WINDOW",
    "CUSTOM_MESSAGE_LIMIT",
    "wechat_comment_id",
    "parse_wechat_comment_id",
    "split_ref",
    "window_error",
    "from_epoch",
    "collect_targets",
]

BEIJING = dt.timezone(dt.timedelta(hours=8))
CUSTOM_MESSAGE_WINDOW = dt.timedelta(hours=48)
CUSTOM_MESSAGE_LIMIT = 5  # 用户发一条消息后 48 小时内最多回 5 条（公众号规则）


@dataclass(frozen=True)
class CommentTarget:
    """要拉评论的一篇作品。``content_id`` 是本系统记下的平台作品 id（发布记录的外部 id），
    ``params`` 是平台接口需要的参数：公众号 ``{"msg_data_id", "index"}``，抖音 ``{"item_id"}``。"""

    content_id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.content_id


@dataclass
class IncomingPage:
    items: list[Incoming]
    cursor: dict
    error: PlatformError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def wechat_comment_id(msg_data_id: str | int, index: int, user_comment_id: str | int) -> str:
    """公众号留言的外部 id：user_comment_id 只在一篇文章内唯一，所以带上文章的 msg_data_id 与序号。"""
    return f"{msg_data_id}:{int(index)}:{user_comment_id}"


def parse_wechat_comment_id(external_id: str) -> tuple[str, int, str]:
    parts = str(external_id).split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        raise ConfigError(platform="wechat", code="bad_ref", raw_message=str(external_id),
                          explanation="这条消息不是公众号文章留言，不能按留言回复", kind=ErrorKind.CONFIG)
    return parts[0], int(parts[1]), parts[2]


def split_ref(platform: str, external_id: str, what: str) -> tuple[str, str]:
    """``"<作品 id>:<评论 id>"`` → (作品 id, 评论 id)。作品 id 自身可能含冒号以外的任何字符。"""
    head, sep, tail = str(external_id).rpartition(":")
    if not sep or not head or not tail:
        raise ConfigError(platform=platform, code="bad_ref", raw_message=str(external_id),
                          explanation=f"这条消息缺少{what}，不能通过接口回复", kind=ErrorKind.CONFIG)
    return head, tail


def window_error(platform: str, zh: str, code: int | str = 45015) -> PlatformError:
    return PlatformError(platform=platform, code=code, raw_message="response out of time limit",
                         explanation=zh, kind=ErrorKind.PERMANENT)


def from_epoch(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value), BEIJING)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def collect_targets(
    targets: Sequence[CommentTarget],
    cursor: Mapping[str, Any] | None,
    fetch_one: Callable[[CommentTarget, dict], tuple[list[Incoming], dict]],
) -> IncomingPage:
    """逐个作品拉取：``fetch_one(target, 旧游标) -> (新评论, 新游标)``。某个作品失败即停止
    （限额、凭证问题对后面的作品同样成立），已完成作品的评论和游标照常返回，失败的作品保留旧游标。"""
    old = dict((cursor or {}).get("targets") or {})
    new_cursor = {"targets": {t.key: old[t.key] for t in targets if t.key in old}}  # 不再拉的作品不留游标
    items: list[Incoming] = []
    for target in targets:
        try:
            found, state = fetch_one(target, dict(old.get(target.key) or {}))
        except PlatformError as exc:
            return IncomingPage(items, new_cursor, error=exc)
        items.extend(found)
        new_cursor["targets"][target.key] = state
    return IncomingPage(items, new_cursor)
