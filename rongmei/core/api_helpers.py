"""API 端点共用：按工作区与权限取对象。"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Schema

from rongmei.core.permissions import has_perm, label_of
from rongmei.core.tenancy import workspace_get


def workspace_for(request, slug: str, perm: str):
    ws = workspace_get(request.user, slug)
    if not has_perm(request.user, ws, perm):
        raise PermissionDenied(f"您在本工作区没有“{label_of(perm)}”权限")
    return ws


class ErrorsOut(Schema):
    """所有端点共用的错误体：detail 是一句中文，errors 列出逐条原因（可为空）。"""

    detail: str
    errors: list[str] = []
