"""Month arithmetic, in one place, on ``dateutil.relativedelta`` (no ``replace(day=28) + 4 days``).

Pure Python; every app and engine that steps by calendar months uses these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from dateutil.relativedelta import relativedelta

__all__ = ["add_months", "month_end", "month_start", "months_between", "next_month", "prev_month"]


def month_start(day: dt.date) -> dt.date:
    """The 1st of ``day``'s month."""
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month (28, 29, 30 or 31)."""
    return month_start(day) + relativedelta(months=1, days=-1)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; a day that does not exist is clamped (Jan 31 + 1 → Feb 28/29)."""
    return day + relativedelta(months=months)


def next_month(day: dt.date) -> dt.date:
    """The 1st of the month after ``day``'s."""
    return month_start(day) + relativedelta(months=1)


def prev_month(day: dt.date) -> dt.date:
    """The 1st of the month before ``day``'s."""
    return month_start(day) - relativedelta(months=1)


def months_between(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The 1st of every month from ``first``'s to ``last``'s, inclusive."""
    month = month_start(first)
    while month <= last:
        yield month
        month = next_month(month)
