from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxValueValidator

from . import services
from .models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        # 错误密码、用户名不存在、账户已锁定：同一句话、同一条代码路径（都跑一次密码哈希），
        # 不从回复内容或耗时透露用户名是否存在。被锁定的本人会收到站内通知与邮件。
        "invalid_login": "用户名或密码错误。同一账户连续失败 %(max)s 次将锁定 %(minutes)s 分钟，"
                         "锁定期间无法登录，可联系系统管理员解锁。",
        "inactive": "该账户已停用，请联系系统管理员。",
    }

    username = forms.CharField(label="用户名", max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        # authenticate 总会跑一次密码哈希（用户名不存在时 Django 也哈希一次），锁定与否都一样
        authed = authenticate(self.request, username=username, password=password)
        user = authed or User.objects.filter(username=username).first()
        if user is None or not services.login_attempt(user=user, ok=authed is not None):
            if user is not None:
                services.login_history_add(request=self.request, user=user, ok=False,
                                           note="密码错误" if authed is None else "账户锁定中，拒绝登录")
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login",
                                        params={"max": settings.LOGIN_MAX_FAILURES,
                                                "minutes": settings.LOGIN_LOCK_MINUTES})
        self.user_cache = authed
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", strip=False, widget=forms.PasswordInput)
    new_password1 = forms.CharField(label="新密码", strip=False, widget=forms.PasswordInput,
                                    help_text=password_validation.password_validators_help_texts)
    new_password2 = forms.CharField(label="再次输入新密码", strip=False, widget=forms.PasswordInput)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = "；".join(password_validation.password_validators_help_texts())

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError("原密码不正确。")
        return value

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("new_password1"), data.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", "两次输入的新密码不一致。")
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("new_password1", exc)
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=100, help_text="例如：数据导入脚本")
    days = forms.IntegerField(label="有效天数", min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        max_days = settings.API_TOKEN_MAX_DAYS
        field = self.fields["days"]
        field.max_value = max_days
        field.validators.append(MaxValueValidator(max_days, f"有效天数最多 {max_days} 天（到期前会提醒，到期后可再建新令牌）。"))
        field.widget.attrs.update({"max": max_days, "min": 1})
        field.initial = max_days
        field.help_text = f"最长 {max_days} 天；到期前 {settings.API_TOKEN_REMIND_DAYS} 天会提醒您。"


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=60)
    email = forms.EmailField(label="邮箱", required=False)
    password = forms.CharField(label="初始密码", strip=False, widget=forms.PasswordInput,
                               help_text="至少 8 位，同时包含字母、数字和符号；用户首次登录须修改。")
    is_superuser = forms.BooleanField(label="系统管理员", required=False)


class ResetPasswordForm(forms.Form):
    password = forms.CharField(label="新的临时密码", strip=False, widget=forms.PasswordInput)


class OtpCodeForm(forms.Form):
    code = forms.CharField(label="验证码", max_length=20, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}),
                           help_text="手机验证器上的 6 位数字；手机不在身边时可输入一个恢复码（每个只能用一次）。")


class OtpConfirmForm(forms.Form):
    code = forms.CharField(label="验证器上显示的 6 位数字", max_length=10, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class OtpDisableForm(forms.Form):
    password = forms.CharField(label="当前密码", strip=False, widget=forms.PasswordInput)
