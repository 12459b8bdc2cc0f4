"""公众号适配器：通过真实 HTTP 对假服务器测试发布、续跑、token、错误分类和统计。"""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from rongmei.engines.platforms import (
    ConfigError,
    ContentKind,
    DeferError,
    MediaFile,
    PlatformError,
    PublishItem,
    PublishState,
    UncertainError,
    get_adapter,
)

from .conftest import JPEG, Persisted, SimulatedCrash, cover

BODY = '<p>本周六上午9时在滨江公园开展防汛应急演练。</p><img src="fig1"/><p>请市民注意绕行。</p>'


def article(**kw) -> PublishItem:
    base = dict(
        kind=ContentKind.ARTICLE,
        title="关于开展2025年度防汛演练的通知",
        author="市应急管理局",
        digest="本周六上午9时在滨江公园开展防汛应急演练。",
        body_html=BODY,
        source_url="https://www.example.gov.cn/notice/123.html",
        cover=cover(),
        images={"fig1": MediaFile("fig1.jpg", "image/jpeg", JPEG)},
        idempotency_key="rev-42:gov-wx-1",
    )
    base.update(kw)
    return PublishItem(**base)


@pytest.fixture
def adapter(fake, wechat_account, store, retry):
    return get_adapter("wechat", wechat_account, base_url=fake.base_url, token_store=store, retry=retry)


def test_publish_happy_path_uploads_images_and_polls_until_published(adapter, fake):
    saved = Persisted()
    progress = adapter.publish(article(), {}, on_step=saved)
    assert progress.state is PublishState.PUBLISHING  # 第一次查询：发表中
    assert progress.next_check_after and progress.next_check_after > 0
    done = adapter.status(saved.load())
    assert done.state is PublishState.PUBLISHED
    assert done.url.startswith("https://mp.weixin.qq.com/s/")
    assert done.external_id.startswith("ART_")
    # 正文里的图片换成了 uploadimg 返回的地址
    draft = fake.calls("/cgi-bin/draft/add")
    assert len(draft) == 1
    assert saved.saved["steps"]["image:fig1"].startswith("http://mmbiz.qpic.cn/")
    assert [p["title"] for p in fake.posts()] == ["关于开展2025年度防汛演练的通知"]
    # 已完成后再调 publish/status 不再访问平台
    n = len(fake.calls())
    assert adapter.publish(article(), done.checkpoint).state is PublishState.PUBLISHED
    assert len(fake.calls()) == n


def test_crash_after_submit_is_resumed_without_second_post(adapter, fake):
    saved = Persisted(crash_when=lambda cp: "submit" in cp["steps"])
    with pytest.raises(SimulatedCrash):
        adapter.publish(article(), {}, on_step=saved)
    progress = adapter.publish(article(), saved.load(), on_step=saved)  # 重新入队的任务
    assert progress.state in (PublishState.PUBLISHING, PublishState.PUBLISHED)
    assert adapter.status(saved.load()).state is PublishState.PUBLISHED
    assert len(fake.calls("/cgi-bin/freepublish/submit")) == 1
    assert len(fake.calls("/cgi-bin/draft/add")) == 1
    assert len(fake.posts("wechat")) == 1


def test_crash_after_draft_skips_upload_and_draft_on_rerun(adapter, fake):
    saved = Persisted(crash_when=lambda cp: "draft" in cp["steps"])
    with pytest.raises(SimulatedCrash):
        adapter.publish(article(), {}, on_step=saved)
    assert fake.posts() == []
    adapter.publish(article(), saved.load(), on_step=saved)
    assert len(fake.calls("/cgi-bin/draft/add")) == 1
    assert len(fake.calls("/cgi-bin/material/add_material")) == 1
    assert len(fake.calls("/cgi-bin/media/uploadimg")) == 1
    assert len(fake.calls("/cgi-bin/freepublish/submit")) == 1
    assert len(fake.posts()) == 1


