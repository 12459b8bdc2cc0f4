"""``{{ code|zh }}`` / ``{{ code|zh:"种类" }}``：代码的中文标签（见 :mod:`rongmei.core.labels`）。

在 settings 的 TEMPLATES 里登记为内置标签库，所有模板无需 ``{% load %}`` 即可使用。
"""

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
