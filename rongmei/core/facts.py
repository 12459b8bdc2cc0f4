"""事实来源注册表：合同考核读取的“事实”（facts-v1 字典）来自各业务应用。

各应用在 AppConfig.ready() 里登记一个函数 ``fn(workspace, start: date, end: date) -> Iterable[dict]``，
返回该时间段内的 facts-v1 对象（publication、metric、deliverable、live_session、placement、training、award），
每个对象可带 ``"ref"``（证据链接所需的对象标识，如 "production.item:42"）与 ``"url"``。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

FactSource = Callable[[object, dt.date, dt.date], Iterable[dict]]
_SOURCES: dict[str, FactSource] = {}


def register(name: str, fn: FactSource) -> None:
    _SOURCES[name] = fn


def sources() -> dict[str, FactSource]:
    return dict(_SOURCES)


def collect(workspace, start: dt.date, end: dt.date) -> list[dict]:
    out: list[dict] = []
    for name, fn in sorted(_SOURCES.items()):
        for fact in fn(workspace, start, end):
            fact.setdefault("source", name)
            out.append(fact)
    return out
