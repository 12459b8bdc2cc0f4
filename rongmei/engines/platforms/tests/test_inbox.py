"""互动：评论拉取（游标）、回复、精选、客服消息、公众号推送的验签与加解密——通过真实 HTTP 对假平台服务器。"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from rongmei.engines.platforms import Account, AuthError, DeferError, PlatformError, get_adapter
from rongmei.engines.platforms.inbox import CommentTarget, parse_wechat_comment_id
from rongmei.engines.platforms.models import IncomingKind
from rongmei.engines.platforms.wechat.callback import (
    CallbackError,
    WechatCrypto,
    build_push,
    parse_callback,
    text_message_xml,
    verify_echo,
)

FAR = str(time.time() + 30 * 86400)
BJ = dt.timezone(dt.timedelta(hours=8))
ARTICLE = CommentTarget("ART_1", {"msg_data_id": "2247500001", "index": 0})
ARTICLE2 = CommentTarget("ART_2", {"msg_data_id": "2247500002", "index": 0})


@pytest.fixture
def wechat(fake, wechat_account, store, retry):
    return get_adapter("wechat", wechat_account, base_url=fake.base_url, token_store=store, retry=retry)


@pytest.fixture
def weibo(fake, store, retry):
    return get_adapter("weibo", Account("weibo-acc", {"access_token": "2.00weiboTOKENvalue0001", "uid": "1904178193"}),
                       base_url=fake.base_url, token_store=store, retry=retry)


@pytest.fixture
def douyin(fake, store, retry):
    creds = {"client_key": "awkey", "open_id": "b9b71865-open", "access_token": "act.seedTOKEN000001",
             "refresh_token": "rft.refreshTOKEN01", "expires_at": FAR}
    return get_adapter("douyin", Account("douyin-acc", creds), base_url=fake.base_url, token_store=store, retry=retry)


# --- 公众号留言 ------------------------------------------------------------------------------------


def test_wechat_comments_arrive_over_time_and_cursor_returns_only_new_ones(wechat, fake):
    first = wechat.fetch_incoming(None, targets=[ARTICLE])
    assert first.ok
    assert [i.text for i in first.items] == ["请问演练地点在哪？", "支持"]
    assert first.items[0].kind == IncomingKind.COMMENT
    assert first.items[0].content_external_id == "ART_1"
    assert first.items[0].author_id == "oFAKE1"
    assert first.items[0].created_at == dt.datetime(2023, 11, 15, 6, 13, 20, tzinfo=BJ)
    assert first.items[0].raw["elected"] is True
    assert wechat.fetch_incoming(first.cursor, targets=[ARTICLE]).items == []

    fake.add_comment("wechat", msg_data_id="2247500001", index=0, content="几点开始？", openid="oNEW")
    second = wechat.fetch_incoming(first.cursor, targets=[ARTICLE])
    assert [(i.text, i.author_id) for i in second.items] == [("几点开始？", "oNEW")]
    assert second.items[0].external_id == "2247500001:0:3"


def test_wechat_paging_reads_every_comment_once(wechat, fake):
    for n in range(60):
        fake.add_comment("wechat", msg_data_id="2247500001", index=0, content=f"留言{n}")
    page = wechat.fetch_incoming(None, targets=[ARTICLE])
    assert len(page.items) == 62 and len({i.external_id for i in page.items}) == 62
    fake.add_comment("wechat", msg_data_id="2247500001", index=0, content="最新一条")
    again = wechat.fetch_incoming(page.cursor, targets=[ARTICLE])
    assert [i.text for i in again.items] == ["最新一条"]


def test_wechat_reply_is_recorded_once_and_second_reply_refused_in_chinese(wechat, fake):
    item = wechat.fetch_incoming(None, targets=[ARTICLE]).items[1]
    wechat.reply(item.external_id, "感谢您的支持！")
    replies = fake.replies("wechat")
    assert [(r["kind"], r["user_comment_id"], r["content"]) for r in replies] == [
        ("comment_reply", 2, "感谢您的支持！")]
    with pytest.raises(PlatformError) as info:
        wechat.reply(item.external_id, "再回一次")
    assert info.value.code == 88005 and "已回复过" in info.value.explanation
    assert len(fake.replies("wechat")) == 1


def test_wechat_markelect_and_unmarkelect(wechat, fake):
    item = wechat.fetch_incoming(None, targets=[ARTICLE]).items[1]
    wechat.set_elected(item.external_id, True)
    listed = wechat.client.list_comments("2247500001", index=0, count=49, kind=2)["comment"]
    assert {c["user_comment_id"] for c in listed} == {1, 2}
    wechat.set_elected(item.external_id, False)
    assert [r["kind"] for r in fake.replies("wechat")] == ["markelect", "unmarkelect"]
    with pytest.raises(PlatformError) as info:
        wechat.set_elected("2247500001:0:999", True)
    assert "不存在" in info.value.explanation
    assert parse_wechat_comment_id(item.external_id) == ("2247500001", 0, "2")


def test_wechat_expired_token_is_refreshed_and_the_reply_goes_through(wechat, fake):
    item = wechat.fetch_incoming(None, targets=[ARTICLE]).items[1]
    fake.scenario(expire_tokens=True)
    wechat.reply(item.external_id, "已转相关部门")
    assert [c["code"] for c in fake.calls("/cgi-bin/comment/reply/add")] == [42001, 0]
    assert len(fake.calls("/cgi-bin/stable_token")) == 2
    assert len(fake.replies("wechat")) == 1


def test_wechat_rate_limit_defers_with_chinese_reason_and_loses_nothing(wechat, fake):
    item = wechat.fetch_incoming(None, targets=[ARTICLE]).items[1]
    fake.fail("/cgi-bin/comment/reply/add", 45009)
    with pytest.raises(DeferError) as info:
        wechat.reply(item.external_id, "谢谢")
    assert "今日上限" in info.value.explanation and info.value.retry_after >= 60
    assert fake.replies("wechat") == []

    fake.add_comment("wechat", msg_data_id="2247500002", index=0, content="第二篇的新留言")
    start = wechat.fetch_incoming(None, targets=[ARTICLE])
    fake.add_comment("wechat", msg_data_id="2247500001", index=0, content="第一篇的新留言")
    fake.fail("/cgi-bin/comment/list", 45011, times=1)
    page = wechat.fetch_incoming(start.cursor, targets=[ARTICLE, ARTICLE2])
    assert isinstance(page.error, DeferError) and page.error.retry_after == 60
    assert "一分钟后" in page.error.explanation
    assert page.items == [] and page.cursor == start.cursor  # 失败的文章保留旧游标
    later = wechat.fetch_incoming(page.cursor, targets=[ARTICLE, ARTICLE2])
    assert later.ok
    assert [i.text for i in later.items] == ["第一篇的新留言", "请问演练地点在哪？", "支持", "第二篇的新留言"]


def test_wechat_custom_message_inside_48_hours_and_refused_outside(wechat, fake):
    now = dt.datetime.now(BJ)
    fake.wechat_user("oUSER1", time.time() - 3600)
    wechat.send_private("oUSER1", "您好，已收到您的留言", last_message_at=now - dt.timedelta(hours=1), now=now)
    assert [(r["kind"], r["touser"]) for r in fake.replies("wechat")] == [("custom", "oUSER1")]

    with pytest.raises(PlatformError) as info:
        wechat.send_private("oUSER1", "迟到的回复", last_message_at=now - dt.timedelta(hours=49), now=now)
    assert "48 小时" in info.value.explanation
    assert len(fake.calls("/cgi-bin/message/custom/send")) == 1  # 不调用平台

    fake.wechat_user("oOLD", time.time() - 50 * 3600)  # 平台那边已过时限：平台拒绝，中文说明
    with pytest.raises(PlatformError) as info:
        wechat.send_private("oOLD", "你好", last_message_at=now - dt.timedelta(hours=1), now=now)
    assert info.value.code == 45015 and "48 小时" in info.value.explanation

    for n in range(4):
        wechat.send_private("oUSER1", f"补充{n}", last_message_at=now, now=now)
    with pytest.raises(PlatformError) as info:
        wechat.send_private("oUSER1", "第六条", last_message_at=now, now=now)
    assert info.value.code == 45047 and "5 条" in info.value.explanation


# --- 微博 ------------------------------------------------------------------------------------------


def test_weibo_comments_to_me_with_since_id_and_reply(weibo, fake):
    first_id = fake.add_comment("weibo", post_id="3504803600502730", text="请问具体时间？", screen_name="zaku")["id"]
    fake.add_comment("weibo", post_id="3504803600502730", text="同问", reply_to=first_id)
    page = weibo.fetch_incoming(None)
    assert [(i.text, i.kind) for i in page.items] == [("请问具体时间？", IncomingKind.COMMENT),
                                                     ("同问", IncomingKind.REPLY)]
    assert page.items[0].author == "zaku" and page.items[0].content_external_id == "3504803600502730"
    assert page.items[1].parent_external_id == page.items[0].external_id
    assert weibo.fetch_incoming(page.cursor).items == []
    fake.add_comment("weibo", post_id="3504803600502730", text="新评论")
    assert [i.text for i in weibo.fetch_incoming(page.cursor).items] == ["新评论"]

    reply_id = weibo.reply(page.items[0].external_id, "本周六上午9时")
    assert reply_id.startswith("3504803600502730:")
    assert [(r["cid"], r["content"]) for r in fake.replies("weibo")] == [(first_id, "本周六上午9时")]


def test_weibo_rate_limit_and_expired_authorisation(weibo, fake):
    fake.add_comment("weibo", post_id="1", text="你好")
    assert len(weibo.fetch_incoming(None).items) == 1
    fake.fail("/2/comments/to_me.json", 10023)
    page = weibo.fetch_incoming({"since_id": "0"})
    assert isinstance(page.error, DeferError) and "一小时后" in page.error.explanation
    assert page.cursor == {"since_id": "0"}
    fake.scenario(expire_tokens=True)
    page = weibo.fetch_incoming(None)
    assert isinstance(page.error, AuthError) and "重新授权" in page.error.explanation


# --- 抖音 ------------------------------------------------------------------------------------------


def test_douyin_comments_newest_first_paging_cursor_and_reply(douyin, fake):
    item = "@8hxdTEST+item/1=="
    for n in range(25):
        fake.add_comment("douyin", item_id=item, content=f"评论{n}", create_time=1763000000 + n)
    target = CommentTarget(item, {"item_id": item})
    page = douyin.fetch_incoming(None, targets=[target])
    assert page.ok and len(page.items) == 25
    assert page.items[0].text == "评论0" and page.items[0].author == "抖音网友"
    fake.add_comment("douyin", item_id=item, content="刚刚的评论", nick_name="小王")
    again = douyin.fetch_incoming(page.cursor, targets=[target])
    assert [(i.text, i.author) for i in again.items] == [("刚刚的评论", "小王")]
    assert douyin.fetch_incoming(again.cursor, targets=[target]).items == []

    douyin.reply(again.items[0].external_id, "感谢关注")
    replies = fake.replies("douyin")
    assert [(r["item_id"], r["content"]) for r in replies] == [(item, "感谢关注")]
    calls = fake.calls("/item/comment/list/")
    assert calls and all(c["code"] == 0 for c in calls)


def test_douyin_expired_token_refreshed_and_rate_limit_reported(douyin, fake):
    item = "@8hxdTEST+item/2=="
    fake.add_comment("douyin", item_id=item, content="你好")
    target = CommentTarget(item)
    douyin.fetch_incoming(None, targets=[target])
    fake.scenario(expire_tokens=True)
    fake.add_comment("douyin", item_id=item, content="再来一条")
    page = douyin.fetch_incoming({"targets": {}}, targets=[target])
    assert page.ok and len(fake.calls("/oauth/refresh_token/")) == 1
    fake.fail("/item/comment/reply/", 28003018)
    with pytest.raises(DeferError) as info:
        douyin.reply(page.items[0].external_id, "谢谢")
    assert info.value.retry_after == 60 and "频繁" in info.value.explanation


def test_platform_without_comment_api_says_so_in_chinese():
    adapter = get_adapter("kuaishou")
    with pytest.raises(PlatformError) as info:
        adapter.fetch_incoming(None)
    assert "导入" in info.value.explanation


# --- 公众号推送：验签、明文与安全模式 ----------------------------------------------------------------

TOKEN, APPID = "pushTOKEN2026", "wx1234567890abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


def xml(content="请问社保怎么办理？", msg_id=1234567890123456):
    return text_message_xml(to_user="gh_1", from_user="oUSER9", content=content, msg_id=msg_id,
                            create_time=1763100000)


def test_plain_mode_push_parses_to_a_private_message():
    params, body = build_push(xml=xml("请问 <社保> & 医保"), token=TOKEN)
    msg = parse_callback(query=params, body=body, token=TOKEN, appid=APPID)
    inc = msg.incoming
    assert inc.kind == IncomingKind.PRIVATE and inc.text == "请问 <社保> & 医保"
    assert inc.external_id == "msg:1234567890123456" and inc.author_id == "oUSER9"
    assert inc.created_at == dt.datetime.fromtimestamp(1763100000, BJ)


def test_aes_mode_round_trip_and_appid_check():
    params, body = build_push(xml=xml(), token=TOKEN, appid=APPID, encoding_aes_key=AES_KEY)
    assert b"Encrypt" in body and "请问".encode() not in body  # 正文确实是密文
    assert params["encrypt_type"] == "aes" and params["msg_signature"]
    msg = parse_callback(query=params, body=body, token=TOKEN, appid=APPID, encoding_aes_key=AES_KEY)
    assert msg.incoming.text == "请问社保怎么办理？"
    with pytest.raises(CallbackError) as info:
        parse_callback(query=params, body=body, token=TOKEN, appid="wxOTHER", encoding_aes_key=AES_KEY)
    assert "AppID" in info.value.reason
    crypto = WechatCrypto(TOKEN, AES_KEY, APPID)
    assert crypto.decrypt(crypto.encrypt("<xml>中文</xml>")) == "<xml>中文</xml>"
    assert len(crypto.key) == 32


@pytest.mark.parametrize("mode", ["plain", "aes"])
def test_bad_signature_is_refused(mode):
    key = AES_KEY if mode == "aes" else ""
    params, body = build_push(xml=xml(), token=TOKEN, appid=APPID, encoding_aes_key=key, bad_signature=True)
    with pytest.raises(CallbackError) as info:
        parse_callback(query=params, body=body, token=TOKEN, appid=APPID, encoding_aes_key=key)
    assert "签名" in info.value.reason


@pytest.mark.parametrize("body, words", [
    (b"<xml><MsgType>text</MsgType>", "XML"),
    (b"", "为空"),
    (b'<!DOCTYPE x [<!ENTITY a "b">]><xml><MsgType>text</MsgType></xml>', "DOCTYPE"),
    (b"<xml><MsgType>text</MsgType><Content>hi</Content></xml>", "MsgId"),
])
def test_malformed_push_refused_with_chinese_reason(body, words):
    params, _ = build_push(xml="", token=TOKEN)
    with pytest.raises(CallbackError) as info:
        parse_callback(query=params, body=body, token=TOKEN, appid=APPID)
    assert words in info.value.reason


def test_event_push_is_not_a_message_and_echo_verification():
    event = "<xml><FromUserName>oU</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>" \
            "<Event>subscribe</Event></xml>"
    params, body = build_push(xml=event, token=TOKEN)
    assert parse_callback(query=params, body=body, token=TOKEN, appid=APPID).incoming is None
    params, _ = build_push(xml="", token=TOKEN)
    assert verify_echo(TOKEN, {**params, "echostr": "abc123"}) == "abc123"
    with pytest.raises(CallbackError):
        verify_echo("other-token", {**params, "echostr": "abc123"})
