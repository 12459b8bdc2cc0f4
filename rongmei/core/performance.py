"""个人工作量来源注册表：团队考核的定量部分（每人产出的稿件、审核退改率、按时答复……）来自各业务应用。

业务应用在 ``AppConfig.ready()`` 里登记 :class:`Measure`：``fn(workspace, start, end) -> {user_id: 数值}``，
团队考核只调用 :func:`figures`。团队整体的数字（发布条数、阅读量、按时答复率）另从 ``core.facts`` 读取。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    key: str
    label: str  # 中文名称，如“经手稿件（条）”
    fn: Callable[[object, dt.date, dt.date], dict[int, float]]
    unit: str = ""
    dimension: str = "quality"  # 计入哪个考核维度：quality | reach | interaction | security
    order: int = 100


_MEASURES: dict[str, Measure] = {}


def register(measure: Measure) -> None:
    _MEASURES[measure.key] = measure


def measures() -> list[Measure]:
    return sorted(_MEASURES.values(), key=lambda m: (m.order, m.key))


def figures(workspace, start: dt.date, end: dt.date) -> list[tuple[Measure, dict[int, float]]]:
    """每个登记的度量在 start..end 的逐人数值。"""
    return [(m, m.fn(workspace, start, end)) for m in measures()]
