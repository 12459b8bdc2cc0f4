"""登录后的门槛：初始密码（或管理员重置的临时密码）须先修改，按策略须绑定第二重验证的先绑定。

门槛期间只放行修改密码（或绑定第二重验证）页与退出；其余页面跳转过去，接口（/api/，会话认证）
返回 403 与中文说明。API 令牌认证在 ``rongmei.api`` 里按同一个 :func:`access_block` 拒绝。"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import gate

ALWAYS_ALLOWED = ("/static/", "/healthz", "/favicon.ico", "/accounts/logout/", "/accounts/login/")


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(ALWAYS_ALLOWED):
            return self.get_response(request)
        block = gate.access_block(user)
        if block is not None and not request.path.startswith(block.allowed_paths()):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": block.message}, status=403)
            target = reverse(block.url_name) + ("?forced=1" if block.code == gate.PASSWORD else "")
            if request.headers.get("HX-Request"):
                resp = JsonResponse({"detail": block.message}, status=403)
                resp["HX-Redirect"] = target
                return resp
            return redirect(target)
        return self.get_response(request)
