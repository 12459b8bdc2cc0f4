"""注册表、人工发布、token 缓存、脱敏、纯 Python 导入、假服务器控制接口与命令行。"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from rongmei.engines.platforms import (
    PLATFORM_CODES,
    Account,
    ConfigError,
    ContentKind,
    InMemoryTokenStore,
    ManualAdapter,
    PlatformError,
    PublishItem,
    PublishState,
    Token,
    get_adapter,
    list_platforms,
    mask_secrets,
)
from rongmei.engines.platforms.tokens import TokenManager
from rongmei.engines.platforms.wechat import split_range

REPO = Path(__file__).resolve().parents[4]


def test_registry_covers_all_platform_codes_with_chinese_metadata():
    metas = {m.code: m for m in list_platforms()}
    assert set(metas) == set(PLATFORM_CODES)
    assert {c for c, m in metas.items() if m.automatic} == {"wechat", "weibo", "douyin", "kuaishou", "baijiahao"}
    assert {c for c, m in metas.items() if m.manual} == {"channels", "toutiao", "beijinghao", "website"}
    assert metas["channels"].name == "微信视频号"
    wechat = metas["wechat"]
    assert [f.label for f in wechat.credential_fields] == [
        "开发者ID（AppID）", "开发者密码（AppSecret）", "消息推送令牌（Token）", "消息加解密密钥（EncodingAESKey）"]
    assert [f.required for f in wechat.credential_fields] == [True, True, False, False]
    assert wechat.credential_fields[1].secret and wechat.max_publishing_seconds > 0
    assert all(m.to_dict()["name"] for m in metas.values())
    json.dumps([m.to_dict() for m in metas.values()], ensure_ascii=False)
    with pytest.raises(ConfigError) as info:
        get_adapter("myspace")
    assert "未知的平台代码" in info.value.explanation


def test_manual_adapter_flow():
    adapter = get_adapter("channels")
    assert isinstance(adapter, ManualAdapter) and adapter.manual
    item = PublishItem(kind=ContentKind.VIDEO, title="防汛演练现场")
    progress = adapter.publish(item, {})
    assert progress.state is PublishState.MANUAL and "人工发布" in progress.message
    assert not adapter.is_stuck(progress.checkpoint, now=10**12)
    with pytest.raises(PlatformError) as info:
        adapter.record(progress.checkpoint, url="weixin://x", published_at=dt.datetime.now(dt.UTC))
    assert "链接格式不正确" in info.value.explanation
    done = adapter.record(progress.checkpoint, url="https://channels.weixin.qq.com/x",
                          published_at=dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC), screenshot="shots/1.png")
    assert done.state is PublishState.PUBLISHED and done.url == "https://channels.weixin.qq.com/x"
    assert done.checkpoint["manual"]["screenshot"] == "shots/1.png"
    with pytest.raises(ConfigError):
        adapter.client  # noqa: B018 - 人工平台没有客户端


def test_adapter_without_account_can_format_but_not_publish():
    adapter = get_adapter("wechat")
    item = PublishItem(kind=ContentKind.ARTICLE, title="标题", body_html="<p>x</p>")
    assert adapter.format(item)["articles"][0]["thumb_media_id"] == "{thumb_media_id}"
    with pytest.raises(ConfigError):
        adapter.client  # noqa: B018


def test_missing_credentials_named_in_chinese():
    with pytest.raises(ConfigError) as info:
        get_adapter("wechat", Account("a", {"appid": "wx"})).client  # noqa: B018
    assert "缺少：secret" in info.value.explanation


def test_checkpoint_from_other_platform_is_refused():
    with pytest.raises(ConfigError):
        get_adapter("weibo", Account("a", {"access_token": "t"})).status({"platform": "wechat"})


def test_token_manager_refreshes_before_margin_and_on_force():
    now = [1000.0]
    fetched = []

    def fetch(current):
        fetched.append(current)
        return Token(f"tok{len(fetched)}", now[0] + 7200)

    store = InMemoryTokenStore()
    mgr = TokenManager(store, "wechat:a", fetch, margin=300, clock=lambda: now[0])
    assert mgr.get().access_token == "tok1"
    now[0] += 6800
    assert mgr.get().access_token == "tok1"
    now[0] += 150  # 只剩 250 秒 < 300
    assert mgr.get().access_token == "tok2"
    # 别的进程已换新：拒绝的是旧 token 时直接用库里的
    store.set("wechat:a", Token("tok-other", now[0] + 7200))
    assert mgr.force_refresh(Token("tok2", 0)).access_token == "tok-other"
    assert mgr.force_refresh(Token("tok-other", 0)).access_token == "tok3"
    assert mgr.refresh_count == 3


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("GET /cgi-bin/x?access_token=ABCDEF123456&x=1", "ABCDEF123456"),
        ('{"secret": "my-app-secret", "appid": "wx1"}', "my-app-secret"),
        ("access-token: act.abcdefghijklmnop", "act.abcdefghijklmnop"),
        ("app_token=bjh-token-1&title=x", "bjh-token-1"),
        ("refresh_token='rft.0123456789ab'", "rft.0123456789ab"),
        ("token act.zzzzzzzzzzzzzz inline", "act.zzzzzzzzzzzzzz"),
    ],
)
def test_mask_secrets_patterns(text, secret):
    assert secret not in mask_secrets(text)
    assert "***" in mask_secrets(text)


def test_mask_known_values_and_reprs():
    assert mask_secrets("boom s3cr3t-value", ["s3cr3t-value"]) == "boom ***"
    acc = Account("a", {"appid": "wx1", "secret": "s3cr3t-value"})
    assert "s3cr3t-value" not in repr(acc) and "s3cr3t-value" not in str(acc)
    assert "tokvalue123" not in repr(Token("tokvalue123", 1.0, refresh_token="rtvalue123"))
    err = PlatformError(platform="wechat", code=1, raw_message="access_token=tokvalue123", explanation="x")
    assert "tokvalue123" not in repr(err) and "tokvalue123" not in json.dumps(err.as_dict())


def test_split_range_seven_days():
    parts = list(split_range(dt.date(2026, 11, 1), dt.date(2026, 11, 15), 7))
    assert parts == [(dt.date(2026, 11, 1), dt.date(2026, 11, 7)), (dt.date(2026, 11, 8), dt.date(2026, 11, 14)),
                     (dt.date(2026, 11, 15), dt.date(2026, 11, 15))]


def test_package_imports_with_django_blocked():
    code = textwrap.dedent("""
        import sys
        sys.modules['django'] = None
        import rongmei.engines.platforms as p
        from rongmei.engines.platforms import wechat, weibo, douyin, kuaishou, baijiahao, manual, fakeserver
        from rongmei.engines.platforms.fakeserver import cli
        assert len(p.list_platforms()) == 9
        server, url = fakeserver.start_fake_server()
        server.shutdown()
        assert not any(m == 'django' or m.startswith('django.') for m in sys.modules if sys.modules[m] is not None)
        print('ok')
    """)
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# --- 假服务器 -----------------------------------------------------------------------------------


def test_fake_server_scenario_log_and_posts(fake):
    tok = fake.http.post("/cgi-bin/stable_token", json={"grant_type": "client_credential", "appid": "wx1",
                                                        "secret": "s"}).json()
    assert tok["expires_in"] == 7200
    fake.scenario(token_lifetime=60)
    tok2 = fake.http.post("/cgi-bin/stable_token", json={"appid": "wx2", "secret": "s"}).json()
    assert tok2["expires_in"] == 60
    fake.fail("/cgi-bin/draft/add", 45009, times=2)
    for _ in range(2):
        r = fake.http.post("/cgi-bin/draft/add", params={"access_token": tok["access_token"]}, json={"articles": []})
        assert r.json()["errcode"] == 45009
    r = fake.http.post("/cgi-bin/draft/add", params={"access_token": tok["access_token"]}, json={"articles": []})
    assert r.json()["errcode"] == 44003  # 注入用完，回到正常校验
    fake.scenario(expire_tokens=True)
    r = fake.http.post("/cgi-bin/draft/add", params={"access_token": tok["access_token"]}, json={"articles": []})
    assert r.json()["errcode"] == 42001
    calls = fake.calls("/cgi-bin/draft/add")
    assert [c["code"] for c in calls] == [45009, 45009, 44003, 42001]
    assert calls[0].get("injected") is True
    assert fake.posts() == []
    fake.scenario(reset=True)
    assert fake.calls() == []


def test_fake_server_datacube_limits_and_comment_count(fake):
    fake.scenario(today="2026-11-22")
    tok = fake.http.post("/cgi-bin/stable_token", json={"appid": "wx1", "secret": "s"}).json()["access_token"]

    def cube(name, b, e):
        return fake.http.post(f"/datacube/{name}", params={"access_token": tok},
                              json={"begin_date": b, "end_date": e}).json()

    assert cube("getusersummary", "2026-11-01", "2026-11-08")["errcode"] == 61501  # 跨 8 天
    assert len(cube("getusercumulate", "2026-11-01", "2026-11-07")["list"]) == 7
    assert cube("getusersummary", "2026-11-22", "2026-11-22")["errcode"] == 61501  # 今天还没有数据
    assert cube("getuserread", "2026-11-20", "2026-11-20")["errcode"] == 47009
    assert cube("getarticletotaldetail", "2026-11-20", "2026-11-20")["is_delay"] is False
    r = fake.http.post("/cgi-bin/comment/list", params={"access_token": tok},
                       json={"msg_data_id": 1, "index": 0, "begin": 0, "count": 50, "type": 0}).json()
    assert r["errcode"] == 88010


def test_fakeplatform_cli_runs_and_answers(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "rongmei.engines.platforms.fakeserver", "--port", str(port)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert f"127.0.0.1:{port}" in line and "假平台服务器已启动" in line
        r = httpx.get(f"http://127.0.0.1:{port}/__fake__/posts", timeout=5)
        assert r.json() == {"posts": []}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_cli_main_reports_busy_port():
    from rongmei.engines.platforms.fakeserver import start_fake_server
    from rongmei.engines.platforms.fakeserver.cli import main

    server, url = start_fake_server()
    try:
        assert main(["--port", url.rsplit(":", 1)[1]]) == 2
    finally:
        server.shutdown()
        server.server_close()
