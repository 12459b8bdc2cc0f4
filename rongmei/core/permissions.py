"""权限声明与判定。

每个应用在自己的 ``permissions.py`` 里用 ``StrEnum`` 声明权限，并用 :func:`declare` 说明哪些角色拥有它；
视图、API、CLI 和任务都通过 :func:`has_perm` 判定。系统管理员（``is_superuser``）拥有全部权限。
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from django.core.exceptions import PermissionDenied

from rongmei.core import tenancy
from rongmei.core.choices import Role

_ROLES_BY_PERM: dict[str, frozenset[str]] = {}
_LABELS: dict[str, str] = {}

ALL_ROLES = frozenset(Role.values)
OPERATOR_ROLES = frozenset(
    {Role.MANAGER, Role.EDITOR, Role.REVIEWER, Role.ANALYST, Role.DESIGNER, Role.VIDEO, Role.SUPPORT, Role.TECH}
)
CLIENT_ROLES = frozenset({Role.CLIENT_OFFICER, Role.CLIENT_LEADER})
INSIDE_ROLES = OPERATOR_ROLES | CLIENT_ROLES  # 不含外部角色（基层供稿员、评审专家）


def declare(mapping: Mapping[StrEnum, Iterable[str]], labels: Mapping[StrEnum, str] | None = None) -> None:
    for perm, roles in mapping.items():
        _ROLES_BY_PERM[str(perm)] = frozenset(str(r) for r in roles)
    for perm, label in (labels or {}).items():
        _LABELS[str(perm)] = label


def roles_for(perm: str) -> frozenset[str]:
    try:
        return _ROLES_BY_PERM[str(perm)]
    except KeyError:
        raise LookupError(f"未声明的权限：{perm}") from None


def all_permissions() -> dict[str, frozenset[str]]:
    return dict(_ROLES_BY_PERM)


def label_of(perm: str) -> str:
    return _LABELS.get(str(perm), str(perm))


def role_has(role: str | None, perm: str) -> bool:
    return role is not None and role in roles_for(perm)


def require_perm(actor, workspace, perm: str) -> None:
    """The one permission guard of every service (``<entity>_<verb>(*, actor, ...)``).

    * ``actor`` is a user: they must hold ``perm`` in ``workspace`` (see :func:`has_perm`), otherwise
      ``PermissionDenied("您没有执行此操作的权限")``.
    * ``actor is None`` means **system work** — a scheduled job, a management command, demo seeding,
      a service calling another on behalf of a check already made. It is trusted and not checked.
      Web views and API endpoints never pass ``None``: they always pass ``request.user``
      (an anonymous user is a user without permissions, so it is refused).
    """
    if actor is None:
        return  # system work: see the docstring
    if not has_perm(actor, workspace, perm):
        raise PermissionDenied("您没有执行此操作的权限")


def has_perm(user, workspace, perm: str) -> bool:
    """用户在工作区内是否拥有权限。workspace 为 None 时只有系统管理员通过。"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    allowed = roles_for(perm)  # 未声明的权限直接报错，避免拼写错误变成放行
    if user.is_superuser:
        return True
    if workspace is None:
        return False
    return tenancy.role_in(user, workspace) in allowed


class CorePerm(StrEnum):
    VIEW_JOBS = "core.view_jobs"


declare(
    {CorePerm.VIEW_JOBS: {Role.MANAGER, Role.TECH, Role.ANALYST}},
    {CorePerm.VIEW_JOBS: "查看后台任务"},
)
