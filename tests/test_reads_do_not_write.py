"""Issue 14 item 1: reading a page or calling a read-only API does not write the session or token row each
time (on SQLite every such write competes for the one write lock)."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rongmei.accounts.models import ApiToken
from rongmei.accounts.services import token_create


def _writes(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries if table in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]


def test_token_use_is_recorded_at_most_every_few_minutes(personas, workspace, time_machine):
    _token, key = token_create(actor=personas["manager"], user=personas["manager"], name="读", days=30)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get(f"/api/workspaces/{workspace.slug}/accounts").status_code == 200
    first = ApiToken.objects.get(name="读").last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"/api/workspaces/{workspace.slug}/accounts").status_code == 200
    assert _writes(queries, "apitoken") == []
    time_machine.move_to(first.timestamp() + 600)
    api.get(f"/api/workspaces/{workspace.slug}/accounts")
    assert ApiToken.objects.get(name="读").last_used_at > first


def test_page_views_do_not_save_the_session_each_time(personas, workspace, client, settings):
    client.force_login(personas["manager"])
    client.get(f"/w/{workspace.slug}/audit/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/w/{workspace.slug}/audit/").status_code == 200
    assert _writes(queries, "django_session") == []
    settings.SESSION_REFRESH_SECONDS = 0  # 间隔已过：顺延一次（空闲超时仍然有效）
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/w/{workspace.slug}/audit/")
    assert _writes(queries, "django_session")
