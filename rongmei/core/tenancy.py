"""工作区（租户）查询接口。

core 在基础层最底部，不 import workspaces；但权限判定、视图装饰器、API 取工作区、导航栏“我的工作区”、
首页和任务列表都要问“这个人能进哪些工作区、在其中是什么角色”。workspaces 在 ``AppConfig.ready()`` 里用
:func:`provide` 登记自己的 selectors，core 只通过本模块调用。未登记就调用是配置错误，直接报错，绝不放行。
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_PROVIDED: dict[str, Callable] = {}


def provide(*, workspaces_for: Callable, workspace_get: Callable, role_in: Callable, accounts_of: Callable) -> None:
    """由 rongmei.workspaces 登记（见 workspaces/apps.py）。"""
    _PROVIDED.update(workspaces_for=workspaces_for, workspace_get=workspace_get, role_in=role_in,
                     accounts_of=accounts_of)


def _get(name: str) -> Callable:
    try:
        return _PROVIDED[name]
    except KeyError:
        raise ImproperlyConfigured("rongmei.workspaces 未安装或尚未登记工作区查询（tenancy.provide）") from None


def workspaces_for(user):
    """用户能进入的工作区（QuerySet）；系统管理员为全部启用的工作区。"""
    return _get("workspaces_for")(user)


def workspace_get(user, slug: str):
    """用户可见的工作区；不可见与不存在一样 404。"""
    return _get("workspace_get")(user, slug)


def role_in(user, workspace) -> str | None:
    """用户在工作区内的角色（Role 的值），不是成员时为 None。"""
    return _get("role_in")(user, workspace)


def accounts_of(workspace):
    """工作区的账号矩阵（工作台“账号矩阵”卡片用）。"""
    return _get("accounts_of")(workspace)
