"""编辑日历上来自其他应用的条目（登记表）。

策划与采编（production）的编辑日历要同时显示发布排期，而发布（publishing）在它上层，production 不能
import publishing。publishing 在 ``AppConfig.ready()`` 里登记一个 :class:`Source`（键 ``PUBLICATIONS``）；
production 只通过 :func:`source` 取数。没有登记（未安装发布功能）时日历不显示排期。
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PUBLICATIONS = "publications"


@dataclass(frozen=True)
class Source:
    key: str
    perm: str  # 点开条目详情所需的权限
    between: Callable  # between(workspace, start: date, end: date) -> list，按时间排序，每条带 state_colour


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.key] = source


def source(key: str) -> Source | None:
    return _SOURCES.get(key)
