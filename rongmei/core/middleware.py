from __future__ import annotations

import time

from django.conf import settings

from . import context


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    """给每个请求一个 request id，并把操作者写入审计上下文。"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID") or context.new_request_id()
        user = getattr(request, "user", None)
        authed = user is not None and user.is_authenticated
        source = "api" if request.path.startswith("/api/") else "web"
        with context.operation(
            actor_id=user.pk if authed else None,
            actor_label=context.user_label(user) if authed else "",
            source=source,
            request_id=request_id[:64],
            ip=client_ip(request),
        ):
            request.request_id = request_id
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class SessionRefreshMiddleware:
    """空闲超时而不每次请求都写会话表：会话最多每 ``SESSION_REFRESH_SECONDS`` 秒顺延一次。

    ``SESSION_SAVE_EVERY_REQUEST`` 会让每个只读页面也写一次数据库（SQLite 上与导入、登录抢写锁）；
    这里只在距上次顺延超过间隔时标记会话已修改，由 SessionMiddleware 保存并顺延到期时间。
    空闲超时因此有最多一个间隔的误差。放在 SessionMiddleware 之后。"""

    KEY = "_rm_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and session.session_key:
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return response
