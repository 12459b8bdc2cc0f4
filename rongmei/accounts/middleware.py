from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/api/", "/media/")


class ForcePasswordChangeMiddleware:
    """初始密码或被重置的密码：登录后先改密码才能使用系统。"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and user.must_change_password
                and not request.path.startswith(ALLOWED_PREFIXES)):
            return redirect(reverse("accounts:password_change") + "?forced=1")
        return self.get_response(request)
