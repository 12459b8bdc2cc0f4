"""第二重验证（手机验证器 + 恢复码）、策略、锁定、管理员重置；登录设备与登录记录。"""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from rongmei.accounts import services
from rongmei.accounts.models import AuthenticatorDevice, LoginRecord, User, UserSession
from rongmei.accounts.useragent import describe
from rongmei.audit.models import AuditEvent

CHROME_WIN = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/120.0.0.0 Safari/537.36")
WECHAT_IOS = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Mobile/15E148 MicroMessenger/8.0.40(0x1800282a) NetType/WIFI Language/zh_CN")


def code_for(user, steps_ahead: int = 0) -> str:
    """验证器此刻（或往后几个 30 秒）显示的 6 位数字。同一个数字不能用两次，所以登录时用下一个。"""
    device = AuthenticatorDevice.objects.filter(user=user).order_by("-pk").first()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def password_login(client, username, password="Test@12345", ua=CHROME_WIN):
    return client.post(reverse("accounts:login"), {"username": username, "password": password},
                       HTTP_USER_AGENT=ua)


def enrol(client, user) -> list[str]:
    client.force_login(user)
    resp = client.get(reverse("accounts:otp_setup"))
    assert resp.status_code == 200 and "<svg" in resp.content.decode()
    resp = client.post(reverse("accounts:otp_setup"), {"code": code_for(user)})
    html = resp.content.decode()
    assert "已绑定手机验证器" in html
    return [c.split("</code>")[0] for c in html.split('<code class="fs-3">')[1:]]


def test_enrol_then_login_needs_the_code(client, make_user):
    user = make_user("wang", "编辑小王")
    codes = enrol(client, user)
    assert len(codes) == 10
    assert AuditEvent.objects.filter(object_id=str(user.pk), message__contains="绑定第二重验证").exists()
    client.logout()
    resp = password_login(client, "wang")
    assert resp.status_code == 302 and resp["Location"] == reverse("accounts:login_verify")
    assert "_auth_user_id" not in client.session  # 只过了密码，还没登录
    assert client.get("/api/core/me").status_code == 401
    resp = client.post(reverse("accounts:login_verify"), {"code": "000000"})
    assert "验证码不正确" in resp.content.decode() and "_auth_user_id" not in client.session
    resp = client.post(reverse("accounts:login_verify"), {"code": code_for(user, 1)}, HTTP_USER_AGENT=CHROME_WIN)
    assert resp.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/api/core/me").json()["username"] == "wang"
    rec = LoginRecord.objects.filter(user=user, ok=True).latest("at")
    assert rec.method == "totp"
    assert UserSession.objects.filter(user=user, session_key=client.session.session_key).exists()


def test_recovery_code_works_once(client, make_user):
    user = make_user("wang", "编辑小王")
    codes = enrol(client, user)
    client.logout()
    password_login(client, "wang")
    resp = client.post(reverse("accounts:login_verify"), {"code": codes[0].upper()}, follow=True)
    assert "还剩 9 个恢复码" in resp.content.decode()
    client.logout()
    password_login(client, "wang")
    resp = client.post(reverse("accounts:login_verify"), {"code": codes[0]})
    assert "_auth_user_id" not in client.session and "验证码不正确" in resp.content.decode()


def test_wrong_codes_count_toward_the_lockout(client, make_user, settings):
    settings.LOGIN_MAX_FAILURES = 3
    user = make_user("wang", "编辑小王")
    enrol(client, user)
    client.logout()
    password_login(client, "wang")
    for _ in range(3):
        client.post(reverse("accounts:login_verify"), {"code": "123456"})
    assert User.objects.get(pk=user.pk).is_locked
    client.post(reverse("accounts:login_verify"), {"code": code_for(user, 1)})
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="locked", message__contains="验证码").exists()


