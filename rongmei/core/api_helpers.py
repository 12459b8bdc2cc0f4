"""API 端点共用：按工作区与权限取对象。"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from rongmei.core.permissions import has_perm, label_of
from rongmei.core.tenancy import workspace_get


def workspace_for(request, slug: str, perm: str):
    ws = workspace_get(request.user, slug)
    if not has_perm(request.user, ws, perm):
        raise PermissionDenied(f"您在本工作区没有“{label_of(perm)}”权限")
    return ws
