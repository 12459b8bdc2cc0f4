"""接口取数：经真实 HTTP 调用本地假平台服务器；每日任务在发布模块未就绪时跳过并说明原因。"""

from __future__ import annotations

import datetime as dt
import logging
import sys

import httpx
import pytest

from rongmei.core import clock
from rongmei.engines.platforms import Account, InMemoryTokenStore, RetryPolicy, get_adapter
from rongmei.metrics import services, tasks
from rongmei.metrics.models import DailyMetric, ItemStat, MonthlyCount


@pytest.fixture
def fake_url(fake_platform):
    return fake_platform.base_url


@pytest.fixture
def today(fake_url):
    day = clock.today()
    httpx.post(f"{fake_url}/__fake__/scenario", json={"reset": True, "today": day.isoformat()}, timeout=5)
    return day


def _client(code, url, **cred):
    return get_adapter(code, Account(f"{code}-acc", cred), base_url=url, token_store=InMemoryTokenStore(),
                       retry=RetryPolicy(max_attempts=2, sleep=lambda s: None, jitter=lambda d: d))


def test_wechat_fetch_over_http_stores_follower_days_and_article_stats(fake_url, today, accounts):
    client = _client("wechat", fake_url, appid="wx1234567890abcdef", secret="s3cr3t-appsecret-value-0001")
    start, end = today - dt.timedelta(days=10), today  # 结束日自动截到昨天
    result = services.metrics_fetch(account=accounts["wechat"], start=start, end=end, client=client, today=today)
    assert result.days == 10
    calls = httpx.get(f"{fake_url}/__fake__/log", timeout=5).json()["calls"]
    assert all(c["code"] in (None, 0) for c in calls if "datacube" in c["path"])  # 没有越过平台日期限制
    y = today - dt.timedelta(days=1)
    day = {m.name: m.value for m in DailyMetric.objects.filter(account=accounts["wechat"], date=y)}
    assert day["followers_net"] == day["followers_gained"] - day["followers_lost"]
    assert "followers_total" in day
    assert ItemStat.objects.filter(account=accounts["wechat"]).count() == 10
    assert MonthlyCount.objects.filter(account=accounts["wechat"], name="followers_gained").exists()
    # 再取一次：没有变化
    again = services.metrics_fetch(account=accounts["wechat"], start=start, end=end, client=client, today=today)
    assert again.batch.rows_created == 0 and again.batch.rows_superseded == 0


def test_douyin_fetch_respects_thirty_day_limit(fake_url, today, accounts):
    client = _client("douyin", fake_url, client_key="awkey", client_secret="dysecret-0001",
                     access_token="act.dy-0001", open_id="open-1", refresh_token="rft.dy-0001")
    result = services.metrics_fetch(account=accounts["douyin"], start=today - dt.timedelta(days=60),
                                    end=today - dt.timedelta(days=1), client=client, today=today)
    assert result.notes and "最近 30 天" in result.notes[0]
    dates = set(DailyMetric.objects.filter(account=accounts["douyin"]).values_list("date", flat=True))
    assert dates and min(dates) >= today - dt.timedelta(days=30)
    assert DailyMetric.objects.filter(account=accounts["douyin"], name="plays").exists()


def test_daily_task_skips_with_chinese_reason_when_publishing_has_no_credentials(accounts, caplog, monkeypatch):
    monkeypatch.setitem(sys.modules, "rongmei.publishing.credentials", None)  # 模块不存在
    with caplog.at_level(logging.INFO):
        out = tasks.run_daily_fetch()
    assert len(out) == 3 and all("跳过接口取数" in line for line in out)
    assert "跳过" in caplog.text


def test_daily_task_backfills_only_missing_days(fake_url, today, accounts, monkeypatch):
    client = _client("wechat", fake_url, appid="wx1234567890abcdef", secret="s3cr3t-appsecret-value-0001")
    # 发布应用给出统计接口客户端：只有公众号配置了凭证
    monkeypatch.setattr(services, "stats_client_for", lambda account: client if account.platform.code == "wechat" else None)
    ws = accounts["wechat"].workspace
    ws.period_start, ws.period_end = None, None
    ws.save()
    accounts["wechat"].refresh_from_db()
    services.metric_enter(actor=None, account=accounts["wechat"], date=today - dt.timedelta(days=1),
                          name="followers_gained", value=5)
    out = services.fetch_account_backfill(account=accounts["wechat"], days=5, today=today)
    assert "补取" in out
    gained = DailyMetric.objects.filter(account=accounts["wechat"], name="followers_gained", current=True)
    assert gained.count() == 5
    out = tasks.run_daily_fetch()
    assert any("没有配置统计接口凭证" in line for line in out)
