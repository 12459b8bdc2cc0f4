"""工作台卡片与菜单角标走共享缓存（core.freshness）：重复打开不再重算，但任何写入、换人、过一分钟都看得到新数字。"""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection

from rongmei.core import freshness

pytestmark = pytest.mark.django_db


def test_time_alone_refreshes_within_a_minute(client, personas, workspace):
    calls = []
    now = [1_800_000_000.0]
    with mock.patch("rongmei.core.freshness.time.time", lambda: now[0]):
        for _ in range(3):
            freshness.cached(("test", workspace.pk), lambda: calls.append(1) or len(calls))
        assert len(calls) == 1
        now[0] += 61
        assert freshness.cached(("test", workspace.pk), lambda: calls.append(1) or len(calls)) == 2


def test_session_writes_do_not_invalidate_but_business_writes_do(client, personas, workspace):
    before = freshness.generation()
    client.force_login(personas["editor"])  # 写会话表；也更新 last_login（业务表）
    assert freshness.generation() != before
    settled = freshness.generation()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE django_session SET expire_date = expire_date")
    assert freshness.generation() == settled


def test_writes_committed_elsewhere_change_the_generation(transactional_db):
    """提交后再换一次版本号：事务里先读的人缓存的旧内容，提交后不会再被命中。"""
    from django.db import transaction

    from rongmei.workspaces.models import Workspace

    with transaction.atomic():
        Workspace.objects.create(slug="fresh-ws", name="新工作区")
        inside = freshness.generation()
    assert freshness.generation() != inside
