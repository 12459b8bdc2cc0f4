"""二维码（SVG，本地生成，不访问外网）。"""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def svg(text: str, *, scale: int = 4) -> SafeString:
    """内嵌到页面的二维码 SVG（segno 生成，内容只有路径，可放心标记为安全）。"""
    return mark_safe(segno.make(text, error="m").svg_inline(scale=scale, border=2, title="二维码"))
