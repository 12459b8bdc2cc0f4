"""REST API（django-ninja）。OpenAPI 文档在 /api/openapi.json，可读文档在 /api/docs。

认证：浏览器会话（带 CSRF）或 ``Authorization: Bearer rm_…`` API 令牌（个人资料页创建）。
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from rongmei.accounts import gate
from rongmei.accounts.services import token_authenticate
from rongmei.core import context


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            block = gate.access_block(user, token=True)
            if block is not None:  # 须改密码：令牌也不能绕过（异常交给下面的 403 处理）
                raise PermissionDenied(block.message)
            request.user = user
            context.set_actor(user)
        return user


class TokenHeaderAuth(APIKeyHeader):
    param_name = "X-API-Token"

    def authenticate(self, request, key):
        return TokenAuth().authenticate(request, key)


api = NinjaAPI(
    title="rongmei 融媒运营平台 API",
    version="1.0.0",
    description="政务新媒体运营平台的 REST 接口。所有接口按工作区与角色校验权限。",
    auth=[TokenAuth(), TokenHeaderAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "没有权限"}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "不存在"}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "数据有误", "errors": detail}, status=422)


for _module in ["core", "workspaces", "workcal", "audit", "contracts", "production", "proofread", "publishing",
                "metrics", "reports", "interaction", "opinion", "inspection", "archives"]:
    from importlib import import_module

    _router = getattr(import_module(f"rongmei.{_module}.api"), "router", None)
    if _router is not None:
        api.add_router(f"/{_module}/", _router)
