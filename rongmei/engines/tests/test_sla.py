import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from rongmei.engines import sla

BJ = ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_friday_afternoon_one_workday_is_monday_same_hour():
    assert sla.due(at("2025-11-14T17:00"), "1wd") == at("2025-11-17T17:00")


def test_arrival_at_night_starts_at_next_working_period():
    # 周二 22:00 收到，4 个工作小时 → 周三 13:00
    assert sla.due(at("2025-11-18T22:00"), "4wh") == at("2025-11-19T13:00")
    # 周六收到，1 个工作日 → 周一 18:00（从周一 09:00 起算满 9 小时）
    assert sla.due(at("2025-11-15T10:00"), "1wd") == at("2025-11-17T18:00")


def test_makeup_sunday_is_a_working_day():
    # 2025-09-28（周日）为国庆调休上班日：周六 2025-09-27 收到，1 个工作日 → 当周日 18:00
    assert sla.due(at("2025-09-27T12:00"), "1wd") == at("2025-09-28T18:00")


def test_golden_week_wednesday_is_not_a_working_day():
    # 2025-09-30（周二）17:00 收到；10-01 至 10-08 放假（10-01 是周三），10-09 上班 → 10-09 17:00
    assert sla.due(at("2025-09-30T17:00"), "1wd") == at("2025-10-09T17:00")


def test_calendar_hours_ignore_the_calendar_and_keep_the_zone():
    received = dt.datetime(2025, 10, 1, 23, 30, tzinfo=BJ)
    assert sla.due(received, "1h") == dt.datetime(2025, 10, 2, 0, 30, tzinfo=BJ)
    assert sla.due(received, "1wd").tzinfo is BJ


def test_hours_until_midnight_for_weibo_backend():
    hours = sla.parse_hours("08:00-24:00")
    # 16 小时的工作日：周五 20:00 + 1 个工作日 → 周一 20:00
    assert sla.due(at("2025-11-14T20:00"), "1wd", hours=hours) == at("2025-11-17T20:00")


def test_working_time_between_counts_only_open_hours():
    assert sla.working_time(at("2025-11-14T17:00"), at("2025-11-17T10:00")) == dt.timedelta(hours=2)
    assert sla.working_time(at("2025-11-17T10:00"), at("2025-11-14T17:00")) == dt.timedelta(0)


def test_custom_calendar_is_used_when_given():
    every_day = sla.due(at("2025-11-15T09:00"), "1wd", is_workday=lambda d: True)
    assert every_day == at("2025-11-15T18:00")


@pytest.mark.parametrize("bad", ["", "1d", "-1wd", "0wh", "abc"])
def test_bad_within_is_refused_in_chinese(bad):
    with pytest.raises(sla.SlaError, match="时限"):
        sla.parse_within(bad)


def test_bad_hours_are_refused():
    with pytest.raises(sla.SlaError, match="结束时间必须晚于开始时间"):
        sla.parse_hours("18:00-09:00")


def test_cli_prints_due_and_refuses_bad_input(capsys):
    assert sla.main(["--received", "2025-11-14T17:00", "--within", "1wd"]) == 0
    assert capsys.readouterr().out.strip() == "2025-11-17T17:00"
    assert sla.main(["--received", "2025-11-14T17:00", "--within", "1wd", "--hours", "08:00-24:00"]) == 0
    assert capsys.readouterr().out.strip() == "2025-11-17T17:00"
    assert sla.main(["--received", "昨天", "--within", "1wd"]) == 2
    assert "收到时间" in capsys.readouterr().err
    assert sla.main(["--received", "2025-11-14T17:00", "--within", "3x"]) == 2
    assert "时限" in capsys.readouterr().err


def test_working_time_by_days_matches_walking_the_working_periods():
    """统计页用的按天累加与逐个工作时段累加结果一致（含夜间、周末、调休、24:00 收工、秒与微秒）。"""
    import random

    rnd = random.Random(12)
    base = at("2025-09-25T00:00")
    for hours in (sla.DEFAULT_HOURS, sla.parse_hours("08:00-24:00")):
        for _ in range(3000):
            start = base + dt.timedelta(seconds=rnd.randrange(0, 86400 * 40), microseconds=rnd.randrange(0, 10**6))
            end = start + dt.timedelta(seconds=rnd.choice([rnd.randrange(0, 7200), rnd.randrange(0, 86400 * 12)]),
                                       microseconds=rnd.randrange(0, 10**6))
            assert sla.working_time(start, end, hours=hours) == sla._working_time_by_periods(start, end, hours=hours), \
                (start, end, hours)
