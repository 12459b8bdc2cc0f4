from django import template

register = template.Library()


@register.filter
def pct(value, digits: int = 2) -> str:
    """0.8734 → “87.34%”。"""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def per_label(code: str) -> str:
    from rongmei.engines.kpi.vocab import PERIOD_UNITS

    return PERIOD_UNITS.get(code, code)
