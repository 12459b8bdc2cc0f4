from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongmei.core.forms import apply_errors

from .. import services
from ..forms import LoginForm, PasswordChangeForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(actor=request.user, user=request.user,
                                     new_password=form.cleaned_data["new_password1"])
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
