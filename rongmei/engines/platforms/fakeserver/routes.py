"""所有平台的路由表。"""

from __future__ import annotations

from . import oauth, others, wechat
from .core import Handler

ROUTES: dict[tuple[str, str], Handler] = {**wechat.ROUTES, **others.ROUTES, **oauth.ROUTES}
