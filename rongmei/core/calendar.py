"""日历图层注册表：一个日历页面（工作日历，/w/<工作区>/calendar/），各应用把自己的内容登记成可开关的图层。

底图（日期、法定节假日、调休上班、农历节日、节气、主题日）由工作日历自己画；其上的图层来自各应用::

    calendar.register(calendar.Layer("deadlines", "稿件截止", ProductionPerm.VIEW, entries=deadline_entries,
                                     order=20, colour="orange"))

- ``entries(request, start, end) -> {日期: [HTML 片段, …]}``：区间内每天要画的条目（应用自己渲染，链接、
  拖拽等行为都由应用决定）。
- ``notes(request, start, end) -> [HTML 片段]``：日历上方的提示（本月主题、排期预警）。
- ``controls(request) -> HTML``：图层自己的筛选或操作（如按账号筛选发布）；``script(request) -> HTML``：页尾脚本。
- 关键日期旁的“＋”：``register_planner(perm, url_for)``，``url_for(workspace, day, name) -> 网址``（由策划应用提供）。

以后的值班表、舆情日程等只需登记一个图层。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Layer:
    key: str
    label: str
    perm: str
    entries: Callable  # entries(request, start, end) -> dict[date, list[str]]
    order: int = 100
    colour: str = "secondary"
    notes: Callable | None = None  # notes(request, start, end) -> list[str]
    controls: Callable | None = None  # controls(request) -> str
    script: Callable | None = None  # script(request) -> str


@dataclass(frozen=True)
class Planner:
    perm: str
    url_for: Callable  # url_for(workspace, day, name) -> str


_LAYERS: dict[str, Layer] = {}
_PLANNERS: list[Planner] = []


def register(layer: Layer) -> None:
    _LAYERS[layer.key] = layer


def register_planner(perm: str, url_for: Callable) -> None:
    _PLANNERS[:] = [p for p in _PLANNERS if p.url_for is not url_for] + [Planner(perm, url_for)]


def layers_for(request) -> list[Layer]:
    """当前用户有权看的图层，按顺序。"""
    return [layer for layer in sorted(_LAYERS.values(), key=lambda x: (x.order, x.key)) if request.can(layer.perm)]


def planner_for(request) -> Callable | None:
    for planner in _PLANNERS:
        if request.can(planner.perm):
            return planner.url_for
    return None


def collect(request, layers: list[Layer], start: dt.date, end: dt.date, *, period: tuple[dt.date, dt.date] | None = None
            ) -> tuple[dict, list[str], list[str], list[str]]:
    """各图层在 [start, end]（画出来的格子）内的条目，以及针对 period（所看的月/周/日）的提示：
    ({日期: [(图层, 片段), …]}, 提示, 控件, 脚本)。"""
    p_start, p_end = period or (start, end)
    by_day: dict[dt.date, list[tuple[Layer, str]]] = {}
    notes, controls, scripts = [], [], []
    for layer in layers:
        for day, fragments in layer.entries(request, start, end).items():
            by_day.setdefault(day, []).extend((layer, f) for f in fragments)
        if layer.notes:
            notes.extend(layer.notes(request, p_start, p_end))
        if layer.controls:
            html = layer.controls(request)
            if html:
                controls.append(html)
        if layer.script:
            html = layer.script(request)
            if html:
                scripts.append(html)
    return by_day, notes, controls, scripts
