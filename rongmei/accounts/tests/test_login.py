import pytest
from django.urls import reverse

from rongmei.accounts.models import User
from rongmei.accounts.validators import ComplexityValidator
from rongmei.audit.models import AuditEvent


@pytest.mark.parametrize(
    ("password", "ok", "hint"),
    [
        ("Abc@1234", True, ""),
        ("abc12345", False, "包含符号"),
        ("Abc@def!", False, "包含数字"),
        ("1234@567", False, "包含字母"),
        ("Ab@1", False, "至少 8 位"),
    ],
)
def test_password_rules_explain_in_chinese(password, ok, hint):
    from django.core.exceptions import ValidationError

    if ok:
        ComplexityValidator().validate(password)
    else:
        with pytest.raises(ValidationError) as exc:
            ComplexityValidator().validate(password)
        assert hint in exc.value.messages[0]


def test_login_success_is_audited(client, make_user):
    user = make_user("wang", "编辑小王")
    resp = client.post(reverse("accounts:login"), {"username": "wang", "password": "Test@12345"})
    assert resp.status_code == 302
    ev = AuditEvent.objects.filter(action="login").get()
    assert ev.actor_id == user.pk and "编辑小王" in ev.actor_label


def test_failed_logins_lock_account_and_are_audited(client, make_user, settings):
    settings.LOGIN_MAX_FAILURES = 3
    make_user("li", "审核员老李")
    for _ in range(2):
        resp = client.post(reverse("accounts:login"), {"username": "li", "password": "wrong"})
        assert "用户名或密码错误" in resp.content.decode()
    resp = client.post(reverse("accounts:login"), {"username": "li", "password": "wrong"})
    assert User.objects.get(username="li").is_locked
    # 锁定期间即使密码正确也进不去（回复与密码错误相同，不透露账户存在且已锁定）
    resp = client.post(reverse("accounts:login"), {"username": "li", "password": "Test@12345"})
    assert "用户名或密码错误" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed").count() == 4
    assert AuditEvent.objects.filter(action="locked").count() == 1


def test_unknown_user_failure_is_audited(client, db):
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "x"})
    ev = AuditEvent.objects.get(action="login_failed")
    assert ev.object_repr == "nobody" and "不存在" in ev.message


def test_initial_password_must_be_changed(client, make_user):
    user = make_user("new", "新人", must_change_password=True)
    client.force_login(user)
    resp = client.get("/")
    assert resp.status_code == 302 and reverse("accounts:password_change") in resp["Location"]
    resp = client.post(reverse("accounts:password_change"), {
        "old_password": "Test@12345", "new_password1": "short", "new_password2": "short"})
    assert "至少 8 位" in resp.content.decode()
    resp = client.post(reverse("accounts:password_change"), {
        "old_password": "Test@12345", "new_password1": "Better#2026x", "new_password2": "Better#2026x"})
    assert resp.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("Better#2026x")
    assert client.get("/").status_code in (200, 302) and "password" not in client.get("/").get("Location", "")


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_api_token_shown_once_and_authenticates(client, make_user):
    user = make_user("script", "脚本账号")
    client.force_login(user)
    resp = client.post(reverse("accounts:profile"), {"name": "导入脚本", "days": 30})
    html = resp.content.decode()
    key = html.split("<code>")[1].split("</code>")[0]
    assert key.startswith("rm_")
    client.logout()
    from django.test import Client

    api = Client()
    assert api.get("/api/core/me").status_code == 401
    resp = api.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert resp.status_code == 200 and resp.json()["username"] == "script"
    token = user.api_tokens.get()
    assert token.key_hash != key and key not in str(token.__dict__)
    client.force_login(user)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    resp = api.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert resp.status_code == 401 and "已被吊销" in resp.json()["detail"]


def test_an_expired_token_says_when_it_expired(make_user):
    """过期的令牌：401，并用北京时间说明何时过期、怎么办；不认识的令牌只说“未登录或令牌无效”。"""
    import datetime as dt

    from django.test import Client

    from rongmei.accounts import services

    user = make_user("script", "脚本账号")
    token, key = services.token_create(actor=user, user=user, name="导入脚本", days=1)
    token.expires_at = dt.datetime(2025, 3, 1, 16, 30, tzinfo=dt.UTC)
    token.save(update_fields=["expires_at"])
    api = Client()
    resp = api.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert resp.status_code == 401 and resp.json()["detail"] == (
        "这个 API 令牌已于 2025-03-02 00:30（北京时间）过期，请在个人资料页新建令牌。")
    resp = api.get("/api/core/me", HTTP_AUTHORIZATION="Bearer rm_notarealtoken")
    assert resp.status_code == 401 and resp.json()["detail"] == "未登录或令牌无效"


def test_user_create_command_rejects_weak_password(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="包含符号"):
        call_command("user", "create", "zhao", "--password", "abcd1234")
    assert not User.objects.filter(username="zhao").exists()
    call_command("user", "create", "zhao", "--password", "Lake#Xian2026", "--name", "小赵")
    ev = AuditEvent.objects.get(action="create", object_type="accounts.user")
    assert ev.source == "cli"
