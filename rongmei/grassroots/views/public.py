"""对外页面（不需登录，手机上用）：培训扫码签到、H5 线上答题。口令在链接里；页面只显示本场、本次答题需要的内容。"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from rongmei.core import clock

from .. import selectors, services
from ..forms import PhoneSignInForm


@require_http_methods(["GET", "POST"])
def signin(request, ws: str, token: str):
    s = selectors.session_by_token(ws, token)
    expired = s.signin_expires_at is None or clock.now() > s.signin_expires_at
    user = request.user if request.user.is_authenticated else None
    member = selectors.member_for(user, s.course.workspace) if user else None
    form = PhoneSignInForm(request.POST or None) if member is None else None
    done, error = None, ""
    if request.method == "POST" and not expired:
        if member is not None or form.is_valid():
            data = form.cleaned_data if form is not None else {}
            try:
                done = services.signin_by_token(session=s, user=user, name=data.get("name", ""),
                                                phone=data.get("phone", ""))
            except ValidationError as exc:
                error = "；".join(exc.messages)
    return render(request, "grassroots/h5_signin.html", {"s": s, "expired": expired, "member": member, "form": form,
                                                          "done": done, "error": error}, status=200)
