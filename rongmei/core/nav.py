"""导航注册表：各应用在 AppConfig.ready() 里把自己的菜单项登记到某个分组，外壳模板据此按权限和角色渲染。

菜单是两级的：顶层是少数几个分组（工作台、我的待办、日历、内容生产、发布运营、数据与报告、合同履约、设置），
各应用把菜单项登记进分组::

    nav.register(nav.NavItem("metrics", "数据看板", "metrics:dashboard", MetricsPerm.VIEW,
                             group=nav.DATA, order=10, roles=nav.roles("manager", "analyst")))

- ``perm``：看得到这个菜单项所需的权限（页面本身仍由视图判权）。
- ``roles``：这个菜单项面向哪些角色（``None`` 为有权限的所有角色）。权限宽而日常用不到的入口（比如甲方领导
  的“审校词库”）靠它从菜单里收起来，页面照样能打开。系统管理员看到全部。
- ``badge(request) -> int | None``：菜单上的数字（待办数等）。
- 分组里只剩一项时，顶层直接显示为这一项的链接，不再弹出下拉。

当前页对应的菜单项只有一个：网址前缀最长的那一项（工作台的网址是所有页面的前缀，只在首页本身亮起）。
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from rongmei.core import freshness
from rongmei.core.permissions import has_perm

# 顶层分组的键（各应用登记菜单项时用这些常量）
WORKBENCH = "workbench"
TODO = "todo"
CALENDAR = "calendar"
CONTENT = "content"
PUBLISH = "publish"
DATA = "data"
CONTRACT = "contract"
SETTINGS = "settings"
OTHER = "other"


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    perm: str
    icon: str = "circle"
    order: int = 100
    group: str = OTHER
    badge: Callable | None = None  # badge(request) -> int | None
    roles: frozenset[str] | None = field(default=None)  # 面向的角色；None 为有权限的所有角色


_GROUPS: dict[str, NavGroup] = {}
_ITEMS: dict[str, NavItem] = {}


def roles(*names: str) -> frozenset[str]:
    return frozenset(str(n) for n in names)


def register_group(group: NavGroup) -> None:
    _GROUPS[group.key] = group


def register(item: NavItem) -> None:
    _ITEMS[item.key] = item


def _group_key(item: NavItem) -> str:
    """分组键；未登记的分组（或旧式中文分组名）按名称找，找不到归入“更多”。"""
    if item.group in _GROUPS:
        return item.group
    for group in _GROUPS.values():
        if group.label == item.group:
            return group.key
    return OTHER


def _visible(request, workspace, item: NavItem, role: str | None) -> bool:
    if not has_perm(request.user, workspace, item.perm):
        return False
    if item.roles is None or request.user.is_superuser:
        return True
    return role is not None and role in item.roles


def _badge(request, workspace, item: NavItem, role: str | None):
    """菜单角标（待办数等）：每个页面都要算，按 core.freshness 缓存——数据一有写入就重算，否则最多一分钟。"""
    return freshness.cached(("badge", item.key, workspace.pk, request.user.pk, role, int(request.user.is_superuser)),
                            lambda: item.badge(request))


def items_for(request, workspace) -> list[dict]:
    """当前用户在工作区里看得到的菜单项（按分组、顺序排好），恰好一项 ``active``。"""
    role = getattr(request, "role", None)
    out = []
    ranked = sorted(_ITEMS.values(), key=lambda i: (_GROUPS.get(_group_key(i), _GROUPS[OTHER]).order, i.order, i.key))
    for item in ranked:
        if not _visible(request, workspace, item, role):
            continue
        try:
            url = reverse(item.url_name, kwargs={"ws": workspace.slug})
        except NoReverseMatch:
            continue
        out.append({"key": item.key, "label": item.label, "url": url, "icon": item.icon,
                    "group": _group_key(item), "badge": _badge(request, workspace, item, role) if item.badge else None,
                    "active": False})
    active = active_item(request.path, out)
    if active is not None:
        active["active"] = True
    return out


def active_item(path: str, items: Iterable[dict]) -> dict | None:
    """网址前缀最长的那一项；工作台（/w/<ws>/）只在路径恰好是它时算匹配。"""
    best, best_len = None, -1
    for item in items:
        url = item["url"]
        if url.count("/") <= 3 and path != url:  # /w/<ws>/ 是所有页面的前缀
            continue
        if path.startswith(url) and len(url) > best_len:
            best, best_len = item, len(url)
    return best


def groups_for(items: list[dict]) -> list[dict]:
    """把菜单项按分组收拢：[{key, label, items, active, badge, single}]，空分组不出现。"""
    by_group: dict[str, list[dict]] = {}
    for item in items:
        by_group.setdefault(item["group"], []).append(item)
    out = []
    for key, members in by_group.items():
        group = _GROUPS.get(key, _GROUPS[OTHER])
        badges = [m["badge"] for m in members if m["badge"]]
        out.append({
            "key": key, "label": members[0]["label"] if len(members) == 1 else group.label,
            "items": members, "single": len(members) == 1,
            "active": any(m["active"] for m in members), "badge": sum(badges) if badges else None,
        })
    return out


for _group in (
    NavGroup(WORKBENCH, "工作台", 0),
    NavGroup(TODO, "我的待办", 5),
    NavGroup(CALENDAR, "日历", 10),
    NavGroup(CONTENT, "内容生产", 20),
    NavGroup(PUBLISH, "发布运营", 30),
    NavGroup(DATA, "数据与报告", 40),
    NavGroup(CONTRACT, "合同履约", 50),
    NavGroup(SETTINGS, "设置", 90),
    NavGroup(OTHER, "更多", 95),
):
    register_group(_group)

# 面向的角色（菜单里显示给谁；页面权限另由视图判定）
OPERATIONS = roles("manager", "editor", "reviewer", "support", "tech", "client_officer")

register(NavItem("home", "工作台", "core:workspace_home", "workspaces.view", icon="home", group=WORKBENCH))
register(NavItem("accounts", "账号矩阵", "workspaces:accounts", "workspaces.view", icon="brand", order=50,
                 group=PUBLISH, roles=roles("manager", "editor", "support", "tech", "analyst", "client_officer")))
register(NavItem("members", "成员与角色", "workspaces:members", "workspaces.view_members", icon="users", order=10,
                 group=SETTINGS, roles=roles("manager", "tech", "client_officer", "client_leader")))
register(NavItem("settings", "工作区设置", "workspaces:settings", "workspaces.edit_settings", icon="settings", order=20,
                 group=SETTINGS))
register(NavItem("jobs", "后台任务", "core:jobs", "core.view_jobs", icon="clock", order=30, group=SETTINGS))
register(NavItem("audit", "审计日志", "audit:list", "audit.view", icon="shield", order=40, group=SETTINGS))
