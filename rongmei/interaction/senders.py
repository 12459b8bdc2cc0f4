"""发送与精选的登记表：有互动接口的平台由平台对接方（ingest）在 AppConfig.ready() 里登记。

    senders.register("wechat", send_fn)        # send_fn(reply) -> 平台答复 id（str）；失败时抛异常（中文说明）
    senders.register_curation("wechat", fn)    # fn(message, elect: bool) -> None；失败时抛异常

没有登记发送函数的平台：答复审核通过后由人工在平台后台发出，再在收件箱里“标记为已人工发送”。
发送函数也可以自己调用 services.reply_sent / reply_failed；两者都是幂等的。
"""

from __future__ import annotations

from collections.abc import Callable

_SENDERS: dict[str, Callable] = {}
_CURATORS: dict[str, Callable] = {}


def register(platform: str, fn: Callable) -> None:
    _SENDERS[platform] = fn


def sender_for(platform: str) -> Callable | None:
    return _SENDERS.get(platform)


def unregister(platform: str) -> None:
    _SENDERS.pop(platform, None)


def register_curation(platform: str, fn: Callable) -> None:
    _CURATORS[platform] = fn


def curator_for(platform: str) -> Callable | None:
    return _CURATORS.get(platform)


def unregister_curation(platform: str) -> None:
    _CURATORS.pop(platform, None)
