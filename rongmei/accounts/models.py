from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models

from rongmei.core import clock


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