def test_crash_before_submit_result_was_saved_reconciles_instead_of_resubmitting(adapter, fake):
    # 提交成功了，但在保存 publish_id 之前进程被杀：库里只有 pending="submit"
    saved = Persisted(crash_when=lambda cp: "submit" in cp["steps"], persist_before_crash=False)
    with pytest.raises(SimulatedCrash):
        adapter.publish(article(), {}, on_step=saved)
    assert saved.saved["pending"] == "submit" and "submit" not in saved.saved["steps"]
    progress = adapter.publish(article(), saved.load(), on_step=saved)
    assert progress.state is PublishState.PUBLISHED
    assert progress.url.startswith("https://mp.weixin.qq.com/s/")
    assert len(fake.calls("/cgi-bin/freepublish/submit")) == 1
    assert len(fake.posts()) == 1


def test_lost_submit_response_is_uncertain_then_reconciled(adapter, fake):
    fake.fail("/cgi-bin/freepublish/submit", 0, mode="drop_after")  # 平台已执行，响应丢失
    saved = Persisted()
    with pytest.raises(UncertainError) as info:
        adapter.publish(article(), {}, on_step=saved)
    assert not info.value.retryable
    assert "避免重复发布" in info.value.explanation
    assert saved.saved["pending"] == "submit"
    progress = adapter.publish(article(), saved.load(), on_step=saved)
    assert progress.state is PublishState.PUBLISHED
    assert len(fake.calls("/cgi-bin/freepublish/submit")) == 1
    assert len(fake.posts()) == 1


def test_interrupted_submit_that_never_reached_platform_is_submitted_again(adapter, fake):
    # pending="submit" 但草稿还在草稿箱：说明没提交成功，可以安全重提
    saved = Persisted(crash_when=lambda cp: cp["pending"] == "submit")
    with pytest.raises(SimulatedCrash):
        adapter.publish(article(), {}, on_step=saved)
    assert fake.calls("/cgi-bin/freepublish/submit") == []
    adapter.publish(article(), saved.load(), on_step=saved)
    assert len(fake.calls("/cgi-bin/freepublish/submit")) == 1
    assert len(fake.posts()) == 1


def test_token_expiring_between_two_calls_is_refreshed_once(adapter, fake):
    def expire_after_thumb(cp):
        if list(cp["steps"]) == ["thumb"]:
            fake.scenario(expire_tokens=True)

    adapter.publish(article(), {}, on_step=expire_after_thumb)
    assert len(fake.calls("/cgi-bin/stable_token")) == 2  # 首次获取 + 一次刷新
    assert [c["code"] for c in fake.calls("/cgi-bin/media/uploadimg")] == [42001, None]
    assert len(fake.posts()) == 1


def test_token_is_refreshed_before_expiry_without_error(fake, wechat_account, store, retry):
    now = [1_800_000_000.0]
    adapter = get_adapter(
        "wechat", wechat_account, base_url=fake.base_url, token_store=store, retry=retry, clock=lambda: now[0]
    )
    adapter.client.list_comments("2247490098")
    now[0] += 7200 - 200  # 离过期不到 300 秒
    adapter.client.list_comments("2247490098")
    assert len(fake.calls("/cgi-bin/stable_token")) == 2
    assert all(c["code"] in (None, 0) for c in fake.calls("/cgi-bin/comment/list"))
    now[0] += 10
    adapter.client.list_comments("2247490098")
    assert len(fake.calls("/cgi-bin/stable_token")) == 2  # 缓存命中


def test_daily_quota_defers_with_retry_after(adapter, fake):
    fake.fail("/cgi-bin/draft/add", 45009, message="reach max api daily quota limit")
    saved = Persisted()
    with pytest.raises(DeferError) as info:
        adapter.publish(article(), {}, on_step=saved)
    err = info.value
    assert err.code == 45009 and err.retryable and 60 <= err.retry_after <= 86400 + 300
    assert "今日上限" in err.explanation
    assert "reach max api daily quota limit" in err.raw_message
    # 稍后重试时从断点继续，不重复上传
    adapter.publish(article(), saved.load(), on_step=saved)
    assert len(fake.calls("/cgi-bin/material/add_material")) == 1
    assert len(fake.posts()) == 1


