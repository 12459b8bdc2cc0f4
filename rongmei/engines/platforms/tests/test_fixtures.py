"""用记录的平台响应（fixtures/）离线测试解析与错误分类（httpx.MockTransport，不联网）。"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from rongmei.engines.platforms import Account, DeferError, PlatformError, RetryPolicy
from rongmei.engines.platforms.baijiahao import BaijiahaoClient
from rongmei.engines.platforms.douyin import DouyinClient
from rongmei.engines.platforms.kuaishou import KuaishouClient
from rongmei.engines.platforms.wechat import WechatClient
from rongmei.engines.platforms.weibo import WeiboClient

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def mock(routes: dict[str, tuple[int, dict]]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        status, body = routes[request.url.path]
        return httpx.Response(status, json=body)

    return httpx.Client(transport=httpx.MockTransport(handler))


NO_RETRY = RetryPolicy(max_attempts=1, sleep=lambda s: None)


def wechat(routes) -> WechatClient:
    routes = {"/cgi-bin/stable_token": (200, load("wechat_stable_token.json")), **routes}
    return WechatClient(Account("a", {"appid": "wx1", "secret": "sec-0001"}), http=mock(routes), retry=NO_RETRY)


def test_wechat_success_fixtures_parse():
    c = wechat({
        "/cgi-bin/draft/add": (200, load("wechat_draft_add.json")),
        "/cgi-bin/freepublish/submit": (200, load("wechat_freepublish_submit.json")),
        "/cgi-bin/freepublish/get": (200, load("wechat_freepublish_get_success.json")),
    })
    assert c.draft_add({"articles": []}) == "DRAFT_MEDIA_ID"
    assert c.freepublish_submit("DRAFT_MEDIA_ID")["publish_id"] == "2247503051"
    assert c.freepublish_get("1")["article_detail"]["item"][0]["article_url"] == "https://mp.weixin.qq.com/s/xxxx"


def test_wechat_quota_fixture_with_rid_suffix_is_deferred():
    c = wechat({"/cgi-bin/draft/add": (200, load("wechat_quota_45009.json"))})
    with pytest.raises(DeferError) as info:
        c.draft_add({"articles": []})
    assert info.value.code == 45009 and "rid:" in info.value.raw_message


def test_wechat_retired_datacube_fixture():
    import datetime as dt

    c = wechat({"/datacube/getarticletotal": (200, load("wechat_retired_47009.json"))})
    with pytest.raises(PlatformError) as info:
        c.datacube("getarticletotal", dt.date(2025, 1, 1), dt.date(2025, 1, 1))
    assert info.value.code == 47009 and "已下线" in info.value.explanation


def test_weibo_fixtures():
    ok = WeiboClient(Account("w", {"access_token": "tok-weibo-1"}),
                     http=mock({"/2/statuses/share.json": (200, load("weibo_share.json"))}), retry=NO_RETRY)
    assert ok.share("x https://a.gov.cn")["idstr"] == "3504803600502730"
    bad = WeiboClient(Account("w", {"access_token": "tok-weibo-1"}),
                      http=mock({"/2/statuses/share.json": (401, load("weibo_expired_token.json"))}), retry=NO_RETRY)
    with pytest.raises(PlatformError) as info:
        bad.share("x https://a.gov.cn")
    assert info.value.code == 21327 and "重新授权" in info.value.explanation


def test_douyin_fixtures():
    cred = {"client_key": "k", "open_id": "o", "access_token": "act.seedTOKEN1", "expires_at": "99999999999"}
    ok = DouyinClient(Account("d", cred), retry=NO_RETRY,
                      http=mock({"/api/douyin/v1/video/create_video/": (200, load("douyin_create_video.json"))}))
    assert ok.create_video({"video_id": "v"}).startswith("@8hxd")
    bad = DouyinClient(Account("d", cred), retry=NO_RETRY,
                       http=mock({"/api/douyin/v1/video/create_video/": (200, load("douyin_param_error.json"))}))
    with pytest.raises(PlatformError) as info:
        bad.create_video({"video_id": "v"})
    assert info.value.code == 2100005 and info.value.explanation == "请求参数不合法"


def test_kuaishou_fixtures():
    cred = {"app_id": "a", "app_secret": "s-0001", "access_token": "tokKS01", "expires_at": "99999999999"}
    from rongmei.engines.platforms import MediaFile

    cover = MediaFile("c.jpg", "image/jpeg", b"x")
    ok = KuaishouClient(Account("k", cred), retry=NO_RETRY,
                        http=mock({"/openapi/photo/publish": (200, load("kuaishou_publish.json"))}))
    assert ok.publish("UT", {"caption": "c"}, cover)["pending"] is True
    bad = KuaishouClient(Account("k", cred), retry=NO_RETRY,
                         http=mock({"/openapi/photo/publish": (200, load("kuaishou_param_error.json"))}))
    with pytest.raises(PlatformError) as info:
        bad.publish("UT", {"caption": "c"}, cover)
    assert info.value.code == 100200100


def test_baijiahao_fixtures():
    path = "/builderinner/open/resource/article/publish"
    ok = BaijiahaoClient(Account("b", {"app_id": "1", "app_token": "t-0001"}), retry=NO_RETRY,
                         http=mock({path: (200, load("baijiahao_publish.json"))}))
    assert ok.publish_article({"title": "x"}) == "1790000000000000"
    bad = BaijiahaoClient(Account("b", {"app_id": "1", "app_token": "t-0001"}), retry=NO_RETRY,
                          http=mock({path: (200, load("baijiahao_auth_failed.json"))}))
    with pytest.raises(PlatformError) as info:
        bad.publish_article({"title": "x"})
    assert info.value.code == 60001001 and "app_token" in info.value.explanation
