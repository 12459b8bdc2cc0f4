"""频次规则与推荐时段的提前检查（调休感知）、每日预警。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rongmei.publishing import planning
from rongmei.publishing.models import FrequencyRule

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


@pytest.fixture
def rules(workspace, platforms):
    # 这些测试用 2026 年的日期（调休、国庆）：合同服务期须覆盖它们（服务期外不预警）
    workspace.period_end = dt.date(2026, 12, 31)
    workspace.save(update_fields=["period_end"])
    FrequencyRule.objects.create(workspace=workspace, platform=platforms["wechat"], workday_min=2, holiday_min=1,
                                 week_min=10)
    FrequencyRule.objects.create(workspace=workspace, platform=platforms["weibo"], workday_min=5, workday_max=15)


def test_workday_gaps_and_makeup_workday(rules, make_item, accounts, schedule):
    # 2026-02-28（周六）是春节调休上班日；2026-03-02 周一
    today = dt.date(2026, 2, 27)
    (p,) = schedule(make_item("一篇"), [accounts["wechat"]], when=dt.datetime(2026, 3, 2, 8, 30, tzinfo=TZ))
    for i in range(3):
        schedule(make_item(f"微博{i}"), [accounts["weibo"]], when=dt.datetime(2026, 3, 2, 9 + i, 30, tzinfo=TZ))
    msgs = [w.message for w in planning.check(accounts["wechat"].workspace, today, dt.date(2026, 3, 2),
                                              today=today)]
    assert "3月2日是工作日，微信公众号“测试公众号”只计划了 1 篇（要求不少于 2 篇）" in msgs
    assert "3月2日是工作日，微博“测试微博”计划了 3 条（要求每个工作日 5–15 条）" in msgs
    assert any("这一周微信公众号“测试公众号”只计划了 1 篇（要求每周不少于 10 篇）" in m for m in msgs)
    assert any("未来 10 天没有给头条号“测试头条号”安排任何更新" in m for m in msgs)


def test_makeup_saturday_counts_as_workday(rules, accounts):
    sat = dt.date(2025, 10, 11)  # 国庆节调休上班的星期六
    msgs = [w.message for w in planning.check(accounts["wechat"].workspace, sat, sat, today=sat)]
    assert any(m.startswith("10月11日是工作日，微信公众号") for m in msgs)


def test_holiday_minimum(rules, accounts):
    day = dt.date(2026, 10, 1)
    msgs = [w.message for w in planning.check(accounts["wechat"].workspace, day, day, today=day)]
    assert "10月1日是休息日，微信公众号“测试公众号”只计划了 0 篇（要求不少于 1 篇）" in msgs


def test_recommended_window_warning(workspace, accounts):
    ok = dt.datetime(2026, 3, 2, 8, 30, tzinfo=TZ)
    bad = dt.datetime(2026, 3, 2, 14, 0, tzinfo=TZ)
    assert planning.window_warning(workspace, accounts["wechat"], ok) == ""
    assert "08:00–09:00" in planning.window_warning(workspace, accounts["wechat"], bad)
    assert planning.window_warning(workspace, accounts["weibo"], dt.datetime(2026, 3, 2, 23, 30, tzinfo=TZ)) == ""


def test_daily_digest_notifies_managers_and_editors(rules, accounts, personas):
    from rongmei.core.models import Notification

    assert planning.send_digests(dt.date(2026, 3, 2)) >= 2
    n = Notification.objects.get(user=personas["manager"], kind="publishing.digest")
    assert "测试公众号" in n.body
    assert not Notification.objects.filter(user=personas["client_leader"], kind="publishing.digest").exists()
