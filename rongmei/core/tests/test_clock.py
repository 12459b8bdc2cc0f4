"""One clock: "today" is the Beijing calendar day even on a server whose own zone is UTC.

At 00:30 in Beijing a UTC server is still on the previous day (16:30); ``date.today()`` there
answers yesterday. Every page and job must use ``rongmei.core.clock`` instead.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo

import pytest
import time_machine

from rongmei.core import clock

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# 2026-03-01 00:30 in Beijing = 2026-02-28 16:30 UTC: the day *and the month* differ from UTC.
# (Travel is given as a timestamp: a zoned datetime would make time-machine switch TZ itself.)
HALF_PAST_MIDNIGHT = dt.datetime(2026, 3, 1, 0, 30, tzinfo=SHANGHAI)


@pytest.fixture
def utc_server(monkeypatch):
    """The process's own zone is UTC, as on most servers (Django itself sets TZ from settings)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_today_is_the_beijing_day_at_half_past_midnight(utc_server):
    with time_machine.travel(HALF_PAST_MIDNIGHT.timestamp(), tick=False):
        assert dt.date.today() == dt.date(2026, 2, 28)  # the bug this module exists to avoid
        assert clock.today() == dt.date(2026, 3, 1)
        assert clock.yesterday() == dt.date(2026, 2, 28)
        assert clock.now() == HALF_PAST_MIDNIGHT
        assert clock.now().tzinfo is not None


def test_today_just_before_midnight_is_still_the_same_day(utc_server):
    with time_machine.travel(dt.datetime(2026, 2, 28, 23, 59, tzinfo=SHANGHAI).timestamp(), tick=False):
        assert clock.today() == dt.date(2026, 2, 28)


def test_calendar_page_opens_on_the_beijing_month(utc_server, login, personas, workspace):
    client = login(personas["manager"])
    with time_machine.travel(HALF_PAST_MIDNIGHT.timestamp(), tick=False):
        resp = client.get(f"/w/{workspace.slug}/calendar/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "2026 年 3 月" in html
    assert 'today" data-date="2026-03-01"' in html

