"""发送与精选的登记表：有互动接口的平台由平台对接方（ingest）在 AppConfig.ready() 里登记。

    senders.register("wechat", send_fn, available=fn)  # send_fn(reply) -> 平台答复 id（str）；失败时抛异常（中文说明）
    senders.register_curation("wechat", fn)    # fn(message, elect: bool) -> None；失败时抛异常
    # available(account) -> bool（可选）：该账号能否用接口（如已填写凭证）；不能时按人工发送/本地确认处理

没有登记发送函数的平台：答复审核通过后由人工在平台后台发出，再在收件箱里“标记为已人工发送”。
发送函数也可以自己调用 services.reply_sent / reply_failed；两者都是幂等的。
"""

from __future__ import annotations

from collections.abc import Callable

_SENDERS: dict[str, Callable] = {}
_CURATORS: dict[str, Callable] = {}
_AVAILABLE: dict[tuple[str, str], Callable] = {}  # (种类, 平台) → available(account) -> bool


def register(platform: str, fn: Callable, *, available: Callable | None = None) -> None:
    """``available(account)``：这个账号能不能用接口发送（如是否已填写接口凭证）；不能时按没有发送函数处理。"""
    _SENDERS[platform] = fn
    _set_available("send", platform, available)


def _set_available(kind: str, platform: str, available: Callable | None) -> None:
    if available is None:
        _AVAILABLE.pop((kind, platform), None)
    else:
        _AVAILABLE[(kind, platform)] = available


def _usable(kind: str, platform: str, fn: Callable | None, account) -> Callable | None:
    check = _AVAILABLE.get((kind, platform))
    if fn is None or account is None or check is None:
        return fn
    return fn if check(account) else None


def sender_for(platform: str, account=None) -> Callable | None:
    return _usable("send", platform, _SENDERS.get(platform), account)


def unregister(platform: str) -> None:
    _SENDERS.pop(platform, None)


def register_curation(platform: str, fn: Callable, *, available: Callable | None = None) -> None:
    _CURATORS[platform] = fn
    _set_available("curate", platform, available)


def curator_for(platform: str, account=None) -> Callable | None:
    return _usable("curate", platform, _CURATORS.get(platform), account)


def unregister_curation(platform: str) -> None:
    _CURATORS.pop(platform, None)
