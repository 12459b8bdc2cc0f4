"""``{{ code|zh }}`` / ``{{ code|zh:"种类" }}``：代码的中文标签（见 :mod:`rongmei.core.labels`）。

在 settings 的 TEMPLATES 里登记为内置标签库，所有模板无需 ``{% load %}`` 即可使用。
"""

import json

from django import template

from rongmei.core.labels import fields, label

register = template.Library()


@register.filter(name="zh")
def zh(code, kind=None):
    return label(code, kind)


@register.filter(name="zh_fields")
def zh_fields(data, kind="field"):
    """``{% for key, name, text in data|zh_fields %}``：字典逐项的中文名与值文字。"""
    return fields(data, kind)


@register.filter(name="json_text")
def json_text(value) -> str:
    """结构化数据（如平台响应）按 JSON 缩进显示，中文不转义——不显示 Python 的字典写法。"""
    if value in (None, "", {}, []):
        return "（无）"
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
