"""用户填写的链接：只接受 http/https。

表单字段用 ``validate_web_url``（或 ``WebURLField``）校验；模板里把用户填写的链接渲染成 ``<a href>`` 时
一律经过 ``{% load rm_links %}{{ value|safe_href }}``——不是 http/https 的值（``javascript:``、``data:``……）
渲染成空串，链接就点不出去。存量数据里即使有这样的值也不会变成可执行的链接。
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError

WEB_SCHEMES = ("http", "https")
MESSAGE = "链接必须以 http:// 或 https:// 开头，例如 https://www.example.com/news/1.html"


def is_web_url(value) -> bool:
    """值是否是可以放进 href 的 http/https 网址（有主机名）。"""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if not text or any(ch in text for ch in "\r\n\t\x00"):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def validate_web_url(value) -> None:
    if value in (None, ""):
        return
    if not is_web_url(value):
        raise ValidationError(MESSAGE, code="invalid_url")


def safe_href(value) -> str:
    """可以放进 href 的链接；不是 http/https 的返回空串。"""
    return value.strip() if is_web_url(value) else ""


class WebURLField(forms.CharField):
    """只接受 http/https 的链接输入框。"""

    default_validators = [validate_web_url]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "url")
        return attrs
