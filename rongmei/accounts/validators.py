from __future__ import annotations

import re

from django.contrib.auth.password_validation import CommonPasswordValidator as DjangoCommonPasswordValidator
from django.core.exceptions import ValidationError


class ComplexityValidator:
    """密码至少 N 位，且同时包含字母、数字和符号。"""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        problems = []
        if len(password) < self.min_length:
            problems.append(f"至少 {self.min_length} 位")
        if not re.search(r"[A-Za-z]", password):
            problems.append("包含字母")
        if not re.search(r"\d", password):
            problems.append("包含数字")
        if not re.search(r"[^A-Za-z0-9]", password):
            problems.append("包含符号（如 !@#%）")
        if problems:
            raise ValidationError("密码须" + "、".join(problems) + "。", code="password_too_weak")

    def get_help_text(self) -> str:
        return f"密码至少 {self.min_length} 位，同时包含字母、数字和符号。"


class NotSimilarToUsernameValidator:
    def validate(self, password: str, user=None) -> None:
        if user is not None and user.username and user.username.lower() in password.lower():
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")

    def get_help_text(self) -> str:
        return "密码不能包含用户名。"


# 本产品常见的弱密码：满足“字母+数字+符号”却最先被猜的组合（单位名、系统名、管理员、键盘序列 + 年份或 123）。
# 演示密码 Rongmei@2026 也在其中：它写在说明书里，真实用户不能用；`rongmei demo` 建演示账号时不做密码校验。
PRODUCT_WEAK_WORDS = (
    "rongmei", "admin", "administrator", "root", "password", "passw0rd", "p@ssw0rd", "p@ssword", "pass",
    "welcome", "qwer", "qwerty", "qwe", "asdf", "zxcv", "abc", "abcd", "aa", "huawei", "zhengwu", "weixin",
    "wechat", "user", "china", "beijing", "system", "sys", "super", "manager", "guest", "1qaz", "1qaz2wsx",
    "1qaz@wsx", "q1w2e3r4", "iloveyou",
)
PRODUCT_WEAK_PASSWORDS = frozenset({
    "passw0rd!", "p@ssw0rd", "p@ssw0rd1", "p@55w0rd", "rongmei@123", "rongmei@2026", "admin@123", "admin@1234",
    "admin123!", "root@123", "1qaz@wsx", "1qaz!qaz", "1qaz2wsx#", "zaq1@wsx", "qwe!@#123", "abc@123", "abc!@#123",
    "a123456!", "aa123456!", "aa123456@", "woaini@520", "huawei@123", "sinosoft@1",
})
_WEAK_RE = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in sorted(PRODUCT_WEAK_WORDS, key=len, reverse=True)) + r")"
    r"[!@#$%^&*._\-]{0,3}\d{0,8}[!@#$%^&*._\-]{0,3}$"
)


class CommonPasswordValidator(DjangoCommonPasswordValidator):
    """常见密码：Django 自带的 2 万个常见密码，加本产品的弱密码表与“系统名/管理员 + 符号 + 年份或 123”的组合。"""

    def validate(self, password: str, user=None) -> None:
        value = password.lower().strip()
        if value in self.passwords or value in PRODUCT_WEAK_PASSWORDS or _WEAK_RE.match(value):
            raise ValidationError("这个密码太常见，很容易被猜中（如 Passw0rd!、Admin@123），请换一个。",
                                  code="password_too_common")

    def get_help_text(self) -> str:
        return "不能使用常见密码（如 Passw0rd!、Admin@123、单位或系统名加 123）。"
