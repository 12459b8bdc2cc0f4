from __future__ import annotations

from rongmei.core import nav
from rongmei.core.choices import Role
from rongmei.core.notifications import unread_count
from rongmei.core.tenancy import workspaces_for


def shell(request):
    """外壳（顶栏、菜单、通知数）的模板变量。每个请求只算一次：工作台卡片用 render_to_string(request=…)
    渲染时也会调用上下文处理器，不缓存的话每张卡片都要重算一遍菜单和待办数。"""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(request, "_rongmei_shell", None)
    if cached is not None:
        return cached
    request._rongmei_shell = _shell(request, user)
    return request._rongmei_shell


def _shell(request, user) -> dict:
    workspace = getattr(request, "workspace", None)
    items = nav.items_for(request, workspace) if workspace is not None else []
    return {
        "my_workspaces": list(workspaces_for(user).only("slug", "name")),
        "current_workspace": workspace,
        "current_role": getattr(request, "role", None),
        "current_role_label": _role_label(request),
        "unread_notifications": _unread(user),
        "nav_items": items,
        "nav_groups": nav.groups_for(items),
    }


def _role_label(request) -> str:
    role = getattr(request, "role", None)
    if role:
        return Role(role).label
    return "系统管理员" if request.user.is_superuser and getattr(request, "workspace", None) else ""


def _unread(user) -> int:
    return unread_count(user)
