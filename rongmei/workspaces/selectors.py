"""读取与权限范围：所有列表/详情都经由这里，只返回用户可见的数据。"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import Membership, OfficialAccount, Platform, Workspace


def workspaces_for(user) -> QuerySet[Workspace]:
    if not user.is_authenticated:
        return Workspace.objects.none()
    qs = Workspace.objects.filter(is_active=True)
    if user.is_superuser:
        return qs
    return qs.filter(memberships__user=user).distinct()


def workspace_get(user, slug: str) -> Workspace:
    """用户可见的工作区；不可见与不存在一样返回 404，避免泄露工作区是否存在。"""
    ws = workspaces_for(user).filter(slug=slug).first()
    if ws is None:
        raise Http404("工作区不存在或您不是其成员")
    return ws


def role_in(user, workspace: Workspace) -> str | None:
    cache = getattr(user, "_rongmei_roles", None)
    if cache is None:
        cache = {}
        user._rongmei_roles = cache
    if workspace.pk not in cache:
        m = Membership.objects.filter(user=user, workspace=workspace).only("role").first()
        cache[workspace.pk] = m.role if m else None
    return cache[workspace.pk]


def members_of(workspace: Workspace) -> QuerySet[Membership]:
    return Membership.objects.filter(workspace=workspace).select_related("user").order_by("role", "user__username")


def accounts_of(workspace: Workspace, *, platform: str | None = None, status: str | None = None):
    qs = OfficialAccount.objects.filter(workspace=workspace).select_related("platform")
    if platform:
        qs = qs.filter(platform__code=platform)
    if status:
        qs = qs.filter(status=status)
    return qs


def account_get(workspace: Workspace, pk: int) -> OfficialAccount:
    acc = accounts_of(workspace).filter(pk=pk).first()
    if acc is None:
        raise Http404("账号不存在")
    return acc


def platforms() -> QuerySet[Platform]:
    return Platform.objects.all()
