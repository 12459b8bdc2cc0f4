from __future__ import annotations

from rongmei.core import nav


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from rongmei.workspaces.selectors import workspaces_for

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
    from rongmei.workspaces.choices import Role

    role = getattr(request, "role", None)
    if role:
        return Role(role).label
    return "系统管理员" if request.user.is_superuser and getattr(request, "workspace", None) else ""


def _unread(user) -> int:
    from rongmei.core.notifications import unread_count

    return unread_count(user)
