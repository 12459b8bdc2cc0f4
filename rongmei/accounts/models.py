from __future__ import annotations

import hashlib
from binascii import unhexlify

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import AbstractUser
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from rongmei.core import clock, crypto

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


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """手机验证器（TOTP）。与 django-otp 的 TOTPDevice 算法相同，但密钥用平台凭据的密钥环加密后入库
    （``rongmei.core.crypto``，``rongmei secrets rotate`` 一并重新加密）：数据库里没有明文密钥。"""

    encrypted_key = models.TextField("密钥（密文）")
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "手机验证器"
        verbose_name_plural = "手机验证器"

    def __str__(self) -> str:
        return f"{self.user}（登录名 {self.user.username}）"

    @classmethod
    def new(cls, *, user, name: str) -> AuthenticatorDevice:
        return cls.objects.create(user=user, name=name, confirmed=False, encrypted_key=crypto.encrypt(random_hex(20)))

    @property
    def bin_key(self) -> bytes:
        cached = getattr(self, "_bin_key", None)
        if cached is None:
            cached = self._bin_key = unhexlify(crypto.decrypt(self.encrypted_key).encode("ascii"))
        return cached

    def verify_token(self, token) -> bool:
        try:
            _ = self.bin_key
        except ValueError:  # 密钥环里没有加密它的密钥（换机器恢复未带 credentials.keys）：按验证失败处理
            return False
        return TOTPDevice.verify_token(self, token)

    # 配置网址与 django-otp 的 TOTPDevice 一字不差（只读 bin_key 与上面这些字段）
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)


class RecoveryCodeSet(Device):
    """一组恢复码（登录时代替验证码，每个只能用一次）。码只存加盐哈希（:class:`RecoveryCode`）。"""

    class Meta(Device.Meta):
        verbose_name = "恢复码"
        verbose_name_plural = "恢复码"

    def verify_token(self, token) -> bool:
        token = str(token or "").strip().lower()
        if not token:
            return False
        for code in self.codes.all():
            if RecoveryCode.hasher.verify(token, code.code_hash):
                code.delete()
                return True
        return False


class RecoveryCode(models.Model):
    hasher = PBKDF2PasswordHasher()
    ITERATIONS = 60_000  # 码本身是 40 位随机数；加盐 PBKDF2 让离线穷举代价足够高，登录时逐个校验 10 个也不慢

    device = models.ForeignKey(RecoveryCodeSet, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField("哈希", max_length=128)

    class Meta:
        verbose_name = "恢复码"
        verbose_name_plural = "恢复码"

    def __str__(self) -> str:
        return "恢复码（已加密保存）"

    @classmethod
    def hash(cls, code: str) -> str:
        return cls.hasher.encode(code.strip().lower(), cls.hasher.salt(), iterations=cls.ITERATIONS)
