"""numfmt: one formatter for every figure (table-driven)."""

from decimal import Decimal

import pytest

from rongmei.engines.numfmt import format_value

CASES = [
    # (value, unit, digits, expected)
    # missing
    (None, None, None, "—"),
    (None, "ratio", None, "—"),
    (float("nan"), "条", None, "—"),
    (float("inf"), None, None, "—"),
    # percentages: fractions (share / growth measures) and percent points (环比)
    (0.123, "ratio", None, "12.3%"),
    (0.1, "ratio", None, "10.0%"),
    (1, "ratio", None, "100.0%"),
    (0.061337, "ratio", 2, "6.13%"),
    (-0.0972, "ratio", None, "-9.7%"),
    (-12.1, "%", None, "-12.1%"),
    (0.0, "ratio", None, "0.0%"),
    (-0.00001, "ratio", None, "0.0%"),  # no "-0.0%"
    # counts: exact below 10 万, 万/亿 above, CJK unit glued, Latin unit spaced
    (216, "条", None, "216条"),
    (12345, "篇", None, "12,345篇"),
    (99999, None, None, "99,999"),
    (100000, None, None, "10万"),
    (1877180.0, None, None, "187.72万"),
    (1877180.0, "pv", None, "187.72万 pv"),
    (123456789, "人次", None, "1.23亿人次"),
    (2.5, "场", None, "2.5场"),
    (456.0, "篇", None, "456篇"),
    (0, "场", None, "0场"),
    (3, "次", 2, "3.00次"),
    # hours
    (418.98, "小时", None, "418.98小时"),
    (216.0, "小时", None, "216小时"),
    (72.004, "小时", None, "72小时"),
    (1.5, "hours", None, "1.5小时"),
    # money: Decimal, always 2 decimals, separators
    (Decimal("1877180"), "元", None, "1,877,180.00元"),
    (Decimal("0.005"), "元", None, "0.01元"),  # half-up, not banker's
    (Decimal("93859.00"), "CNY", None, "93,859.00元"),
    (188.5, "万元", None, "188.50万元"),
    # scores
    (69.3786, "分", None, "69.38分"),
    (0, "分", None, "0.00分"),
    # strings that hold numbers (form/JSON input)
    ("1,234", "条", None, "1,234条"),
    ("abc", "条", None, "—"),
    (True, None, None, "—"),
]


@pytest.mark.parametrize(("value", "unit", "digits", "expected"), CASES)
def test_format_value(value, unit, digits, expected):
    assert format_value(value, unit, digits=digits) == expected


@pytest.mark.parametrize("value", [1877180.0, 1e21, 1.87718e6, 123456789012.0, 1e-7])
def test_never_scientific(value):
    for unit in (None, "条", "小时", "元", "ratio", "%"):
        text = format_value(value, unit)
        assert "e+" not in text and "e-" not in text and "E" not in text, text


def test_kpi_units_are_covered():
    """Every unit the contract templates use formats as a number followed by that unit."""
    from rongmei.engines.kpi import load_template, template_ids

    units = {ob.unit for tid in template_ids() for ob in load_template(tid).obligations if ob.unit}
    assert units, "templates declare units"
    for unit in units:
        text = format_value(1234567, unit)
        assert text.startswith(("123.46万", "1,234,567")), (unit, text)


def test_amount_due_in_counted_units_reads_whole():
    assert format_value(134.63, "条", whole=True) == "135条"
    assert format_value(2.5, "场", whole=True) == "3场"
    assert format_value(418.984, "小时", whole=True) == "418.98小时"  # hours stay fractional
    assert format_value(0.4567, "ratio", whole=True) == "45.7%"
    assert format_value(134.63, "条") == "134.63条"  # without whole= a figure is shown exactly as before
