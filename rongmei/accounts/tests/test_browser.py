"""浏览器：项目经理按策略被带去绑定手机验证器（扫码页、恢复码），退出后用密码 + 验证码登录；
390 像素宽的手机上绑定页与账户安全页不横向溢出。"""

from __future__ import annotations

import time

import pytest
from django_otp.oath import TOTP

from conftest import screenshot
from rongmei.accounts.models import AuthenticatorDevice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(secret_text: str, steps_ahead: int) -> str:
    """用页面上显示的密钥（Base32）算出验证器的 6 位数字，与手机应用的算法相同。"""
    from base64 import b32decode

    raw = secret_text.replace(" ", "")
    key = b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(key)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def test_manager_enrols_totp_logs_out_and_logs_in_with_code(personas, browser_login, live_server, settings):
    settings.OTP_REQUIRED_ROLES = ["manager"]
    manager = personas["manager"]
    page = browser_login(manager.username)
    # 策略要求：登录后直接来到绑定页
    assert "/accounts/security/otp/" in page.url
    assert page.get_by_test_id("otp-required").is_visible()
    assert page.locator("[data-testid=otp-qr] svg").count() == 1
    secret = page.get_by_test_id("otp-secret").inner_text()
    page.fill("input[name=code]", _code(secret, 0))
    page.get_by_test_id("otp-confirm").click()
    page.wait_for_load_state("networkidle")
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    screenshot(page, "accounts-otp-codes.png")
    assert AuthenticatorDevice.objects.get(user=manager).confirmed
    # 退出，再登录：密码之后要验证码
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/accounts/security/")
    assert "已绑定" in page.get_by_test_id("otp-status").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "accounts-security-390.png")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("form[action='/accounts/logout/'] button").first.click()
    page.wait_for_load_state("networkidle")
    browser_login(manager.username)
    assert "/accounts/login/verify/" in page.url
    page.fill("input[name=code]", "000000")
    page.get_by_test_id("otp-submit").click()
    page.wait_for_load_state("networkidle")
    assert "验证码不正确" in page.content()
    page.fill("input[name=code]", _code(secret, 1))
    page.get_by_test_id("otp-submit").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login" not in page.url
    assert page.get_by_test_id("user-name").count() >= 1
    page.goto(live_server.url + "/accounts/security/")
    assert "密码 + 手机验证码" in page.content()
    screenshot(page, "accounts-security-after-login.png")
