"""对外页面（不需登录）：征集通知与申报单位注册。注册只建停用账号，主办方或本地区主管部门确认后才能登录；
每次注册写审计，同一 IP 每小时最多 5 次（services.unit_register）。"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from rongmei.core.forms import apply_errors
from rongmei.core.middleware import client_ip

from .. import selectors, services
from ..forms import RegisterForm


@require_http_methods(["GET", "POST"])
def register(request, pk: int):
    call = selectors.public_call(pk)
    form = RegisterForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password2"}
        try:
            unit = services.unit_register(call=call, ip=client_ip(request), **data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                apply_errors(form, exc)
            else:  # 密码强度等：挂到密码框
                form.add_error("password", exc.messages)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "cases/register_done.html", {"call": call, "unit": unit})
    return render(request, "cases/register.html", {"call": call, "form": form})
