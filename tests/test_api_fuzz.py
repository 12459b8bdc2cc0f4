"""Bounded schemathesis fuzz of the whole OpenAPI (issue 14): no input may produce a 5xx, and every error
response has the documented shape {"detail": 中文, "errors"?: …}.

Runs against the in-process WSGI app with a manager's API token; the workspace path parameter is the real
workspace so the operations get past the scope check. ``RONGMEI_FUZZ_EXAMPLES`` (default 4) sets the
examples per operation: a few hundred requests in all, so it stays in ``make test``.
"""

from __future__ import annotations

import os
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from rongmei.accounts.services import token_create
from rongmei.api import api

EXAMPLES = int(os.environ.get("RONGMEI_FUZZ_EXAMPLES", "4"))
CJK = re.compile(r"[\u4e00-\u9fff]")
pytestmark = pytest.mark.fuzz


@pytest.fixture
def wsgi_app():
    # 同一个测试事务里调用 WSGI 应用：像 Django 的测试客户端一样，请求结束时不关闭数据库连接
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(operation, *, app, headers: dict, slug: str, problems: list[str]) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        if case.path_parameters and "ws" in case.path_parameters:
            case.path_parameters["ws"] = slug
        try:
            response = case.call(app=app, headers=headers)
        except Exception as exc:
            problems.append(f"{operation.method.upper()} {operation.path} → 异常 {type(exc).__name__}: {exc}"[:400])
            return
        label = f"{operation.method.upper()} {operation.path} → {response.status_code}"
        try:
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance],
                                   headers=headers)
        except (Exception, BaseExceptionGroup) as exc:
            reason = next((line.strip("- ") for line in str(exc).splitlines() if line.startswith("- ")), str(exc)[:200])
            problems.append(f"{label}: {reason}；路径参数 {case.path_parameters}，查询参数 {case.query}")
            return
        if 400 <= response.status_code < 500 and response.headers.get("Content-Type", "").startswith(
                "application/json"):
            body = response.json()
            if not (isinstance(body, dict) and isinstance(body.get("detail"), str) and CJK.search(body["detail"])
                    and set(body) <= {"detail", "errors"}):
                problems.append(f"{label}: 错误形状不符：{str(body)[:200]}")

    run()


def test_whole_api_has_no_server_errors(personas, workspace, wsgi_app):
    _token, key = token_create(actor=personas["manager"], user=personas["manager"], name="fuzz", days=30)
    headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api"))
    problems: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operations += 1
        _fuzz(result.ok(), app=wsgi_app, headers=headers, slug=workspace.slug, problems=problems)
    assert operations > 20
    assert not problems, "\n".join(sorted(set(problems))[:40])
