"""Month arithmetic at the edges where ``replace(day=28) + timedelta`` tricks used to hide."""

from __future__ import annotations

import datetime as dt

import pytest

from rongmei.engines.months import add_months, month_end, month_start, months_between, next_month, prev_month

D = dt.date


@pytest.mark.parametrize(("day", "start", "end", "nxt", "prev"), [
    (D(2025, 1, 31), D(2025, 1, 1), D(2025, 1, 31), D(2025, 2, 1), D(2024, 12, 1)),
    (D(2024, 2, 29), D(2024, 2, 1), D(2024, 2, 29), D(2024, 3, 1), D(2024, 1, 1)),
    (D(2025, 2, 1), D(2025, 2, 1), D(2025, 2, 28), D(2025, 3, 1), D(2025, 1, 1)),
    (D(2025, 12, 15), D(2025, 12, 1), D(2025, 12, 31), D(2026, 1, 1), D(2025, 11, 1)),
])
def test_month_edges(day, start, end, nxt, prev):
    assert (month_start(day), month_end(day), next_month(day), prev_month(day)) == (start, end, nxt, prev)


def test_add_months_clamps_to_the_last_day():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)
    assert add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)


def test_months_between_spans_a_year_end():
    assert list(months_between(D(2025, 11, 20), D(2026, 2, 1))) == [
        D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)]
    assert list(months_between(D(2026, 3, 5), D(2026, 2, 1))) == []
