"""工作台小部件注册表：各应用登记自己在工作区首页显示的卡片。"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Widget:
    key: str
    perm: str
    render: Callable  # render(request) -> str (HTML 片段) 或 None
    order: int = 100


_WIDGETS: dict[str, Widget] = {}


def register(widget: Widget) -> None:
    _WIDGETS[widget.key] = widget


def widgets_for(request) -> list[str]:
    out = []
    for widget in sorted(_WIDGETS.values(), key=lambda w: (w.order, w.key)):
        if request.can(widget.perm):
            html = widget.render(request)
            if html:
                out.append(html)
    return out
