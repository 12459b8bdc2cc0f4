"""OAuth 授权码流程：授权页地址、假授权页的 302、授权码换令牌（成功、重复使用、过期、拒绝、密钥错）。经真实 HTTP。"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from rongmei.engines.platforms import Account, AuthError, ConfigError, InMemoryTokenStore, get_adapter
from rongmei.engines.platforms.authorization import authorize_url, exchange_code

from .test_others import MP4, video_item

CREDS = {
    "douyin": {"client_key": "awfakeclientkey", "client_secret": "dy-secret-0001"},
    "kuaishou": {"app_id": "ks680000001", "app_secret": "ks-secret-0001"},
    "weibo": {"app_key": "3815670001", "app_secret": "wb-secret-0001"},
}
KEY = {"douyin": "client_key", "kuaishou": "app_id", "weibo": "app_key"}
CALLBACK = "http://rongmei.intranet:8000/w/bj/publishing/oauth/callback/"


def get_code(fake, platform: str, state: str = "st-1") -> dict:
    url = authorize_url(platform, CREDS[platform][KEY[platform]], CALLBACK, state, base_url=fake.base_url)
    resp = httpx.get(url, follow_redirects=False)
    assert resp.status_code == 302
    location = resp.headers["location"]
    assert location.startswith(CALLBACK)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def test_authorize_urls_follow_the_documented_shape():
    dy = urlsplit(authorize_url("douyin", "awkey", CALLBACK, "s1"))
    assert (dy.netloc, dy.path) == ("open.douyin.com", "/platform/oauth/connect/")
    q = parse_qs(dy.query)
    assert q["client_key"] == ["awkey"] and q["response_type"] == ["code"] and q["state"] == ["s1"]
    assert q["redirect_uri"] == [CALLBACK] and "video.create" in q["scope"][0]
    ks = urlsplit(authorize_url("kuaishou", "ks1", CALLBACK, "s2", ["user_info"]))
    assert ks.path == "/oauth2/authorize" and parse_qs(ks.query)["app_id"] == ["ks1"]
    assert parse_qs(ks.query)["scope"] == ["user_info"]
    wb = urlsplit(authorize_url("weibo", "3815", CALLBACK, "s3"))
    assert (wb.netloc, wb.path) == ("api.weibo.com", "/oauth2/authorize") and parse_qs(wb.query)["client_id"] == ["3815"]
    with pytest.raises(ConfigError) as exc:
        authorize_url("wechat", "x", CALLBACK, "s")
    assert "不支持" in exc.value.explanation


@pytest.mark.parametrize("platform", ["douyin", "kuaishou", "weibo"])
def test_code_exchange_gives_tokens_that_work(fake, retry, platform):
    back = get_code(fake, platform, state="abc")
    assert back["state"] == "abc"
    token = exchange_code(platform, CREDS[platform], back["code"], CALLBACK, base_url=fake.base_url, retry=retry)
    assert token.access_token and token.expires_at > 0
    if platform == "weibo":
        assert token.extra["uid"] == "1904178193" and not token.refresh_token
    else:
        assert token.extra["open_id"] and token.refresh_token and token.refresh_expires_at > token.expires_at
    # 一次只能用：再换就报错，说明里有中文
    with pytest.raises(AuthError) as exc:
        exchange_code(platform, CREDS[platform], back["code"], CALLBACK, base_url=fake.base_url, retry=retry)
    assert exc.value.code in (10007, 100200100, 21325)
    assert "授权码" in exc.value.explanation and "重新" in exc.value.explanation
    assert token.access_token not in str(exc.value)


def test_new_douyin_token_publishes(fake, retry):
    back = get_code(fake, "douyin")
    token = exchange_code("douyin", CREDS["douyin"], back["code"], CALLBACK, base_url=fake.base_url, retry=retry)
    creds = {**CREDS["douyin"], "open_id": token.extra["open_id"], "access_token": token.access_token,
             "refresh_token": token.refresh_token, "expires_at": str(token.expires_at)}
    adapter = get_adapter("douyin", Account("dy", creds), base_url=fake.base_url, token_store=InMemoryTokenStore(),
                          retry=retry)
    fake.scenario(publish_polls=0)
    progress = adapter.publish(video_item())
    assert progress.external_id and MP4
    rows = adapter.fetch_metrics(dt.date.today() - dt.timedelta(days=3), dt.date.today())
    assert rows


def test_expired_code_and_wrong_secret_and_denial(fake, retry):
    fake.scenario(oauth_code_lifetime=0)
    back = get_code(fake, "weibo")
    with pytest.raises(AuthError) as exc:
        exchange_code("weibo", CREDS["weibo"], back["code"], CALLBACK, base_url=fake.base_url, retry=retry)
    assert exc.value.code == 21325
    fake.scenario(oauth_code_lifetime=600)
    back = get_code(fake, "douyin")
    with pytest.raises(ConfigError) as cfg:
        exchange_code("douyin", {**CREDS["douyin"], "client_secret": "wrong"}, back["code"], CALLBACK,
                      base_url=fake.base_url, retry=retry)
    assert cfg.value.code == 10013 and "Client Secret" in cfg.value.explanation
    back = get_code(fake, "weibo")
    with pytest.raises(ConfigError) as mismatch:
        exchange_code("weibo", CREDS["weibo"], back["code"], "http://elsewhere/cb", base_url=fake.base_url,
                      retry=retry)
    assert mismatch.value.code == 21322 and "回调" in mismatch.value.explanation
    fake.scenario(oauth_deny=True)
    assert get_code(fake, "kuaishou")["error"] == "access_denied"


def test_missing_app_secret_is_a_config_error(fake, retry):
    with pytest.raises(ConfigError) as exc:
        exchange_code("kuaishou", {"app_id": "ks1"}, "CODE", CALLBACK, base_url=fake.base_url, retry=retry)
    assert "app_secret" in exc.value.explanation
