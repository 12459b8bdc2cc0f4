"""第二重验证（TOTP 手机验证器 + 恢复码），基于 django-otp。

* 策略：``settings.OTP_REQUIRED_ROLES``（默认项目经理/组长与甲方领导）里的角色，以及
  ``settings.OTP_REQUIRED_WORKSPACES``（工作区标识，``*`` 为全部）里的全体成员、``OTP_REQUIRED_FOR_SYSADMIN``
  的系统管理员必须绑定；其余用户可自愿绑定。角色经 ``core.tenancy`` 查询（accounts 在 workspaces 之下）。
* 二维码在本机生成 SVG（segno），不访问外网。
* 验证器密钥加密入库（:class:`~rongmei.accounts.models.AuthenticatorDevice`，平台凭据的密钥环），
  恢复码只存加盐哈希（:class:`~rongmei.accounts.models.RecoveryCode`）。django-otp 自带的 AuthenticatorDevice /
  StaticDevice 表只在升级迁移时读一次（0004 把旧行加密/哈希后搬过来并删除），不再写入。
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django_otp.plugins.otp_static.models import StaticToken

from rongmei.core import tenancy

from .models import AuthenticatorDevice, RecoveryCode, RecoveryCodeSet

TOTP_NAME = "手机验证器"
RECOVERY_NAME = "恢复码"
RECOVERY_COUNT = 10


def totp_device(user, *, confirmed: bool | None = True) -> AuthenticatorDevice | None:
    qs = AuthenticatorDevice.objects.filter(user=user)
    if confirmed is not None:
        qs = qs.filter(confirmed=confirmed)
    return qs.order_by("-pk").first()


def has_second_factor(user) -> bool:
    return AuthenticatorDevice.objects.filter(user=user, confirmed=True).exists()


def required_reason(user) -> str | None:
    """该用户为什么必须绑定（中文），不要求时返回 None。"""
    if user.is_superuser and settings.OTP_REQUIRED_FOR_SYSADMIN:
        return "系统管理员须绑定手机验证器"
    required_roles = set(settings.OTP_REQUIRED_ROLES)
    required_ws = set(settings.OTP_REQUIRED_WORKSPACES)
    if not required_roles and not required_ws:
        return None
    for ws in tenancy.workspaces_for(user):
        if "*" in required_ws or ws.slug in required_ws:
            return f"工作区“{ws.name}”要求全体成员绑定手机验证器"
        role = tenancy.role_in(user, ws)
        if role in required_roles:
            return "您的角色须绑定手机验证器"
    return None


def enrolment_required(user) -> bool:
    """按策略必须绑定但还没有绑定。每个请求会问一次，结果缓存在本次请求的用户对象上。"""
    if not (settings.OTP_REQUIRED_ROLES or settings.OTP_REQUIRED_WORKSPACES
            or (user.is_superuser and settings.OTP_REQUIRED_FOR_SYSADMIN)):
        return False  # 没有强制策略：不查数据库（每个请求都会问）
    cached = getattr(user, "_rm_otp_enrol", None)
    if cached is None:
        cached = not has_second_factor(user) and required_reason(user) is not None
        user._rm_otp_enrol = cached
    return cached


def pending_device(user) -> AuthenticatorDevice:
    """绑定中的验证器（未确认）；没有就新建一个（新密钥）。"""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = AuthenticatorDevice.new(user=user, name=TOTP_NAME)
    return device


def secret_text(device: AuthenticatorDevice) -> str:
    """手工输入用的密钥（Base32，每 4 位一组）。"""
    raw = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: AuthenticatorDevice) -> str:
    """otpauth:// 网址的二维码（内嵌 SVG）。"""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def new_recovery_codes(user) -> list[str]:
    """作废旧恢复码，生成一组新的，返回明文（只显示一次；库里只存加盐哈希，每个只能用一次）。"""
    device, _ = RecoveryCodeSet.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.codes.all().delete()
    codes: list[str] = []
    while len(codes) < RECOVERY_COUNT:
        code = StaticToken.random_token()
        if not code.isdigit():  # 全是数字的会被当成验证码（概率极小，也排除）
            codes.append(code)
    RecoveryCode.objects.bulk_create([RecoveryCode(device=device, code_hash=RecoveryCode.hash(c)) for c in codes])
    return codes


def recovery_left(user) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user, code: str):
    """校验登录时输入的验证码或恢复码，返回通过的设备（恢复码用后作废），不通过返回 None。"""
    code = (code or "").strip().replace(" ", "").lower()
    if not code:
        return None
    if code.isdigit() and len(code) <= 8:  # 验证码是 6（或 8）位数字；恢复码是 8 位字母数字
        device = totp_device(user)
        return device if device is not None and device.verify_token(code) else None
    for device in RecoveryCodeSet.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def is_recovery(device) -> bool:
    return isinstance(device, RecoveryCodeSet)


def remove_all(user) -> None:
    AuthenticatorDevice.objects.filter(user=user).delete()
    RecoveryCodeSet.objects.filter(user=user).delete()


def remove_all_except(user, *, keep: AuthenticatorDevice) -> None:
    """绑定新验证器时删掉旧的（换手机重新绑定）。"""
    AuthenticatorDevice.objects.filter(user=user).exclude(pk=keep.pk).delete()
