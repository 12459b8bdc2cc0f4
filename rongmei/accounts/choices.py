from django.db import models


class LoginMethod(models.TextChoices):
    PASSWORD = "password", "密码"
    TOTP = "totp", "密码 + 手机验证码"
    RECOVERY = "recovery", "密码 + 恢复码"
