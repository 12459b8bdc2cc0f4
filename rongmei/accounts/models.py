from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models

from rongmei.core import clock

from .choices import LoginMethod


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    unit = models.CharField("单位", max_length=120, blank=True)
    must_change_password = models.BooleanField("首次登录须修改密码", default=True)
    failed_logins = models.PositiveIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > clock.now()


class ApiToken(models.Model):
    """脚本与外部系统使用的 API 令牌。只保存哈希；明文只在创建时显示一次。"""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("前缀", max_length=12, db_index=True)
    key_hash = models.CharField("哈希", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)
    revoked = models.BooleanField("已吊销", default=False)
    expiry_reminded_at = models.DateTimeField("到期提醒时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    @property
    def is_valid(self) -> bool:
        return not self.revoked and (self.expires_at is None or self.expires_at > clock.now())

    @property
    def days_left(self) -> int | None:
        """距过期还有几天（不足一天算 0）；已过期为负数。"""
        if self.expires_at is None:
            return None
        return (self.expires_at - clock.now()).days


class LoginRecord(models.Model):
    """登录记录（成功与失败）：时间、IP、浏览器。用户名不存在的失败只在审计日志里。"""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="login_records")
    at = models.DateTimeField("时间", db_index=True)
    ok = models.BooleanField("成功", default=False)
    method = models.CharField("方式", max_length=20, choices=LoginMethod.choices, default=LoginMethod.PASSWORD)
    note = models.CharField("说明", max_length=200, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器标识", max_length=500, blank=True)

    class Meta:
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d %H:%M}"


class UserSession(models.Model):
    """一次网页登录的会话（登录时记下），供“登录设备”列表与远程退出。"""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="web_sessions")
    session_key = models.CharField("会话键", max_length=64, unique=True)
    created_at = models.DateTimeField("登录时间")
    method = models.CharField("方式", max_length=20, choices=LoginMethod.choices, default=LoginMethod.PASSWORD)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器标识", max_length=500, blank=True)

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
