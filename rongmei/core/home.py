"""工作台小部件注册表：各应用登记自己在工作区首页显示的卡片，工作台按权限和角色挑选。

    home.register(home.Widget("production.review", ProductionPerm.VIEW, widgets.review_card, order=10,
                              roles=home.roles("client_leader", "reviewer"), size=home.HALF))

- ``perm``：看得到卡片所需的权限；``roles``：面向哪些角色（``None`` 为有权限的所有角色；系统管理员看全部）。
- ``render(request) -> str | None``：HTML 片段；返回 ``None`` 表示此刻没有要说的，不占位置。
- ``size``：``FULL`` 占整行，``HALF`` 半行，``THIRD`` 三分之一行（窄屏都占整行）。
- 卡片出错只影响这一张：记日志、跳过，工作台照常打开。
- 卡片的 HTML 经 core.freshness 缓存（数据一有写入就失效，否则最多一分钟）：卡片模板里不能有 CSRF 令牌、
  CSP nonce 或随请求变化的内容；要表单就链接到页面。
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from rongmei.core import freshness

log = logging.getLogger(__name__)

FULL, HALF, THIRD = "full", "half", "third"
_COLUMNS = {FULL: "col-12", HALF: "col-12 col-lg-6", THIRD: "col-12 col-md-6 col-lg-4"}


@dataclass(frozen=True)
class Widget:
    key: str
    perm: str
    render: Callable  # render(request) -> str (HTML 片段) 或 None
    order: int = 100
    roles: frozenset[str] | None = None
    size: str = FULL


_WIDGETS: dict[str, Widget] = {}


def roles(*names: str) -> frozenset[str]:
    return frozenset(str(n) for n in names)


def register(widget: Widget) -> None:
    _WIDGETS[widget.key] = widget


def _for_me(request, widget: Widget) -> bool:
    if not request.can(widget.perm):
        return False
    if widget.roles is None or request.user.is_superuser:
        return True
    return getattr(request, "role", None) in widget.roles


def _card_key(request, widget: Widget) -> tuple:
    workspace = getattr(request, "workspace", None)
    return ("card", widget.key, getattr(workspace, "pk", "-"), request.user.pk, getattr(request, "role", None),
            int(request.user.is_superuser))


def cards_for(request) -> list[dict]:
    """当前用户工作台上的卡片：[{key, html, column}]，按顺序。"""
    out = []
    for widget in sorted(_WIDGETS.values(), key=lambda w: (w.order, w.key)):
        if not _for_me(request, widget):
            continue
        try:
            html = freshness.cached(_card_key(request, widget), lambda w=widget: w.render(request))
        except Exception:  # 一张卡片出错不能让工作台打不开
            log.exception("工作台卡片 %s 出错", widget.key)
            continue
        if html:
            out.append({"key": widget.key, "html": html, "column": _COLUMNS.get(widget.size, _COLUMNS[FULL])})
    return out


def widgets_for(request) -> list[str]:
    return [card["html"] for card in cards_for(request)]
