"""``{{ value|safe_href }}``：用户填写的链接只在是 http/https 时才进入 href。"""

from __future__ import annotations

from django import template

from rongmei.core.links import safe_href as _safe_href

register = template.Library()


@register.filter
def safe_href(value) -> str:
    return _safe_href(value)