def test_minute_quota_defers_sixty_seconds(adapter, fake):
    fake.fail("/cgi-bin/freepublish/submit", 45011)
    with pytest.raises(DeferError) as info:
        adapter.publish(article(), {})
    assert info.value.retry_after == 60
    assert fake.posts() == []


def test_busy_is_retried_with_backoff_then_succeeds(adapter, fake, sleeps):
    fake.fail("/cgi-bin/draft/add", -1, times=2, message="system error")
    progress = adapter.publish(article(), {})
    assert progress.state is PublishState.PUBLISHING
    assert sleeps.delays == [1.0, 2.0]
    assert [c["code"] for c in fake.calls("/cgi-bin/draft/add")] == [-1, -1, None]


def test_busy_beyond_attempts_is_retryable_failure(adapter, fake, sleeps):
    fake.fail("/cgi-bin/draft/add", -1, times=5)
    with pytest.raises(PlatformError) as info:
        adapter.publish(article(), {})
    assert info.value.retryable and info.value.code == -1
    assert "繁忙" in info.value.explanation
    assert len(sleeps.delays) == 2


def test_permanent_error_has_code_and_chinese_explanation(adapter, fake):
    fake.fail("/cgi-bin/freepublish/submit", 53503, message="draft publish check failed")
    saved = Persisted()
    with pytest.raises(PlatformError) as info:
        adapter.publish(article(), {}, on_step=saved)
    err = info.value
    assert (err.platform, err.code, err.retryable) == ("wechat", 53503, False)
    assert err.explanation == "草稿未通过发表检查，请在公众号后台查看原因"
    assert saved.saved["pending"] is None  # 平台明确拒绝：可以安全重提
    assert saved.saved["last_response"]["code"] == 53503


def test_unknown_code_is_reported_verbatim(adapter, fake):
    fake.fail("/cgi-bin/draft/add", 99999, message="something odd")
    with pytest.raises(PlatformError) as info:
        adapter.publish(article(), {})
    assert info.value.explanation.startswith("平台返回错误码 99999：something odd")


def test_failed_review_ends_in_failed_state(adapter, fake):
    fake.scenario(publish_polls=0, publish_outcome="failed", wechat_fail_status=4)
    progress = adapter.publish(article(), {})
    assert progress.state is PublishState.FAILED
    assert "平台审核不通过" in progress.message
    assert progress.error.code == "publish_status_4"


def test_processing_transitions_driven_by_poll_count(adapter, fake):
    fake.scenario(publish_polls=3)
    saved = Persisted()
    states = [adapter.publish(article(), {}, on_step=saved).state]
    cp = saved.load()
    for _ in range(3):
        cp = adapter.status(cp).checkpoint
        states.append(PublishState(cp["state"]))
    assert states == [PublishState.PUBLISHING] * 3 + [PublishState.PUBLISHED]
    assert len(fake.calls("/cgi-bin/freepublish/get")) == 4


def test_mass_send_is_deduplicated_by_clientmsgid(adapter, fake):
    item = article(options={"mass_send": True})
    saved = Persisted(crash_when=lambda cp: "mass" in cp["steps"], persist_before_crash=False)
    with pytest.raises(SimulatedCrash):
        adapter.publish(item, {}, on_step=saved)
    progress = adapter.publish(item, saved.load(), on_step=saved)
    assert progress.state is PublishState.PUBLISHING
    assert [c["code"] for c in fake.calls("/cgi-bin/message/mass/sendall")] == [0, 45065]
    assert len(fake.posts()) == 1
    assert adapter.status(saved.load()).state is PublishState.PUBLISHED


