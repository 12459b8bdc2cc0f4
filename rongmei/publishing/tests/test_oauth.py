"""“授权账号”：按钮 → 平台授权页（假服务器，真实 HTTP）→ 回调 → 令牌加密保存 → 用新令牌发布/取数。"""

from __future__ import annotations

import datetime as dt
import time
from urllib.parse import urlsplit

import httpx
import pytest
from django.utils import timezone

from rongmei.audit.models import AuditEvent
from rongmei.core import clock
from rongmei.engines.platforms import ContentKind, PublishItem, Token
from rongmei.publishing import credentials, services
from rongmei.publishing.models import AccountCredential, OAuthState, PlatformToken

APP = {
    "douyin": {"client_key": "awfakeclientkey", "client_secret": "dy-secret-value-0001"},
    "kuaishou": {"app_id": "ks680000001", "app_secret": "ks-secret-value-0001"},
    "weibo": {"app_key": "3815670001", "app_secret": "wb-secret-value-0001"},
}


@pytest.fixture
def oauth_fake(fake, settings):
    settings.PLATFORM_BASE_URLS = {**settings.PLATFORM_BASE_URLS, "douyin": fake.base_url,
                                   "kuaishou": fake.base_url, "weibo": fake.base_url}
    return fake


@pytest.fixture
def oauth_accounts(workspace, platforms, accounts):
    from rongmei.workspaces.models import OfficialAccount

    out = {"weibo": accounts["weibo"]}
    for code, name in (("douyin", "测试抖音号"), ("kuaishou", "测试快手号")):
        out[code] = OfficialAccount.objects.create(workspace=workspace, platform=platforms[code], name=name)
    for code, account in out.items():
        services.credentials_save(actor=None, account=account, values=APP[code])
    return out


def start(client, ws, account) -> str:
    resp = client.post(f"/w/{ws.slug}/publishing/credentials/{account.pk}/authorize/")
    assert resp.status_code == 302, resp.content.decode()[:300]
    return resp["Location"]


def platform_redirect(authorize_url: str) -> str:
    """浏览器打开平台授权页：假平台立即 302 回到回调地址（带 code、state 或 error）。"""
    resp = httpx.get(authorize_url, follow_redirects=False, timeout=5)
    assert resp.status_code == 302
    back = urlsplit(resp.headers["location"])
    assert back.netloc == "testserver"  # 回调地址按请求的主机名生成
    return f"{back.path}?{back.query}"


def authorize(client, ws, account):
    return client.get(platform_redirect(start(client, ws, account)))


@pytest.mark.parametrize("code", ["douyin", "kuaishou", "weibo"])
def test_full_flow_stores_tokens_encrypted(client, personas, workspace, oauth_fake, oauth_accounts, code):
    account = oauth_accounts[code]
    client.force_login(personas["tech"])
    url = start(client, workspace, account)
    assert url.startswith(oauth_fake.base_url)
    assert "redirect_uri=http%3A%2F%2Ftestserver%2Fw%2F" in url
    resp = client.get(platform_redirect(url))
    page = resp.content.decode()
    assert resp.status_code == 200 and "授权成功" in page and "令牌已加密保存" in page
    creds = credentials.load_credentials(account)
    token = credentials.DbTokenStore().get(credentials.token_key(account))
    assert creds["access_token"] == token.access_token
    assert APP[code][next(iter(APP[code]))] in creds.values()  # 应用信息保留
    # 密文里没有明文；页面与审计里也没有
    row = AccountCredential.objects.get(account=account)
    assert token.access_token not in row.encrypted
    assert token.access_token not in PlatformToken.objects.get(key=credentials.token_key(account)).encrypted
    assert token.access_token not in page
    event = AuditEvent.objects.filter(message__contains="授权").latest("pk")
    assert token.access_token not in str(event.after) and "令牌已加密保存" in event.message
    if code == "douyin":
        assert creds["open_id"] and creds["refresh_token"]
    if code == "weibo":
        assert creds.get("uid") == "1904178193" and "refresh_token" not in creds


