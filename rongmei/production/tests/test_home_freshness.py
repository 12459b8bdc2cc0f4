"""（稿件卡片上验证）工作台卡片与菜单角标走共享缓存（core.freshness）：重复打开不再重算，但任何写入、换人、过一分钟都看得到新数字。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from rongmei.production.models import ContentItem

pytestmark = pytest.mark.django_db


def _overdue_card(client, user, workspace) -> str:
    client.force_login(user)
    page = client.get(reverse("core:workspace_home", kwargs={"ws": workspace.slug})).content.decode()
    return page.partition('data-testid="home-overdue"')[2]  # 没有逾期时整张卡片不出现


def test_repeat_visits_are_served_from_the_cache(client, personas, workspace, make_item, django_assert_max_num_queries):
    make_item(title="上周就该交的视频脚本", deadline=timezone.localdate() - dt.timedelta(days=7))
    client.force_login(personas["manager"])
    url = reverse("core:workspace_home", kwargs={"ws": workspace.slug})
    first = client.get(url).content.decode()
    with django_assert_max_num_queries(10):  # 第一次约 30 个查询；之后只剩会话、用户、工作区、菜单外壳
        again = client.get(url).content.decode()
    assert "上周就该交的视频脚本" in first and "上周就该交的视频脚本" in again


def test_a_saved_item_shows_at_once(client, personas, workspace, make_item):
    assert "新来的逾期稿件" not in _overdue_card(client, personas["manager"], workspace)
    make_item(title="新来的逾期稿件", deadline=timezone.localdate() - dt.timedelta(days=3))
    assert "新来的逾期稿件" in _overdue_card(client, personas["manager"], workspace)


def test_queryset_update_and_raw_sql_invalidate_too(client, personas, workspace, make_item):
    item = make_item(title="改了截止日的稿件", deadline=timezone.localdate() + dt.timedelta(days=30))
    assert "改了截止日的稿件" not in _overdue_card(client, personas["manager"], workspace)
    ContentItem.objects.filter(pk=item.pk).update(deadline=timezone.localdate() - dt.timedelta(days=2))
    assert "改了截止日的稿件" in _overdue_card(client, personas["manager"], workspace)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE production_contentitem SET title = %s WHERE id = %s", ["原生 SQL 改的标题", item.pk])
    assert "原生 SQL 改的标题" in _overdue_card(client, personas["manager"], workspace)


def test_cards_are_per_person(client, personas, workspace, make_item):
    make_item(title="编辑自己的稿件", deadline=timezone.localdate() + dt.timedelta(days=2))
    client.force_login(personas["editor"])
    url = reverse("core:workspace_home", kwargs={"ws": workspace.slug})
    assert "编辑自己的稿件" in client.get(url).content.decode()
    client.force_login(personas["client_leader"])
    assert 'data-testid="home-my-work"' not in client.get(url).content.decode()
