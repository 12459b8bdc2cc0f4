from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from rongmei.core.forms import apply_errors

from .. import otp, services
from ..choices import LoginMethod
from ..forms import LoginForm, OtpCodeForm, PasswordChangeForm, TokenForm
from ..models import User

PENDING = "rm_otp_pending"
PENDING_SECONDS = 300


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if otp.has_second_factor(user):
            # 密码正确，但还没登录：记下待验证的用户，转到第二步（验证码）
            self.request.session[PENDING] = {"uid": user.pk, "backend": user.backend, "at": time.time(),
                                             "next": self.get_redirect_url()}
            return redirect("accounts:login_verify")
        response = super().form_valid(form)
        services.login_completed(request=self.request, user=user, method=LoginMethod.PASSWORD)
        return response


def login_verify(request):
    """登录第二步：手机验证器的验证码或恢复码。错误次数与密码一起计入锁定。"""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.warning(request, "请重新输入用户名和密码。")
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["uid"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return redirect("accounts:login")
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.verify(user, form.cleaned_data["code"])
        if services.login_attempt(user=user, ok=device is not None, what="验证码"):
            method = LoginMethod.RECOVERY if otp.is_recovery(device) else LoginMethod.TOTP
            request.session.pop(PENDING, None)
            user.backend = pending["backend"]
            auth_login(request, user)
            otp_login(request, device)
            services.login_completed(request=request, user=user, method=method)
            if method == LoginMethod.RECOVERY:
                left = otp.recovery_left(user)
                messages.warning(request, f"您用恢复码登录，还剩 {left} 个恢复码。请在“账户安全”页检查手机验证器或重新生成恢复码。")
            target = pending.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse(settings.LOGIN_REDIRECT_URL)
            return redirect(target)
        services.login_history_add(request=request, user=user, ok=False, method=LoginMethod.TOTP,
                                   note="验证码错误或账户锁定中")
        form.add_error("code", f"验证码不正确，或账户因连续失败已被锁定。连续失败 {settings.LOGIN_MAX_FAILURES} 次将锁定 "
                               f"{settings.LOGIN_LOCK_MINUTES} 分钟。")
    return render(request, "accounts/login_verify.html", {"form": form})


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(actor=request.user, user=request.user,
                                     new_password=form.cleaned_data["new_password1"],
                                     keep_session_key=request.session.session_key)
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("core:home")
    return render(request, "accounts/password_change.html",
                  {"form": form, "forced": request.user.must_change_password})


@login_required
def profile(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = services.token_create(actor=request.user, user=request.user,
                                               name=form.cleaned_data["name"], days=form.cleaned_data["days"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            form = TokenForm()
    tokens = request.user.api_tokens.all()
    return render(request, "accounts/profile.html", {"form": form, "tokens": tokens, "new_key": new_key,
                                                     "remind_days": settings.API_TOKEN_REMIND_DAYS})


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = request.user.api_tokens.filter(pk=pk).first()
    if token is None:
        raise Http404("令牌不存在")
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, f"令牌“{token.name}”已吊销。")
    return redirect("accounts:profile")
