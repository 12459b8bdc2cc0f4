from __future__ import annotations

from rongmei.core.permissions import role_has

from . import selectors
from .permissions import GrassrootsPerm


def triage_badge(request) -> int | None:
    """导航上的数字：待处理和待核实的线索。"""
    if request.user.is_superuser or role_has(getattr(request, "role", None), GrassrootsPerm.TRIAGE):
        return selectors.pending_count(request.workspace) or None
    return None
