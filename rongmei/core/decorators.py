"""视图的权限与工作区范围：每个工作区视图都用 @workspace_view(权限)。"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from rongmei.core import tenancy
from rongmei.core.permissions import has_perm, label_of


def workspace_view(perm: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, ws: str, *args, **kwargs):
            workspace = tenancy.workspace_get(request.user, ws)
            if not has_perm(request.user, workspace, perm):
                raise PermissionDenied(f"您在本工作区没有“{label_of(perm)}”权限")
            request.workspace = workspace
            request.role = tenancy.role_in(request.user, workspace)
            request.can = lambda p: has_perm(request.user, workspace, p)
            return view(request, *args, **kwargs)

        wrapper.required_perm = perm
        return wrapper

    return decorator
