"""稿件页上由其他应用提供的操作（注册表）。

采编（production）在发布（publishing）之下，不能导入它；发布应用在 ``AppConfig.ready()`` 里登记
“排期发布”，稿件页按登记的条件显示。每个操作自己判断权限与适用状态。
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemAction:
    key: str
    label: str
    perm: str                          # 操作人须有的工作区权限
    url: Callable[[object], str]       # url(item) -> 地址
    applies: Callable[[object], bool]  # applies(item) -> 该稿件当前是否适用
    order: int = 100
    primary: bool = False


_ACTIONS: dict[str, ItemAction] = {}


def register(action: ItemAction) -> None:
    _ACTIONS[action.key] = action


def for_item(request, item) -> list[dict]:
    """当前用户在这篇稿件上可用的其他应用操作：[{key, label, url, primary}]。"""
    out = []
    for action in sorted(_ACTIONS.values(), key=lambda a: (a.order, a.key)):
        if request.can(action.perm) and action.applies(item):
            out.append({"key": action.key, "label": action.label, "url": action.url(item), "primary": action.primary})
    return out