def test_new_tokens_work_for_stats_and_publishing(client, personas, workspace, oauth_fake, oauth_accounts):
    client.force_login(personas["manager"])
    for code in ("douyin", "weibo"):
        assert authorize(client, workspace, oauth_accounts[code]).status_code == 200
    today = clock.today()
    rows = credentials.stats_client_for(oauth_accounts["douyin"]).fetch_metrics(today - dt.timedelta(days=3), today)
    assert {r.metric for r in rows} >= {"new_fans", "new_play"}
    progress = credentials.adapter_for(oauth_accounts["weibo"]).publish(PublishItem(
        kind=ContentKind.TEXT, title="北京城市副中心控规获批", text="北京城市副中心控规获批 https://example.gov.cn/a/1",
        idempotency_key="oauth-test"))
    assert progress.state == "published" and oauth_fake.posts("weibo")


def test_reauthorizing_replaces_tokens(client, personas, workspace, oauth_fake, oauth_accounts):
    account = oauth_accounts["kuaishou"]
    client.force_login(personas["tech"])
    authorize(client, workspace, account)
    first = credentials.load_credentials(account)["access_token"]
    authorize(client, workspace, account)
    second = credentials.load_credentials(account)["access_token"]
    assert first != second
    assert AccountCredential.objects.filter(account=account).count() == 1
    assert PlatformToken.objects.filter(key=credentials.token_key(account)).count() == 1
    assert credentials.DbTokenStore().get(credentials.token_key(account)).access_token == second


def test_bad_reused_expired_and_foreign_state(client, personas, workspace, oauth_fake, oauth_accounts):
    account = oauth_accounts["douyin"]
    client.force_login(personas["tech"])
    cb = f"/w/{workspace.slug}/publishing/oauth/callback/"
    resp = client.get(cb + "?code=CODEx&state=forged")
    assert resp.status_code == 400 and "state 无效" in resp.content.decode()
    back = platform_redirect(start(client, workspace, account))
    assert client.get(back).status_code == 200
    again = client.get(back)
    assert again.status_code == 400 and "只能使用一次" in again.content.decode()
    # 过期
    back = platform_redirect(start(client, workspace, account))
    OAuthState.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert "已超时" in client.get(back).content.decode()
    # 别人发起的授权不能由我完成
    back = platform_redirect(start(client, workspace, account))
    client.force_login(personas["manager"])
    resp = client.get(back)
    assert resp.status_code == 400 and "不是由您发起" in resp.content.decode()
    # 发起人仍可完成
    client.force_login(personas["tech"])
    assert "授权成功" in client.get(back).content.decode()


def test_user_denied_keeps_old_tokens(client, personas, workspace, oauth_fake, oauth_accounts):
    account = oauth_accounts["weibo"]
    client.force_login(personas["manager"])
    authorize(client, workspace, account)
    before = credentials.load_credentials(account)["access_token"]
    oauth_fake.scenario(oauth_deny=True)
    resp = authorize(client, workspace, account)
    page = resp.content.decode()
    assert "拒绝了授权" in page and "21330" in page
    assert credentials.load_credentials(account)["access_token"] == before
    assert AuditEvent.objects.filter(message__contains="拒绝了授权").exists()


def test_exchange_error_shows_code_and_chinese(client, personas, workspace, oauth_fake, oauth_accounts):
    account = oauth_accounts["douyin"]
    client.force_login(personas["tech"])
    back = platform_redirect(start(client, workspace, account))
    code = dict(p.split("=", 1) for p in back.split("?", 1)[1].split("&"))["code"]
    httpx.post(f"{oauth_fake.base_url}/oauth/access_token/", timeout=5,
               data={**APP["douyin"], "code": code, "grant_type": "authorization_code"})  # 授权码被别人先用掉
    resp = client.get(back)
    page = resp.content.decode()
    assert resp.status_code == 502
    assert "10007" in page and "授权码无效、已过期或已被使用" in page
    assert "dy-secret-value-0001" not in page
    assert AuditEvent.objects.filter(message__contains="失败").exists()


def test_missing_app_secret_explains(client, personas, workspace, oauth_fake, platforms):
    from rongmei.workspaces.models import OfficialAccount

    account = OfficialAccount.objects.create(workspace=workspace, platform=platforms["kuaishou"], name="新快手号")
    client.force_login(personas["tech"])
    resp = client.post(f"/w/{workspace.slug}/publishing/credentials/{account.pk}/authorize/", follow=True)
    assert "请先在“设置”中填写" in resp.content.decode()


