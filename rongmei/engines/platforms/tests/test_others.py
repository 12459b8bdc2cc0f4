"""微博、抖音、快手、百家号适配器：经真实 HTTP 对假服务器。"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from rongmei.engines.platforms import (
    Account,
    AuthError,
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

from .conftest import Persisted, SimulatedCrash, cover

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"fake-video" * 100
FAR = str(int(time.time()) + 10 * 86400)


def video_item(**kw) -> PublishItem:
    base = dict(kind=ContentKind.VIDEO, title="防汛演练现场", text="防汛演练现场，请市民注意安全", tags=("应急科普",),
                video=MediaFile("drill.mp4", "video/mp4", MP4), cover=cover(), idempotency_key="rev-7:acc")
    base.update(kw)
    return PublishItem(**base)


def make(code, fake, store, retry, **cred):
    return get_adapter(code, Account(f"{code}-acc", cred), base_url=fake.base_url, token_store=store, retry=retry)


# --- 微博 ---------------------------------------------------------------------------------------


@pytest.fixture
def weibo(fake, store, retry):
    return make("weibo", fake, store, retry, access_token="2.00weiboTOKENvalue0001", uid="1904178193")


def weibo_item(**kw) -> PublishItem:
    base = dict(kind=ContentKind.TEXT, title="防汛演练通知", digest="本周六上午9时滨江公园防汛演练",
                source_url="https://www.example.gov.cn/notice/123.html", cover=cover())
    base.update(kw)
    return PublishItem(**base)


def test_weibo_share_publishes_once_with_url(weibo, fake):
    saved = Persisted()
    progress = weibo.publish(weibo_item(), {}, on_step=saved)
    assert progress.state is PublishState.PUBLISHED
    assert progress.url == f"https://weibo.com/1904178193/{progress.external_id}"
    assert saved.saved["state"] == "published"
    again = weibo.publish(weibo_item(), saved.load())
    assert again.state is PublishState.PUBLISHED
    assert len(fake.posts("weibo")) == 1


def test_weibo_http_4xx_error_is_classified(weibo, fake):
    fake.fail("/2/statuses/share.json", 20017, message="repeated weibo text!", http_status=400)
    with pytest.raises(PlatformError) as info:
        weibo.publish(weibo_item(), {})
    assert (info.value.code, info.value.http_status) == (20017, 400)
    assert "重复" in info.value.explanation


def test_weibo_rate_limit_defers_one_hour(weibo, fake):
    fake.fail("/2/statuses/share.json", 10024, http_status=403)
    with pytest.raises(DeferError) as info:
        weibo.publish(weibo_item(), {})
    assert info.value.retry_after == 3600


def test_weibo_expired_authorisation_asks_for_reauthorisation(weibo, fake):
    fake.http.post("/__fake__/scenario", json={})
    weibo.client.counts(["1"])  # 让假服务器认识这个 token
    fake.scenario(expire_tokens=True)
    saved = Persisted()
    with pytest.raises(AuthError) as info:
        weibo.publish(weibo_item(), {}, on_step=saved)
    assert "重新授权" in info.value.explanation
    assert saved.saved["pending"] is None  # 明确失败：没有发出去，可以重新授权后再发
    assert fake.posts() == []


def test_weibo_validation_requires_link_and_no_topics(weibo):
    problems = weibo.validate(weibo_item(source_url="", text="#防汛# 演练"))
    assert any("链接" in p for p in problems) and any("话题" in p for p in problems)


def test_weibo_lost_response_is_uncertain_and_never_reposted(weibo, fake):
    fake.fail("/2/statuses/share.json", 0, mode="drop_after")
    saved = Persisted()
    with pytest.raises(UncertainError):
        weibo.publish(weibo_item(), {}, on_step=saved)
    with pytest.raises(UncertainError) as info:
        weibo.publish(weibo_item(), saved.load(), on_step=saved)
    assert "人工" in info.value.explanation
    assert len(fake.posts("weibo")) == 1
    assert len(fake.calls("/2/statuses/share.json")) == 1


def test_weibo_counts_as_snapshot_rows(weibo):
    rows = weibo.fetch_metrics(dt.date(2026, 11, 1), dt.date(2026, 11, 21), external_ids=("111", "222"))
    assert {(r.external_id, r.metric, r.value) for r in rows} >= {("111", "comments", 16.0), ("222", "reposts", 38.0)}


# --- 抖音 ---------------------------------------------------------------------------------------


@pytest.fixture
def douyin(fake, store, retry):
    return make("douyin", fake, store, retry, client_key="awkey", open_id="b9b71865-open",
                access_token="act.seedTOKEN000001", refresh_token="rft.refreshTOKEN01", expires_at=FAR)


def test_douyin_upload_create_then_review(douyin, fake):
    fake.scenario(publish_polls=1)
    saved = Persisted()
    progress = douyin.publish(video_item(), {}, on_step=saved)
    assert progress.state is PublishState.PUBLISHING  # 审核中
    done = douyin.status(saved.load())
    assert done.state is PublishState.PUBLISHED and done.url.startswith("https://www.iesdouyin.com/")
    assert len(fake.posts("douyin")) == 1
    assert fake.posts("douyin")[0]["title"] == "防汛演练现场，请市民注意安全 #应急科普"


def test_douyin_error_code_envelope_and_rate_limit(douyin, fake):
    fake.fail("/api/douyin/v1/video/create_video/", 28003018)
    saved = Persisted()
    with pytest.raises(DeferError) as info:
        douyin.publish(video_item(), {}, on_step=saved)
    assert info.value.code == 28003018 and info.value.retry_after == 60
    douyin.publish(video_item(), saved.load(), on_step=saved)
    assert len(fake.calls("/api/douyin/v1/video/upload_video/")) == 1  # 上传不重做
    assert len(fake.posts("douyin")) == 1


def test_douyin_busy_retried(douyin, fake, sleeps):
    fake.fail("/api/douyin/v1/video/upload_video/", 28001005, times=1)
    douyin.publish(video_item(), {})
    assert len(sleeps.delays) == 1 and len(fake.posts()) == 1


def test_douyin_no_capability_is_config_error(douyin, fake):
    fake.fail("/api/douyin/v1/video/create_video/", 28001014)
    with pytest.raises(ConfigError) as info:
        douyin.publish(video_item(), {})
    assert "人工发布" in info.value.explanation


def test_douyin_expired_token_refreshed_with_refresh_token(douyin, fake):
    douyin.publish(video_item(), {})
    fake.scenario(expire_tokens=True)
    douyin.status({"platform": "douyin", "steps": {"create": {"item_id": fake.posts()[0]["id"]}}})
    assert len(fake.calls("/oauth/refresh_token/")) == 1
    codes = [c["code"] for c in fake.calls("/api/douyin/v1/video/video_data/")]
    assert codes == [0, 28001008, 0]


def test_douyin_user_series_metrics(douyin, fake):
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    fake.scenario(today=today.isoformat())
    start = today - dt.timedelta(days=10)
    rows = douyin.fetch_metrics(start, today - dt.timedelta(days=1), external_ids=("@item1",))
    fans = [r for r in rows if r.metric == "new_fans"]
    assert len(fans) == 10 and all(start <= r.date < today for r in fans)
    assert any(r.metric == "play_count" and r.external_id == "@item1" for r in rows)


# --- 快手 ---------------------------------------------------------------------------------------


@pytest.fixture
def kuaishou(fake, store, retry):
    return make("kuaishou", fake, store, retry, app_id="ks123", app_secret="kssecretvalue001",
                refresh_token="ChJvYXV0aC5yZWZyZXNoVG9rZW4S")


def test_kuaishou_three_step_publish_and_pending(kuaishou, fake):
    fake.scenario(publish_polls=1)
    saved = Persisted(crash_when=lambda cp: "publish" in cp["steps"])
    with pytest.raises(SimulatedCrash):
        kuaishou.publish(video_item(), {}, on_step=saved)
    progress = kuaishou.publish(video_item(), saved.load(), on_step=saved)
    assert progress.state is PublishState.PUBLISHING  # pending=true
    done = kuaishou.status(saved.load())
    assert done.state is PublishState.PUBLISHED and done.external_id.startswith("3x")
    assert len(fake.calls("/openapi/photo/publish")) == 1
    assert len(fake.calls("/api/upload/multipart")) == 1
    assert len(fake.posts("kuaishou")) == 1
    assert len(fake.calls("/oauth2/refresh_token")) == 1  # 没有现成 token：用 refresh_token 换一次


def test_kuaishou_result_error_code(kuaishou, fake):
    fake.fail("/openapi/photo/publish", 100200100, message="caption invalid")
    with pytest.raises(PlatformError) as info:
        kuaishou.publish(video_item(), {})
    assert info.value.code == 100200100 and info.value.explanation == "快手接口参数错误"


def test_kuaishou_counts(kuaishou, fake):
    kuaishou.publish(video_item(), {})
    pid = fake.posts()[0]["id"]
    kuaishou.client.photo_info(pid)
    rows = kuaishou.fetch_metrics(dt.date(2026, 11, 1), dt.date(2026, 11, 2), external_ids=(pid,))
    assert {r.metric for r in rows} == {"view_count", "like_count", "comment_count"}


# --- 百家号 -------------------------------------------------------------------------------------


@pytest.fixture
def baijiahao(fake, store, retry):
    return make("baijiahao", fake, store, retry, app_id="1672969461062585", app_token="bjhTOKENvalue0001")


def bjh_item(**kw) -> PublishItem:
    base = dict(kind=ContentKind.ARTICLE, title="关于开展年度防汛演练的通知", body_html="<p>正文</p>",
                source_url="https://www.example.gov.cn/notice/123.html",
                cover=MediaFile("c.jpg", "image/jpeg", url="https://www.example.gov.cn/img/cover.jpg"))
    base.update(kw)
    return PublishItem(**base)


def test_baijiahao_publish_and_status(baijiahao, fake):
    fake.scenario(publish_polls=1)
    saved = Persisted()
    assert baijiahao.publish(bjh_item(), {}, on_step=saved).state is PublishState.PUBLISHING
    done = baijiahao.status(saved.load())
    assert done.state is PublishState.PUBLISHED and done.url.startswith("https://baijiahao.baidu.com/s?id=")
    assert baijiahao.format(bjh_item())["cover_images"] == '[{"src": "https://www.example.gov.cn/img/cover.jpg"}]'


def test_baijiahao_errno_quota_and_auth(baijiahao, fake, store, retry):
    fake.fail("/builderinner/open/resource/article/publish", 60001009)
    with pytest.raises(DeferError) as info:
        baijiahao.publish(bjh_item(), {})
    assert "额度" in info.value.explanation
    bad = make("baijiahao", fake, store, retry, app_id="1", app_token="wrong-token")
    with pytest.raises(ConfigError) as info2:
        bad.publish(bjh_item(), {})
    assert info2.value.code == 60001001


def test_baijiahao_lost_response_reconciled_from_article_list(baijiahao, fake):
    fake.fail("/builderinner/open/resource/article/publish", 0, mode="drop_after")
    saved = Persisted()
    with pytest.raises(UncertainError):
        baijiahao.publish(bjh_item(), {}, on_step=saved)
    progress = baijiahao.publish(bjh_item(), saved.load(), on_step=saved)
    assert progress.external_id == fake.posts()[0]["id"]
    assert len(fake.posts("baijiahao")) == 1


def test_baijiahao_title_length_checked_locally(baijiahao, fake):
    with pytest.raises(PlatformError) as info:
        baijiahao.publish(bjh_item(title="太短"), {})
    assert "8–40" in info.value.explanation and fake.calls() == []


def test_baijiahao_video(baijiahao, fake):
    item = video_item(video=MediaFile("v.mp4", "video/mp4", url="https://www.example.gov.cn/v/drill.mp4"),
                      title="防汛演练现场视频实录", cover=None)
    baijiahao.publish(item, {})
    assert fake.posts("baijiahao")[0]["kind"] == "video"
