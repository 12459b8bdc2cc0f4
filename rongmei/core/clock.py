"""The one clock: what "now" and "today" mean everywhere in rongmei.

Every Django app asks this module, never ``datetime.date.today()`` (the server's own zone, which is
UTC on most hosts and so one day behind Beijing between 00:00 and 08:00) nor a hand-made ``+8``
offset. "Today" is the calendar day in ``settings.TIME_ZONE`` (Asia/Shanghai), which is the day a
user in the newsroom sees on the wall. Engines stay pure: they take dates as parameters, and the
caller passes ``clock.today()``.

Tests move time with ``time-machine`` (it patches ``time.time`` underneath ``timezone.now``).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

__all__ = ["now", "today", "yesterday"]


def now() -> dt.datetime:
    """The current instant, timezone-aware (UTC inside, shown in Asia/Shanghai)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in Asia/Shanghai (settings.TIME_ZONE), whatever the server's own zone."""
    return timezone.localdate(timezone.now())


def yesterday() -> dt.date:
    """The last complete day in Asia/Shanghai: the default end of every "recent figures" range."""
    return today() - dt.timedelta(days=1)
