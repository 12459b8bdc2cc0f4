from __future__ import annotations

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