def test_redirect_base_setting_for_intranet(client, personas, workspace, oauth_fake, oauth_accounts, settings):
    settings.PLATFORM_OAUTH_REDIRECT_BASE = "https://rongmei.example.gov.cn/"
    client.force_login(personas["tech"])
    url = start(client, workspace, oauth_accounts["weibo"])
    assert "redirect_uri=https%3A%2F%2Frongmei.example.gov.cn%2Fw%2F" in url


def test_expiry_shown_and_warning(client, personas, workspace, oauth_fake, oauth_accounts):
    account = oauth_accounts["douyin"]
    now = time.time()
    services.credentials_authorize(actor=personas["tech"], account=account, token=Token(
        access_token="act.soon000000001", expires_at=now + 3600, refresh_token="rft.soon000000001",
        refresh_expires_at=now + 3 * 86400, extra={"open_id": "oid"}))
    client.force_login(personas["manager"])
    page = client.get(f"/w/{workspace.slug}/publishing/credentials/").content.decode()
    assert "即将过期，请重新授权" in page and "刷新令牌到期" in page and "授权账号" in page
    assert "act.soon000000001" not in page


def test_daily_reminder_notifies_manager_and_tech(personas, workspace, oauth_accounts):
    from rongmei.core.models import Notification
    from rongmei.publishing.tasks import notify_reauthorization

    now = time.time()
    services.credentials_authorize(actor=None, account=oauth_accounts["kuaishou"], token=Token(
        access_token="a" * 20, expires_at=now + 3600, refresh_token="r" * 20, refresh_expires_at=now + 2 * 86400))
    services.credentials_authorize(actor=None, account=oauth_accounts["douyin"], token=Token(
        access_token="b" * 20, expires_at=now + 3600, refresh_token="s" * 20, refresh_expires_at=now + 20 * 86400))
    assert notify_reauthorization() == 2
    notes = Notification.objects.filter(kind="publishing.reauthorize")
    assert {n.user for n in notes} == {personas["manager"], personas["tech"]}
    assert "测试快手号" in notes[0].body and "测试抖音号" not in notes[0].body


# 角色 × 动作：授权按钮与回调只对项目经理、技术维护开放
EXPECTED = {
    "manager": True, "tech": True,
    "editor": False, "reviewer": False, "analyst": False, "designer": False, "video": False, "support": False,
    "client_officer": False, "client_leader": False, "contributor": False, "expert": False, "department": False,
    "applicant": False, "regional": False,
}


def test_permission_matrix(client, personas, workspace, oauth_fake, oauth_accounts):
    account = oauth_accounts["weibo"]
    assert set(EXPECTED) == set(personas)
    for role, allowed in EXPECTED.items():
        client.force_login(personas[role])
        post = client.post(f"/w/{workspace.slug}/publishing/credentials/{account.pk}/authorize/")
        cb = client.get(f"/w/{workspace.slug}/publishing/oauth/callback/?state=x&code=y")
        if allowed:
            assert post.status_code == 302 and post["Location"].startswith(oauth_fake.base_url), role
            assert cb.status_code == 400, role
        else:
            assert (post.status_code, cb.status_code) == (403, 403), role


def test_other_workspace_is_404(client, make_user, workspace, other_workspace, oauth_accounts):
    from rongmei.workspaces.models import Membership

    outsider = make_user("outsider-oauth", "外人")
    Membership.objects.create(user=outsider, workspace=other_workspace, role="manager")
    client.force_login(outsider)
    assert client.post(f"/w/{workspace.slug}/publishing/credentials/{oauth_accounts['weibo'].pk}/authorize/"
                       ).status_code == 404
    assert client.get(f"/w/{workspace.slug}/publishing/oauth/callback/?state=x&code=y").status_code == 404
    # 本工作区的账号不能从另一个工作区发起授权
    assert client.post(f"/w/{other_workspace.slug}/publishing/credentials/{oauth_accounts['weibo'].pk}/authorize/"
                       ).status_code == 404


def test_tokens_and_secrets_never_logged(client, personas, workspace, oauth_fake, oauth_accounts, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    client.force_login(personas["tech"])
    for code in ("douyin", "kuaishou", "weibo"):
        authorize(client, workspace, oauth_accounts[code])
    logged = caplog.text
    for code, account in oauth_accounts.items():
        creds = credentials.load_credentials(account)
        for name in ("access_token", "refresh_token", "client_secret", "app_secret"):
            if creds.get(name):
                assert creds[name] not in logged, (code, name)
