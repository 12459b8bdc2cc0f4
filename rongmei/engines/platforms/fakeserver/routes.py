"""所有平台的路由表。"""

from __future__ import annotations

from . import wechat
from .core import Handler

ROUTES: dict[tuple[str, str], Handler] = {**wechat.ROUTES}

try:  # 其余平台（微博、抖音、快手、百家号）
    from . import others

    ROUTES.update(others.ROUTES)
except ImportError:  # pragma: no cover
    pass
