"""须改密码的用户：网页、会话接口、令牌接口都只能去改密码；令牌有效期有上限，到期前提醒。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from rongmei.accounts import services
from rongmei.accounts.models import ApiToken
from rongmei.core import clock
from rongmei.core.models import Notification


def test_forced_change_blocks_every_channel(client, make_user, admin_user):
    user = make_user("wang", "编辑小王")
    _, key = services.token_create(actor=user, user=user, name="旧脚本", days=30)
    services.user_reset_password(actor=admin_user, user=user, new_password="Temp#Lake2026a")
    user.refresh_from_db()
    client.force_login(user)
    # 网页：个人资料（建令牌处）跳到改密码页；POST 建令牌也不行
    resp = client.get(reverse("accounts:profile"))
    assert resp.status_code == 302 and reverse("accounts:password_change") in resp["Location"]
    resp = client.post(reverse("accounts:profile"), {"name": "十年令牌", "days": 3650})
    assert resp.status_code == 302 and not ApiToken.objects.filter(name="十年令牌").exists()
    # 会话调接口：403 + 中文说明
    resp = client.get("/api/core/me")
    assert resp.status_code == 403 and "修改" in resp.json()["detail"]
    # 令牌调接口：同样 403（以前的令牌不能绕过）
    api = Client()
    resp = api.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert resp.status_code == 403 and "修改" in resp.json()["detail"]
    # 改密码页与退出仍可用
    assert client.get(reverse("accounts:password_change")).status_code == 200
    resp = client.post(reverse("accounts:password_change"), {
        "old_password": "Temp#Lake2026a", "new_password1": "River#Xian2026b", "new_password2": "River#Xian2026b"})
    assert resp.status_code == 302
    assert client.get("/api/core/me").status_code == 200
    assert api.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_service_refuses_tokens_while_password_must_change(make_user):
    user = make_user("new", "新人", must_change_password=True)
    with pytest.raises(Exception, match="修改"):
        services.token_create(actor=user, user=user, name="脚本", days=30)


def test_token_lifetime_is_capped(client, make_user, settings):
    settings.API_TOKEN_MAX_DAYS = 90
    user = make_user("script", "脚本账号")
    client.force_login(user)
    html = client.post(reverse("accounts:profile"), {"name": "十年令牌", "days": 3650}).content.decode()
    assert "最多 90 天" in html and not ApiToken.objects.exists()
    with pytest.raises(ValidationError):
        services.token_create(actor=user, user=user, name="永不过期", days=None)
    html = client.post(reverse("accounts:profile"), {"name": "导入脚本", "days": 90}).content.decode()
    token = ApiToken.objects.get()
    assert abs((token.expires_at - clock.now()) - dt.timedelta(days=90)) < dt.timedelta(minutes=1)
    # 页面显示北京时间的过期时间与剩余天数
    expiry = clock.now().astimezone(dt.timezone(dt.timedelta(hours=8))) + dt.timedelta(days=90)
    assert expiry.strftime("%Y-%m-%d") in html and "还有 89 天" in html


def test_expiry_reminder_once_before_expiry(make_user, settings):
    settings.API_TOKEN_REMIND_DAYS = 7
    user = make_user("script", "脚本账号", email="s@example.cn")
    soon, _ = services.token_create(actor=user, user=user, name="即将过期", days=3)
    services.token_create(actor=user, user=user, name="还早", days=60)
    revoked, _ = services.token_create(actor=user, user=user, name="已吊销", days=2)
    services.token_revoke(actor=user, token=revoked)
    assert services.token_expiry_remind() == 1
    note = Notification.objects.get(user=user, kind="accounts.token_expiry")
    assert "即将过期" in note.title and "北京时间" in note.body
    assert services.token_expiry_remind() == 0  # 只提醒一次
    soon.refresh_from_db()
    assert soon.expiry_reminded_at is not None
