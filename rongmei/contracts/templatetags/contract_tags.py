import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from rongmei.engines.kpi.vocab import PERIOD_UNITS

register = template.Library()


@register.filter
def pct(value, digits: int = 2) -> str:
    """0.8734 → “87.34%”。"""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def per_label(code: str) -> str:
    return PERIOD_UNITS.get(code, code)


_YAML_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*(?:\[\d+\])?")


@register.filter
def yaml_message(text) -> str:
    """合同 YAML 的校验消息：其中的 YAML 字段名与位置（如 ``checkpoints[3]``、``after_end_workdays``）
    是编辑者要在 YAML 里找/写的东西，按代码样式显示，其余是中文说明。"""
    text, out, pos = str(text), [], 0
    for m in _YAML_TOKEN.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append(f"<code>{escape(m.group(0))}</code>")
        pos = m.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # 每一段都已转义
