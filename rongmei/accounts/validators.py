from __future__ import annotations

import re

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
