"""值班：此刻谁在值班（收舆情预警、紧急留言）。

值班表属于更上层的应用（舆情的值班名单，将来团队应用的排班）。它们在 ``AppConfig.ready()`` 里用 :func:`provide`
登记一个函数 ``fn(workspace, at) -> 用户列表``；下层（互动）只调用 :func:`on_duty`。
谁也没登记或登记的函数返回空时，退回工作区的项目经理/组长，保证紧急消息总有人收到。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rongmei.core.choices import Role

_PROVIDERS: list[Callable] = []


def provide(fn: Callable, *, first: bool = False) -> None:
    """登记值班查询函数 fn(workspace, at: datetime) -> Iterable[User]；先登记的先问。
    first=True 放到最前（团队的排班表比舆情的值班名单更具体，先问排班表，排班为空再问值班名单）。"""
    if fn not in _PROVIDERS:
        if first:
            _PROVIDERS.insert(0, fn)
        else:
            _PROVIDERS.append(fn)


def on_duty(workspace, at: dt.datetime) -> list:
    """at 时刻的值班人员（去重，保持顺序）；没有排班时为项目经理/组长。"""
    # 函数内导入：notifications 导入模型，本模块要能在应用就绪前被 provide() 导入
    from rongmei.core.notifications import users_with_role

    for fn in _PROVIDERS:
        people = list({u.pk: u for u in fn(workspace, at)}.values())
        if people:
            return people
    return list(users_with_role(workspace, Role.MANAGER))
