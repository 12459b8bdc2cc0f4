"""事实来源注册表：合同考核读取的“事实”（facts-v1 字典）来自各业务应用。

各应用在 AppConfig.ready() 里登记一个函数 ``fn(workspace, start: date, end: date) -> Iterable[dict]``，
返回该时间段内的 facts-v1 对象（publication、metric、deliverable、live_session、placement、training、award），
每个对象可带 ``"ref"``（证据链接所需的对象标识，如 "production.item:42"）与 ``"url"``。

可选再登记一个 ``revision(workspace) -> 可哈希值``：一次廉价查询（如行数、最大 id、最近修改时间），
来源的事实有任何变化时它都会变。所有来源都给出 revision 时，合同页按 revision 命中缓存，不再逐条读取事实。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable

FactSource = Callable[[object, dt.date, dt.date], Iterable[dict]]
FactRevision = Callable[[object], Hashable]
_SOURCES: dict[str, FactSource] = {}
_REVISIONS: dict[str, FactRevision] = {}


def register(name: str, fn: FactSource, *, revision: FactRevision | None = None) -> None:
    _SOURCES[name] = fn
    if revision is not None:
        _REVISIONS[name] = revision
    else:
        _REVISIONS.pop(name, None)


def sources() -> dict[str, FactSource]:
    return dict(_SOURCES)


def revisions(workspace, names: Iterable[str]) -> tuple | None:
    """The named sources' revisions for a workspace; None when one of them has no revision function."""
    out = []
    for name in sorted(names):
        fn = _REVISIONS.get(name)
        if fn is None:
            return None
        out.append((name, fn(workspace)))
    return tuple(out)


def collect(workspace, start: dt.date, end: dt.date) -> list[dict]:
    out: list[dict] = []
    for name, fn in sorted(_SOURCES.items()):
        for fact in fn(workspace, start, end):
            fact.setdefault("source", name)
            out.append(fact)
    return out
