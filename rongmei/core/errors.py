"""中文错误页：只显示我们自己写的中文原因（如“工作区不存在或您不是其成员”），
不显示异常类名（``Resolver404``）或 Django 的英文原文（“No Item matches the given query.”）。"""

from __future__ import annotations

import re

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

_CJK = re.compile(r"[\u4e00-\u9fff]")


def reason(exception) -> str:
    """异常里可以给用户看的中文原因；没有则为空。"""
    if exception is None or not exception.args:
        return ""
    message = exception.args[0]
    return message if isinstance(message, str) and _CJK.search(message) else ""


def _page(request, status: int, title: str, default: str, exception=None):
    return render(request, "error.html", {
        "status": status, "title": title, "message": reason(exception) or default,
    }, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _page(request, 400, "请求有误", "请求的内容不完整或格式不对，请返回上一页重试。", exception)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _page(request, 403, "没有权限", "您没有访问此页面的权限。", exception)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _page(request, 404, "页面不存在", "您要找的页面不存在，或您没有权限查看。", exception)


@requires_csrf_token
def server_error(request):
    # 出错时不再依赖上下文处理器（它们可能正是出错的原因）：只渲染不继承基础模板的独立页面
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """CSRF 校验失败（settings.CSRF_FAILURE_VIEW）：中文说明，而不是 Django 的英文页面。"""
    return render(request, "error.html", {
        "status": 403, "title": "页面已过期",
        "message": "表单安全校验没有通过（页面停留太久或浏览器禁用了 Cookie）。请刷新页面后重新提交。",
    }, status=403)
