"""群机器人客户端对仿真服务器的真实 HTTP 往返：格式、加签、关键词、限流错误码、脱敏。"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import urllib.parse

import pytest

from rongmei.engines.notify import (
    DINGTALK,
    WECOM,
    DingTalkRobot,
    RobotConfigError,
    RobotError,
    WeComRobot,
    dingtalk_sign,
    make_robot,
    mask_url,
    parse_webhook,
)
from rongmei.engines.notify.fakeserver import FakeRobotControl

KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
TOKEN = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"
SECRET = "SECa1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4"


@pytest.fixture
def robots(fake_robot_url):
    control = FakeRobotControl(fake_robot_url)
    control.reset()
    yield control
    control.close()


def test_wecom_text_and_markdown_are_received(robots, fake_robot_url):
    robot = WeComRobot(KEY, base_url=fake_robot_url)
    assert robot.send_text("舆情预警：测试").code == 0
    robot.send_markdown("舆情预警", "**较大** 某地积水")
    got = robots.messages("wecom")
    assert [m["msgtype"] for m in got] == ["text", "markdown"]
    assert got[0]["text"] == "舆情预警：测试"
    assert "## 舆情预警" in got[1]["text"] and "**较大**" in got[1]["text"]


def test_wecom_rate_limit_is_45009_and_reopens_after_a_minute(robots, fake_robot_url):
    robot = WeComRobot(KEY, base_url=fake_robot_url)
    for i in range(20):
        robot.send_text(f"第{i}条")
    with pytest.raises(RobotError) as err:
        robot.send_text("第21条")
    assert err.value.code == 45009 and err.value.kind == "rate" and err.value.retry_after == 60
    assert "每分钟最多发送 20 条" in str(err.value)
    assert len(robots.messages()) == 20
    robots.advance(61)
    assert robot.send_text("一分钟后").code == 0


def test_wecom_invalid_key_is_a_config_error(robots, fake_robot_url):
    with pytest.raises(RobotError) as err:
        WeComRobot("invalid-key-123456", base_url=fake_robot_url).send_text("x")
    assert err.value.code == 93000 and err.value.kind == "config"
    assert "invalid-key" not in str(err.value)


def test_wecom_long_text_is_truncated_to_the_byte_limit(robots, fake_robot_url):
    WeComRobot(KEY, base_url=fake_robot_url).send_text("舆" * 3000)
    text = robots.messages()[0]["text"]
    assert len(text.encode("utf-8")) <= 2048 and text.endswith("（内容过长已截断）")


def test_dingtalk_signed_message_is_accepted(robots, fake_robot_url):
    robots.dingtalk_robot(TOKEN, secret=SECRET)
    DingTalkRobot(TOKEN, SECRET, base_url=fake_robot_url).send_markdown("舆情预警", "较大：某地积水")
    got = robots.messages("dingtalk")
    assert len(got) == 1 and got[0]["payload"]["markdown"]["title"] == "舆情预警"


def test_dingtalk_wrong_secret_is_310000_sign_not_match(robots, fake_robot_url):
    robots.dingtalk_robot(TOKEN, secret=SECRET)
    with pytest.raises(RobotError) as err:
        DingTalkRobot(TOKEN, SECRET + "x", base_url=fake_robot_url).send_text("舆情")
    assert err.value.code == 310000 and "签名不匹配" in str(err.value)
    with pytest.raises(RobotError) as err:
        DingTalkRobot(TOKEN, "", base_url=fake_robot_url).send_text("舆情")  # 未加签
    assert err.value.code == 310000
    assert robots.messages() == []


def test_dingtalk_clock_off_by_more_than_an_hour_is_refused(robots, fake_robot_url):
    robots.dingtalk_robot(TOKEN, secret=SECRET)
    robot = DingTalkRobot(TOKEN, SECRET, base_url=fake_robot_url, clock=lambda: 1_000_000_000.0)
    with pytest.raises(RobotError) as err:
        robot.send_text("舆情")
    assert err.value.code == 310000 and "时间戳无效" in str(err.value)


def test_dingtalk_keyword_security(robots, fake_robot_url):
    robots.dingtalk_robot(TOKEN, keywords=["舆情"])
    robot = DingTalkRobot(TOKEN, base_url=fake_robot_url)
    with pytest.raises(RobotError) as err:
        robot.send_text("今天天气不错")
    assert err.value.code == 310000 and "关键词" in str(err.value)
    robot.send_text("舆情预警：某地积水")
    assert len(robots.messages()) == 1


def test_dingtalk_unknown_token_is_300001(robots, fake_robot_url):
    with pytest.raises(RobotError) as err:
        DingTalkRobot("nosuchtoken123", base_url=fake_robot_url).send_text("舆情")
    assert err.value.code == 300001 and err.value.kind == "config"


def test_dingtalk_rate_limit_130101_blocks_for_ten_minutes(robots, fake_robot_url):
    robots.dingtalk_robot(TOKEN, secret=SECRET)
    robot = DingTalkRobot(TOKEN, SECRET, base_url=fake_robot_url)
    for i in range(20):
        robot.send_text(f"舆情 {i}")
    with pytest.raises(RobotError) as err:
        robot.send_text("舆情 21")
    assert err.value.code == 130101 and err.value.retry_after == 600 and err.value.retryable
    robots.advance(120)  # 窗口已过，但仍在 10 分钟限流期内
    with pytest.raises(RobotError):
        robot.send_text("舆情 22")
    robots.advance(600)
    robot.send_text("舆情 23")
    assert len(robots.messages()) == 21


def test_sign_matches_the_documented_algorithm():
    # 与钉钉文档的 Python 示例逐步一致：HmacSHA256("timestamp\nsecret") → Base64 → quote_plus
    ts, secret = "1700000000000", "this is secret"
    expected = urllib.parse.quote_plus(base64.b64encode(
        hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), digestmod=hashlib.sha256).digest()))
    assert dingtalk_sign(ts, secret) == expected
    assert "%" in expected or expected.isalnum()


def test_network_failure_is_explained_in_chinese():
    with pytest.raises(RobotError) as err:
        WeComRobot(KEY, base_url="http://127.0.0.1:9", timeout=2).send_text("x")
    assert err.value.kind == "busy" and "无法连接" in str(err.value)


def test_parse_webhook_accepts_official_urls_and_refuses_others(fake_robot_url):
    assert parse_webhook(WECOM, f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY}") == KEY
    assert parse_webhook(DINGTALK, f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}") == TOKEN
    assert parse_webhook(WECOM, KEY) == KEY
    with pytest.raises(RobotConfigError, match="不是企业微信群机器人的官方地址"):
        parse_webhook(WECOM, f"https://evil.example.com/cgi-bin/webhook/send?key={KEY}")
    with pytest.raises(RobotConfigError, match="缺少有效的 access_token"):
        parse_webhook(DINGTALK, "https://oapi.dingtalk.com/robot/send?foo=1")
    assert parse_webhook(WECOM, f"{fake_robot_url}/cgi-bin/webhook/send?key={KEY}",
                         allowed_bases=[fake_robot_url]) == KEY


def test_no_secret_reaches_logs_or_messages(robots, fake_robot_url, caplog):
    robots.dingtalk_robot(TOKEN, secret=SECRET)
    caplog.set_level(logging.DEBUG)
    make_robot(DINGTALK, TOKEN, SECRET, base_url=fake_robot_url).send_text("舆情")
    with pytest.raises(RobotError) as err:
        make_robot(DINGTALK, TOKEN, SECRET + "y", base_url=fake_robot_url).send_text("舆情")
    text = caplog.text + str(err.value) + err.value.raw_message + repr(make_robot(WECOM, KEY))
    assert TOKEN not in text and SECRET not in text and KEY not in text
    assert "access_token=***" in caplog.text  # httpx 记录的 URL 已脱敏
    assert mask_url(f"?key={KEY}&x=1") == "?key=***&x=1"
