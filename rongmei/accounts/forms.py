from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm

from . import services
from .models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败 %(max)s 次将锁定账户。",
        "inactive": "该账户已停用，请联系系统管理员。",
        "locked": "密码错误次数过多，账户已锁定，请 %(minutes)s 分钟后再试或联系系统管理员解锁。",
    }

    username = forms.CharField(label="用户名", max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        user = User.objects.filter(username=username).first()
        if user is not None and user.is_locked:
            raise forms.ValidationError(self.error_messages["locked"], code="locked",
                                        params={"minutes": settings.LOGIN_LOCK_MINUTES})
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            if user is not None:
                just_locked = services.login_failure(user)
                if just_locked:
                    raise forms.ValidationError(self.error_messages["locked"], code="locked",
                                                params={"minutes": settings.LOGIN_LOCK_MINUTES})
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login",
                                        params={"max": settings.LOGIN_MAX_FAILURES})
        self.confirm_login_allowed(self.user_cache)
        services.login_success(self.user_cache)
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
    days = forms.IntegerField(label="有效天数", min_value=1, max_value=3650, initial=365)


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=60)
    email = forms.EmailField(label="邮箱", required=False)
    password = forms.CharField(label="初始密码", strip=False, widget=forms.PasswordInput,
                               help_text="至少 8 位，同时包含字母、数字和符号；用户首次登录须修改。")
    is_superuser = forms.BooleanField(label="系统管理员", required=False)


class ResetPasswordForm(forms.Form):
    password = forms.CharField(label="新的临时密码", strip=False, widget=forms.PasswordInput)
