"""平台接入：定时拉取评论、立即拉取、发送答复与精选、公众号消息推送——平台一侧都是真实 HTTP（假平台服务器）。"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from rongmei.engines.platforms import RetryPolicy
from rongmei.engines.platforms.wechat.callback import build_push, text_message_xml
from rongmei.interaction import ingest, services
from rongmei.interaction.choices import MessageKind, ReplyState
from rongmei.interaction.models import IngestState, Message, Reply

TOKEN, AES_KEY = "pushTOKEN2026", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wx1234567890abcdef"


@pytest.fixture(autouse=True)
def registered():
    """其他测试会临时登记/注销发送函数：每个测试前重新登记平台接入的发送与精选函数。"""
    ingest.register()


@pytest.fixture
def fake(fake_platform, settings, monkeypatch):
    base = fake_platform.base_url
    settings.PLATFORM_BASE_URLS = {**settings.PLATFORM_BASE_URLS, "wechat": base, "weibo": base, "douyin": base}
    from rongmei.publishing import credentials

    monkeypatch.setattr(credentials, "retry_policy",
                        lambda: RetryPolicy(max_attempts=2, sleep=lambda d: None, jitter=lambda d: d))
    return fake_platform


@pytest.fixture
def platforms_accounts(workspace, platforms):
    from rongmei.publishing.services import credentials_save
    from rongmei.workspaces.models import OfficialAccount

    wx = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="测试公众号")
    wb = OfficialAccount.objects.create(workspace=workspace, platform=platforms["weibo"], name="测试微博")
    credentials_save(actor=None, account=wx, values={"appid": APPID, "secret": "s3cr3t-appsecret-value-0001",
                                                     "token": TOKEN, "encoding_aes_key": AES_KEY})
    credentials_save(actor=None, account=wb, values={"access_token": "2.00weiboTOKENvalue0001", "uid": "1904178193"})
    return {"wechat": wx, "weibo": wb}


@pytest.fixture
def wechat_article(platforms_accounts, workspace, personas):
    """一篇通过本系统发表的公众号文章（msg_data_id 2247500001）。"""
    from rongmei.production.models import ContentItem, Revision
    from rongmei.publishing.models import Publication

    item = ContentItem.objects.create(workspace=workspace, title="防汛演练通知", kind="article",
                                      author=personas["editor"], status="approved", approved_at=timezone.now())
    rev = Revision.objects.create(item=item, number=1, title="防汛演练通知", body="正文", created_by=personas["editor"])
    return Publication.objects.create(
        workspace=workspace, item=item, revision=rev, account=platforms_accounts["wechat"], planned_at=timezone.now(),
        state="published", published_at=timezone.now(), idempotency_key="t-1", external_id="ART_1",
        checkpoint={"steps": {"submit": {"publish_id": "1", "msg_data_id": "2247500001"}}})


def test_poll_brings_new_wechat_comments_into_the_inbox_once(fake, platforms_accounts, wechat_article):
    wx = platforms_accounts["wechat"]
    state = services.ingest_poll(account=wx)
    msgs = Message.objects.filter(account=wx).order_by("pk")
    assert [m.text for m in msgs] == ["请问演练地点在哪？", "支持"]
    assert msgs[0].publication == wechat_article and msgs[0].source == "api"
    assert state.last_success_at and not state.failing and state.last_count == 2

    fake.add_comment("wechat", msg_data_id="2247500001", index=0, content="演练几点结束？", openid="oNEW")
    state = services.ingest_poll(account=wx)
    assert state.last_count == 1 and Message.objects.filter(account=wx).count() == 3
    state = services.ingest_poll(account=wx)
    assert state.last_count == 0 and state.total_count == 3 and Message.objects.filter(account=wx).count() == 3
    assert state.next_poll_at > timezone.now() + dt.timedelta(minutes=4)


def test_expired_token_is_refreshed_during_polling(fake, platforms_accounts, wechat_article):
    wx = platforms_accounts["wechat"]
    services.ingest_poll(account=wx)
    fake.scenario(expire_tokens=True)
    fake.add_comment("wechat", msg_data_id="2247500001", index=0, content="过期后的新留言")
    state = services.ingest_poll(account=wx)
    assert not state.failing and state.last_count == 1
    assert 42001 in [c["code"] for c in fake.calls("/cgi-bin/comment/list")]
    assert len(fake.calls("/cgi-bin/stable_token")) == 2


def test_failing_platform_leaves_a_chinese_reason_backs_off_and_loses_nothing(fake, platforms_accounts, client,
                                                                              personas):
    wb = platforms_accounts["weibo"]
    fake.add_comment("weibo", post_id="3504803600502730", text="请问具体时间？")
    fake.fail("/2/comments/to_me.json", 10023)
    state = services.ingest_poll(account=wb)
    assert state.failing and "一小时后" in state.last_error and state.failures == 1
    assert state.next_poll_at >= timezone.now() + dt.timedelta(minutes=59)
    assert not Message.objects.filter(account=wb).exists()
    client.force_login(personas["support"])
    html = client.get(reverse("interaction:ingest", kwargs={"ws": wb.workspace.slug})).content.decode()
    assert "账号请求频次超过上限，一小时后重试" in html
    inbox = client.get(reverse("interaction:inbox", kwargs={"ws": wb.workspace.slug})).content.decode()
    assert 'title="拉取失败的账号">1<' in inbox
    services.ingest_due()  # 定时任务：退避期间不拉这个账号
    assert len(fake.calls("/2/comments/to_me.json")) == 1

    state = services.ingest_poll(account=wb)
    assert not state.failing and state.failures == 0
    assert [m.text for m in Message.objects.filter(account=wb)] == ["请问具体时间？"]


def test_poll_due_picks_accounts_with_credentials_and_poll_now_needs_permission(
        fake, platforms_accounts, personas, client, django_capture_on_commit_callbacks):
    assert services.ingest_due() == 2
    assert services.ingest_due() == 0  # 都刚拉过
    wb = platforms_accounts["weibo"]
    fake.add_comment("weibo", post_id="1", text="立即拉取的评论")
    client.force_login(personas["editor"])
    url = reverse("interaction:ingest_poll", kwargs={"ws": wb.workspace.slug, "pk": wb.pk})
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True)
    assert "已开始拉取" in page.content.decode()
    assert Message.objects.filter(account=wb, text="立即拉取的评论").exists()  # 立即执行（测试中任务同步运行）
    html = client.get(reverse("interaction:ingest", kwargs={"ws": wb.workspace.slug})).content.decode()
    assert "测试微博" in html and "立即拉取" in html

    client.force_login(personas["client_officer"])
    assert client.post(url).status_code == 403


def _reply(message, text="感谢您的关注！") -> Reply:
    return Reply.objects.create(message=message, text=text, state=ReplyState.SENDING)


def test_approved_reply_is_sent_through_the_comment_api_exactly_once(fake, platforms_accounts, wechat_article):
    services.ingest_poll(account=platforms_accounts["wechat"])
    m = Message.objects.get(text="支持")
    r = _reply(m)
    services.run_sender(r.pk)
    r.refresh_from_db()
    assert r.state == ReplyState.SENT and r.external_id
    assert [(x["kind"], x["content"]) for x in fake.replies("wechat")] == [("comment_reply", "感谢您的关注！")]
    services.run_sender(r.pk)  # 已发出：不会再发
    assert len(fake.replies("wechat")) == 1


def test_rate_limited_reply_stays_queued_with_reason_and_is_resent_later(
        fake, platforms_accounts, wechat_article, django_capture_on_commit_callbacks):
    services.ingest_poll(account=platforms_accounts["wechat"])
    r = _reply(Message.objects.get(text="支持"))
    fake.fail("/cgi-bin/comment/reply/add", 45011)
    HUEY.flush()
    services.run_sender(r.pk)
    r.refresh_from_db()
    assert r.state == ReplyState.FAILED
    assert "一分钟后" in r.failure_reason and "自动重发" in r.failure_reason
    assert [t.name for t in HUEY.scheduled()] == ["interaction.resend_reply"]
    assert fake.replies("wechat") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.ingest_resend(r.pk)  # 到时间后 Huey 执行的就是它
    r.refresh_from_db()
    assert r.state == ReplyState.SENT and len(fake.replies("wechat")) == 1
    HUEY.flush()


def test_private_message_reply_uses_custom_message_inside_48_hours_only(fake, platforms_accounts, workspace):
    wx = platforms_accounts["wechat"]
    old = Message.objects.create(workspace=workspace, account=wx, platform="wechat", kind=MessageKind.PRIVATE,
                                 external_id="msg:1", author_id="oOLD", text="请问怎么办理？",
                                 received_at=timezone.now() - dt.timedelta(hours=50))
    r = _reply(old)
    services.run_sender(r.pk)
    r.refresh_from_db()
    assert r.state == ReplyState.FAILED and "48 小时" in r.failure_reason
    assert fake.calls("/cgi-bin/message/custom/send") == []

    fake.wechat_user("oNEW", timezone.now().timestamp() - 60)
    new = Message.objects.create(workspace=workspace, account=wx, platform="wechat", kind=MessageKind.PRIVATE,
                                 external_id="msg:2", author_id="oNEW", text="你好",
                                 received_at=timezone.now() - dt.timedelta(minutes=1))
    r = _reply(new, "您好，已收到")
    services.run_sender(r.pk)
    r.refresh_from_db()
    assert r.state == ReplyState.SENT
    assert [(x["kind"], x["touser"]) for x in fake.replies("wechat")] == [("custom", "oNEW")]


def test_curation_confirmed_calls_markelect(fake, platforms_accounts, wechat_article, personas):
    services.ingest_poll(account=platforms_accounts["wechat"])
    m = Message.objects.get(text="支持")
    services.message_curate(actor=personas["client_officer"], message=m, show=True)
    assert [x["kind"] for x in fake.replies("wechat")] == ["markelect"]


# ---------------------------------------------------------------- 公众号消息推送


def _push(client, account, xml, **kw):
    params, body = build_push(xml=xml, token=TOKEN, appid=APPID, **kw)
    url = ingest.hook_path(account) + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return client.generic("POST", url, body, content_type="text/xml")


def _xml(msg_id=6001, content="请问社保卡怎么补办？", openid="oUSER"):
    return text_message_xml(to_user="gh_1", from_user=openid, content=content, msg_id=msg_id)


def test_push_plain_and_aes_stored_once_per_msgid(client, platforms_accounts):
    wx = platforms_accounts["wechat"]
    r = _push(client, wx, _xml())
    assert r.status_code == 200 and r.content == b"success"
    r = _push(client, wx, _xml(), encoding_aes_key=AES_KEY)  # 同一 MsgId（安全模式重发）
    assert r.status_code == 200 and r.content == b"success"
    r = _push(client, wx, _xml(6002, "第二条"), encoding_aes_key=AES_KEY)
    assert r.status_code == 200
    msgs = Message.objects.filter(account=wx).order_by("pk")
    assert [(m.text, m.kind, m.source, m.author_id) for m in msgs] == [
        ("请问社保卡怎么补办？", "private", "callback", "oUSER"), ("第二条", "private", "callback", "oUSER")]
    assert IngestState.objects.get(account=wx).last_push_at is not None


@pytest.mark.parametrize("case", ["bad_signature", "bad_signature_aes", "malformed", "unknown"])
def test_bad_push_refused_with_logged_chinese_reason_and_nothing_written(client, platforms_accounts, caplog, case):
    caplog.set_level(logging.WARNING, logger="rongmei.interaction.hooks")
    wx = platforms_accounts["wechat"]
    if case == "bad_signature":
        r = _push(client, wx, _xml(), bad_signature=True)
        assert r.status_code == 403 and "签名" in caplog.text
    elif case == "bad_signature_aes":
        r = _push(client, wx, _xml(), encoding_aes_key=AES_KEY, bad_signature=True)
        assert r.status_code == 403 and "msg_signature" in caplog.text
    elif case == "malformed":
        r = _push(client, wx, "<xml><MsgType>text</MsgType><Content>半截")
        assert r.status_code == 400 and "XML" in caplog.text
    else:
        r = client.post("/hooks/wechat/999-0000/", b"<xml/>", content_type="text/xml")
        assert r.status_code == 404 and "不对应任何账号" in caplog.text
    assert not Message.objects.exists()
    assert not IngestState.objects.exists()


def test_url_verification_echoes_echostr_only_with_the_right_token(client, platforms_accounts):
    wx = platforms_accounts["wechat"]
    params, _ = build_push(xml="", token=TOKEN)
    r = client.get(ingest.hook_path(wx), {**params, "echostr": "4963427"})
    assert r.status_code == 200 and r.content == b"4963427"
    params, _ = build_push(xml="", token="wrong-token")
    assert client.get(ingest.hook_path(wx), {**params, "echostr": "4963427"}).status_code == 403
    assert ingest.account_for_hook(ingest.hook_token(wx)) == wx
    assert ingest.account_for_hook(f"{wx.pk}-forged") is None


@pytest.mark.django_db(transaction=True)
def test_fake_wechat_server_pushes_over_real_http_in_aes_mode(live_server, fake, platforms_accounts):
    wx = platforms_accounts["wechat"]
    url = live_server.url + ingest.hook_path(wx)
    ok = fake.wechat_push(url, token=TOKEN, appid=APPID, encoding_aes_key=AES_KEY, openid="oREAL",
                          content="住房公积金怎么提取？", msg_id="7001")
    assert ok["status"] == 200 and ok["body"] == "success"
    again = fake.wechat_push(url, token=TOKEN, appid=APPID, encoding_aes_key=AES_KEY, openid="oREAL",
                             content="住房公积金怎么提取？", msg_id="7001")
    assert again["status"] == 200
    bad = fake.wechat_push(url, token=TOKEN, appid=APPID, openid="oBAD", content="伪造", bad_signature=True)
    assert bad["status"] == 403 and "签名" in bad["body"]
    assert [m.text for m in Message.objects.filter(account=wx)] == ["住房公积金怎么提取？"]
