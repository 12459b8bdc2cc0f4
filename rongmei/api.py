"""REST API（django-ninja）。OpenAPI 文档在 /api/openapi.json，可读文档在 /api/docs。

认证：浏览器会话（带 CSRF）或 ``Authorization: Bearer rm_…`` API 令牌（个人资料页创建）。
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from rongmei.accounts import gate
from rongmei.accounts.services import token_authenticate, token_problem
from rongmei.core import context


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is None and (problem := token_problem(token)):
            raise HttpError(401, problem)
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


# 错误的统一形状（文档写明）：{"detail": 中文说明, "errors"?: 逐项说明}。django-ninja 自带的回复是英文、
# 形状也不同（422 的 detail 是列表），这里全部换成同一形状。
_CJK = re.compile(r"[\u4e00-\u9fff]")
_STATUS_TEXT = {400: "请求有误", 401: "未登录或令牌无效", 403: "没有权限", 404: "不存在", 405: "不支持这种请求方法",
                409: "数据冲突", 413: "请求内容太大", 415: "不支持的内容类型", 429: "请求过于频繁，请稍后再试"}
_PYDANTIC_TEXT = {"missing": "必填", "int_parsing": "应为整数", "int_type": "应为整数", "float_parsing": "应为数字",
                  "float_type": "应为数字", "bool_parsing": "应为 true 或 false", "bool_type": "应为 true 或 false",
                  "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）", "date_parsing": "应为日期（YYYY-MM-DD）",
                  "date_type": "应为日期（YYYY-MM-DD）", "datetime_parsing": "应为时间（ISO 8601）",
                  "datetime_type": "应为时间（ISO 8601）", "datetime_from_date_parsing": "应为时间（ISO 8601）",
                  "string_type": "应为文本", "string_too_long": "太长", "string_too_short": "太短",
                  "list_type": "应为列表", "dict_type": "应为对象", "model_type": "应为对象",
                  "model_attributes_type": "应为对象", "greater_than_equal": "太小", "greater_than": "太小",
                  "less_than_equal": "太大", "less_than": "太大", "enum": "不是可选值之一", "literal_error": "不是可选值之一",
                  "int_from_float": "应为整数", "uuid_parsing": "格式不正确", "json_invalid": "不是有效的 JSON",
                  "too_long": "项数太多", "too_short": "项数太少", "value_error": "取值不正确"}
_PLACE = {"body": "请求体", "query": "查询参数", "path": "路径参数", "form": "表单", "header": "请求头",
          "cookie": "Cookie", "file": "文件"}


def _chinese(text: str, status: int) -> str:
    return text if text and _CJK.search(text) else _STATUS_TEXT.get(status, "请求有误")


def _error_response(request, status: int, detail: str, errors=None):
    body = {"detail": detail}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    return _error_response(request, 403, _chinese(str(exc), 403))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error_response(request, 404, _chinese(str(exc), 404))


@api.exception_handler(HttpError)
def _http_error(request, exc):
    status = exc.status_code
    message = str(exc)
    if status == 400 and message.startswith("Cannot parse request body"):
        return _error_response(request, 400, "请求体无法解析：应为 UTF-8 编码的 JSON")
    if status == 403 and "CSRF" in message:
        return _error_response(request, 403, "CSRF 校验失败：请刷新页面后重试，或改用 API 令牌")
    return _error_response(request, status, _chinese(message, status))


@api.exception_handler(RequestInvalid)
def _request_invalid(request, exc):
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        place = _PLACE.get(loc[0], loc[0]) if loc else ""
        field = ".".join(loc[1:])
        message = error.get("msg", "")
        text = message if _CJK.search(message) else _PYDANTIC_TEXT.get(error.get("type", ""), "格式不正确")
        errors.append({"loc": loc, "field": field, "message": f"{place}{('“' + field + '”') if field else ''}{text}"})
    return _error_response(request, 422, "请求数据有误", errors)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _out_of_range(request, exc):
    # 超出数据库整数范围的编号（SQLite 抛 OverflowError，PostgreSQL 抛 DataError）：是调用方的参数错，不是服务器故障
    return _error_response(request, 400, "参数中的数字超出允许范围")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "数据有误", "errors": detail}, status=422)


for _module in ["core", "workspaces", "workcal", "audit", "contracts", "production", "proofread", "assets", "publishing",
                "metrics", "reports", "interaction", "opinion", "inspection", "archives", "spread", "team", "cases", "grassroots"]:
    from importlib import import_module

    _router = getattr(import_module(f"rongmei.{_module}.api"), "router", None)
    if _router is not None:
        api.add_router(f"/{_module}/", _router)
