"""用户现在能不能使用系统：须改密码、须绑定第二重验证时只能做这两件事（网页、会话接口、令牌接口同一判定）。"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from . import otp

PASSWORD = "password"
OTP_ENROL = "otp_enrol"


@dataclass(frozen=True)
class Block:
    code: str
    message: str
    url_name: str

    def allowed_paths(self) -> tuple[str, ...]:
        paths = [reverse("accounts:password_change")]
        if self.code == OTP_ENROL:
            paths.append(reverse("accounts:otp_setup"))
        return tuple(paths)


PASSWORD_BLOCK = Block(PASSWORD, "须先修改初始密码（或管理员重置的临时密码）：请在网页上“修改密码”后再使用系统与接口。",
                       "accounts:password_change")
OTP_BLOCK = Block(OTP_ENROL, "按本单位的安全要求，须先绑定手机验证器（第二重验证）后才能使用系统。",
                  "accounts:otp_setup")


def access_block(user, *, token: bool = False) -> Block | None:
    """返回挡住该用户的门槛；没有门槛返回 None。API 令牌（token=True）不受第二重验证影响，只看须改密码。"""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.must_change_password:
        return PASSWORD_BLOCK
    if not token and otp.enrolment_required(user):
        return OTP_BLOCK
    return None