def test_policy_sends_required_roles_to_enrolment(client, personas, settings):
    manager, editor = personas["manager"], personas["editor"]
    _, old_key = services.token_create(actor=manager, user=manager, name="策略前的脚本", days=30)
    settings.OTP_REQUIRED_ROLES = ["manager", "client_leader"]
    # 令牌不受第二重验证影响（策略打开前建的令牌照常可用）
    assert Client().get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {old_key}").status_code == 200
    resp = password_login(client, manager.username)
    assert resp.status_code == 302
    resp = client.get(f"/w/{manager.memberships.get().workspace.slug}/")
    assert resp.status_code == 302 and resp["Location"] == reverse("accounts:otp_setup")
    assert client.get("/api/core/me").status_code == 403
    resp = client.post(reverse("accounts:profile"), {"name": "脚本", "days": 30})
    assert resp.status_code == 302 and manager.api_tokens.count() == 1
    with pytest.raises(Exception, match="手机验证器"):
        services.token_create(actor=manager, user=manager, name="脚本", days=30)
    assert "须绑定手机验证器" in client.get(reverse("accounts:otp_setup")).content.decode()
    client.post(reverse("accounts:otp_setup"), {"code": code_for(manager)})
    assert client.get("/api/core/me").status_code == 200
    assert client.post(reverse("accounts:profile"), {"name": "脚本", "days": 30}).status_code == 200
    assert manager.api_tokens.count() == 2
    # 不在策略内的角色：不要求绑定
    other = Client()
    password_login(other, editor.username)
    assert other.get("/api/core/me").status_code == 200


def test_forced_password_change_comes_before_enrolment(client, personas, settings):
    settings.OTP_REQUIRED_ROLES = ["manager"]
    manager = personas["manager"]
    User.objects.filter(pk=manager.pk).update(must_change_password=True)
    password_login(client, manager.username)
    resp = client.get(reverse("accounts:otp_setup"))
    assert resp.status_code == 302 and reverse("accounts:password_change") in resp["Location"]


def test_required_users_cannot_disable_and_admin_can_reset(client, personas, admin_user, settings):
    settings.OTP_REQUIRED_ROLES = ["manager"]
    manager = personas["manager"]
    enrol(client, manager)
    client.post(reverse("accounts:otp_disable"), {"password": "Test@12345"})
    assert AuthenticatorDevice.objects.filter(user=manager, confirmed=True).exists()
    # 非管理员不能重置别人的
    editor_client = Client()
    editor_client.force_login(personas["editor"])
    assert editor_client.post(reverse("accounts:user_action", args=[manager.pk, "otp_reset"])).status_code == 403
    admin = Client()
    admin.force_login(admin_user)
    assert "重置手机验证器" in admin.get(reverse("accounts:users")).content.decode()
    admin.post(reverse("accounts:user_action", args=[manager.pk, "otp_reset"]))
    assert not AuthenticatorDevice.objects.filter(user=manager).exists()
    assert AuditEvent.objects.filter(object_id=str(manager.pk), message__contains="管理员重置第二重验证").exists()


def test_voluntary_user_can_disable_with_password(client, make_user):
    user = make_user("wang", "编辑小王")
    enrol(client, user)
    client.post(reverse("accounts:otp_disable"), {"password": "wrong"})
    assert AuthenticatorDevice.objects.filter(user=user).exists()
    client.post(reverse("accounts:otp_disable"), {"password": "Test@12345"})
    assert not AuthenticatorDevice.objects.filter(user=user).exists()


def test_sessions_listed_revocable_and_history_readable(make_user):
    user = make_user("wang", "编辑小王")
    make_user("li", "审核员老李")
    phone, desktop = Client(), Client()
    password_login(phone, "wang", "bad-guess", ua=WECHAT_IOS)
    password_login(phone, "wang", ua=WECHAT_IOS)
    password_login(desktop, "wang", ua=CHROME_WIN)
    html = desktop.get(reverse("accounts:security")).content.decode()
    assert "微信内置浏览器 · iOS（手机）" in html and "Chrome 120 · Windows" in html
    assert "失败" in html and "密码错误" in html and "127.0.0.1" in html
    rows = UserSession.objects.filter(user=user)
    assert rows.count() == 2
    phone_row = rows.exclude(session_key=desktop.session.session_key).get()
    # 别人不能退出我的会话
    intruder = Client()
    intruder.force_login(User.objects.get(username="li"))
    assert intruder.post(reverse("accounts:session_revoke", args=[phone_row.pk])).status_code == 404
    desktop.post(reverse("accounts:session_revoke", args=[phone_row.pk]))
    resp = phone.get(reverse("accounts:profile"))
    assert resp.status_code == 302 and reverse("accounts:login") in resp["Location"]
    assert desktop.get(reverse("accounts:profile")).status_code == 200


