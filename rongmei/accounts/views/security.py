"""账户安全：第二重验证（绑定、恢复码、解除）、登录设备（会话）与登录记录。只看、只改本人的。"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongmei.core.forms import apply_errors

from .. import otp, services
from ..forms import OtpConfirmForm, OtpDisableForm
from ..useragent import describe

HISTORY_ROWS = 30


@login_required
def security(request):
    user = request.user
    sessions = services.sessions_active(user)
    current = request.session.session_key
    for s in sessions:
        s.device_text = describe(s.user_agent)
        s.is_current = s.session_key == current
    history = list(user.login_records.all()[:HISTORY_ROWS])
    for r in history:
        r.device_text = describe(r.user_agent)
    return render(request, "accounts/security.html", {
        "sessions": sessions, "history": history, "device": otp.totp_device(user),
        "required_reason": otp.required_reason(user), "recovery_left": otp.recovery_left(user),
        "tokens": user.api_tokens.filter(revoked=False), "disable_form": OtpDisableForm(),
    })


@login_required
def otp_setup(request):
    """绑定手机验证器：扫码（或手工输入密钥），输入 6 位数字确认，随后显示一次恢复码。"""
    user = request.user
    if otp.has_second_factor(user) and request.GET.get("again") != "1" and request.method == "GET":
        return redirect("accounts:security")
    device = otp.pending_device(user)
    form = OtpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.otp_confirm(actor=user, user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            user._rm_otp_enrol = False
            return render(request, "accounts/otp_codes.html", {"codes": codes, "first": True})
    return render(request, "accounts/otp_setup.html", {
        "form": form, "qr": otp.qr_svg(device), "secret": otp.secret_text(device),
        "required_reason": otp.required_reason(user), "enrolled": otp.has_second_factor(user),
    })


@login_required
@require_POST
def otp_recovery(request):
    try:
        codes = services.otp_recovery_regenerate(actor=request.user, user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("accounts:security")
    return render(request, "accounts/otp_codes.html", {"codes": codes, "first": False})


@login_required
@require_POST
def otp_disable(request):
    form = OtpDisableForm(request.POST)
    if form.is_valid():
        try:
            services.otp_disable(actor=request.user, user=request.user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已解除手机验证器，登录时只需密码。")
    else:
        messages.error(request, "请输入当前密码。")
    return redirect("accounts:security")


@login_required
@require_POST
def session_revoke(request, pk: int):
    row = request.user.web_sessions.filter(pk=pk).first()
    if row is None:
        raise Http404("登录会话不存在")
    if row.session_key == request.session.session_key:
        messages.error(request, "这是您当前正在使用的会话，请用“退出”。")
        return redirect("accounts:security")
    services.session_revoke(actor=request.user, session=row)
    messages.success(request, "已让该设备退出登录。")
    return redirect("accounts:security")