def test_wrong_secret_is_a_config_error(fake, store, retry):
    from rongmei.engines.platforms import Account

    adapter = get_adapter("wechat", Account("x", {"appid": "wx1", "secret": "wrong-secret"}),
                          base_url=fake.base_url, token_store=store, retry=retry)
    with pytest.raises(ConfigError) as info:
        adapter.publish(article(), {})
    assert info.value.code == 40125 and "AppSecret" in info.value.explanation


def test_invalid_content_is_rejected_before_any_call(adapter, fake):
    with pytest.raises(PlatformError) as info:
        adapter.publish(article(title="标" * 33, images={}), {})
    assert "标题不能超过 32 字" in info.value.explanation
    assert "fig1 没有对应文件" in info.value.explanation
    assert fake.calls() == []


def test_is_stuck_after_max_publishing_duration(adapter):
    cp = {"platform": "wechat", "state": "publishing", "started_at": 1000.0}
    assert not adapter.is_stuck(cp, now=1000.0 + 3600)
    assert adapter.is_stuck(cp, now=1000.0 + 2 * 3600 + 1)
    assert not adapter.is_stuck({**cp, "state": "published"}, now=10**10)


# --- 统计 ---------------------------------------------------------------------------------------


def test_user_stats_split_into_seven_day_windows_and_clamped_to_yesterday(adapter, fake):
    fake.scenario(today="2026-11-22")
    rows = adapter.fetch_metrics(dt.date(2026, 11, 1), dt.date(2026, 11, 30), today=dt.date(2026, 11, 22))
    bodies = [c for c in fake.calls("/datacube/getusersummary")]
    assert len(bodies) == 3  # 1–7, 8–14, 15–21
    assert all(c["code"] is None for c in bodies)
    days = sorted({r.date for r in rows if r.metric == "net_user"})
    assert days[0] == dt.date(2026, 11, 1) and days[-1] == dt.date(2026, 11, 21)
    by = {(r.date, r.metric): r.value for r in rows if not r.external_id}
    d = dt.date(2026, 11, 5)
    assert by[(d, "net_user")] == by[(d, "new_user")] - by[(d, "cancel_user")]
    assert (d, "cumulate_user") in by
    articles = [r for r in rows if r.external_id]
    assert {r.metric for r in articles} >= {"read_user", "share_user", "like_user"}
    assert len(fake.calls("/datacube/getarticletotaldetail")) == 21  # 新接口跨度 1 天
    assert all(r.platform == "wechat" and r.account_id == "gov-wx-1" for r in rows)


def test_retired_article_endpoint_reports_47009_in_chinese(adapter, fake):
    fake.scenario(today="2026-11-22")
    with pytest.raises(PlatformError) as info:
        adapter.client.datacube("getarticlesummary", dt.date(2026, 11, 20), dt.date(2026, 11, 20))
    assert info.value.code == 47009
    assert "已下线" in info.value.explanation


def test_comment_list_and_local_count_limit(adapter):
    body = adapter.client.list_comments("2247490098", index=0, count=49)
    assert body["comment"][0]["content"] == "请问演练地点在哪？"
    with pytest.raises(ConfigError):
        adapter.client.list_comments("2247490098", count=50)


# --- 脱敏 ---------------------------------------------------------------------------------------


def test_secrets_and_tokens_never_appear_in_logs_or_errors(adapter, fake, wechat_account, store, caplog):
    caplog.set_level(logging.DEBUG)
    adapter.publish(article(), {})
    token = store.get("wechat:gov-wx-1").access_token
    secret = wechat_account.credentials["secret"]
    fake.fail("/cgi-bin/draft/add", 40033, message=f"bad charset access_token={token} secret={secret}")
    with pytest.raises(PlatformError) as info:
        adapter.publish(article(), {})
    texts = [caplog.text, str(info.value), repr(info.value), str(info.value.as_dict()), repr(adapter),
             repr(adapter.client), repr(wechat_account), repr(store.get("wechat:gov-wx-1"))]
    for text in texts:
        assert secret not in text
        assert token not in text
    assert "access_token=***" in info.value.raw_message