def test_security_pages_need_login(client, db):
    for name in ("accounts:security", "accounts:otp_setup"):
        resp = client.get(reverse(name))
        assert resp.status_code == 302 and reverse("accounts:login") in resp["Location"]
    resp = client.get(reverse("accounts:login_verify"))
    assert resp.status_code == 302 and resp["Location"] == reverse("accounts:login")


@pytest.mark.parametrize(("ua", "text"), [
    (CHROME_WIN, "Chrome 120 · Windows"),
    (WECHAT_IOS, "微信内置浏览器 · iOS（手机）"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
     "Safari 17 · macOS"),
    ("Mozilla/5.0 (Linux; Android 12; HarmonyOS; ALN-AL00) AppleWebKit/537.36 Chrome/99.0 Mobile Safari/537.36",
     "Chrome 99 · 鸿蒙（手机）"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0.2210",
     "Edge 120 · Windows"),
    ("", "未知浏览器"),
])
def test_user_agent_in_chinese(ua, text):
    assert describe(ua) == text


def test_second_factor_secrets_are_not_in_the_database_in_clear(client, make_user):
    """数据库里看不到验证器密钥（十六进制或 Base32）和恢复码明文；用验证码和恢复码登录照常。"""
    from base64 import b32encode

    from django.db import connection

    user = make_user("wang", "编辑小王")
    codes = enrol(client, user)
    device = AuthenticatorDevice.objects.get(user=user)
    hex_key = device.bin_key.hex()
    b32_key = b32encode(device.bin_key).decode().rstrip("=")
    with connection.cursor() as cur:
        cur.execute("SELECT encrypted_key FROM accounts_authenticatordevice")
        stored = " ".join(r[0] for r in cur.fetchall())
        cur.execute("SELECT code_hash FROM accounts_recoverycode")
        hashes = " ".join(r[0] for r in cur.fetchall())
        cur.execute("SELECT COUNT(*) FROM otp_totp_totpdevice")
        assert cur.fetchone()[0] == 0
    assert hex_key.lower() not in stored.lower() and b32_key.lower() not in stored.lower()
    assert len(codes) == 10 and not any(c in hashes for c in codes)
    client.logout()
    password_login(client, "wang")
    resp = client.post(reverse("accounts:login_verify"), {"code": code_for(user, 1)})
    assert resp.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_key_rotation_reencrypts_second_factor_secrets(client, make_user, settings, tmp_path):
    """rongmei secrets rotate --drop-old：验证器密钥改用新密钥加密、旧密钥删除后，验证码照样能登录。"""
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from rongmei.core import keys

    settings.DATA_DIR = tmp_path
    settings.CREDENTIALS_KEYS, settings.CREDENTIALS_KEYS_SOURCE = keys.credentials_keys(tmp_path, "")
    user = make_user("wang", "编辑小王")
    enrol(client, user)
    before = AuthenticatorDevice.objects.get(user=user).encrypted_key
    call_command("secrets", "rotate", "--drop-old")
    ring = keys.credentials_keys(tmp_path, "")[0]
    assert len(ring) == 1
    after = AuthenticatorDevice.objects.get(user=user).encrypted_key
    assert after != before and Fernet(ring[0].encode()).decrypt(after.encode())  # 用新密钥加密
    client.logout()
    password_login(client, "wang")
    resp = client.post(reverse("accounts:login_verify"), {"code": code_for(user, 1)})
    assert resp.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_the_legacy_plaintext_device_tables_are_not_in_the_admin():
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert not admin.site.is_registered(TOTPDevice) and not admin.site.is_registered(StaticDevice)
