"""导航注册表：各应用在 AppConfig.ready() 里登记自己的菜单项，外壳模板据此按权限渲染。"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    perm: str
    icon: str = "circle"
    order: int = 100
    group: str = "工作"
    badge: Callable | None = None  # badge(request) -> int | None


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.key] = item


def items_for(request, workspace) -> list[dict]:
    from rongmei.core.permissions import has_perm

    out = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)):
        if not has_perm(request.user, workspace, item.perm):
            continue
        try:
            url = reverse(item.url_name, kwargs={"ws": workspace.slug})
        except NoReverseMatch:
            continue
        badge = item.badge(request) if item.badge else None
        out.append(
            {
                "key": item.key,
                "label": item.label,
                "url": url,
                "icon": item.icon,
                "group": item.group,
                "badge": badge,
                "active": request.path.startswith(url) and (url.rstrip("/").count("/") > 2 or request.path == url),
            }
        )
    return out


register(NavItem("home", "工作台", "core:workspace_home", "workspaces.view", icon="home", order=0))
register(NavItem("calendar", "工作日历", "workcal:month", "workcal.view", icon="calendar", order=80, group="平台"))
register(NavItem("accounts", "账号矩阵", "workspaces:accounts", "workspaces.view", icon="brand", order=85, group="平台"))
register(NavItem("members", "成员与角色", "workspaces:members", "workspaces.view_members", icon="users", order=90, group="平台"))
register(NavItem("settings", "工作区设置", "workspaces:settings", "workspaces.edit_settings", icon="settings", order=92,
                 group="平台"))
register(NavItem("jobs", "后台任务", "core:jobs", "core.view_jobs", icon="clock", order=95, group="平台"))
register(NavItem("audit", "审计日志", "audit:list", "audit.view", icon="shield", order=99, group="平台"))
