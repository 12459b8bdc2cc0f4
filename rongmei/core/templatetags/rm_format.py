"""``{% load rm_format %}{{ value|fmt:unit }}`` — every figure through one formatter (rongmei.engines.numfmt)."""

from django import template

from rongmei.engines.numfmt import format_value

register = template.Library()


@register.filter
def fmt(value, unit: str | None = None) -> str:
    """``{{ 0.123|fmt:"ratio" }}`` → 12.3%；``{{ 1877180|fmt:"条" }}`` → 187.72万条；None → —。"""
    if value == "":
        value = None
    return format_value(value, unit or None)


@register.filter
def fmt_digits(value, digits: int) -> str:
    """A bare number with a fixed number of decimals: ``{{ v|fmt_digits:2 }}``."""
    if value == "":
        value = None
    return format_value(value, None, digits=int(digits))


@register.filter
def fmt_due(value, unit: str | None = None) -> str:
    """An amount due pro rata: whole number when the unit counts items (134.63条 → 135条), else as ``fmt``."""
    if value == "":
        value = None
    return format_value(value, unit or None, whole=True)
