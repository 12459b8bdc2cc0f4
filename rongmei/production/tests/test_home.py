"""角色化工作台：甲方领导看待审批，编辑看自己的稿件与截止，组长看今日安排与逾期。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rongmei.core import home
from rongmei.production.choices import ItemStatus
from rongmei.production.models import ContentItem, ReviewStage

pytestmark = pytest.mark.django_db


def _home(client, user, workspace) -> str:
    client.force_login(user)
    resp = client.get(reverse("core:workspace_home", kwargs={"ws": workspace.slug}))
    assert resp.status_code == 200
    return resp.content.decode()


def _at_stage(item, chain, order: int, due: dt.date) -> ContentItem:
    """把稿件放到审核链的某一环节（代替逐级审批的准备步骤）。"""
    stage = ReviewStage.objects.get(chain=chain, order=order)
    ContentItem.objects.filter(pk=item.pk).update(status=ItemStatus.IN_REVIEW, chain=chain, current_stage=stage,
                                                  stage_due=due)
    return item


def test_client_leader_sees_what_awaits_their_approval(client, personas, workspace, chain, make_item):
    today = timezone.localdate()
    _at_stage(make_item(title="残疾人就业政策解读"), chain, 5, today - dt.timedelta(days=1))
    _at_stage(make_item(title="还在二审的稿件"), chain, 2, today)
    page = _home(client, personas["client_leader"], workspace)
    assert 'data-testid="home-review"' in page
    card = page[page.index('data-testid="home-review"'):]
    card = card[:card.index('data-card=') if 'data-card=' in card else len(card)]
    assert "残疾人就业政策解读" in card and "逾期" in card
    assert "还在二审的稿件" not in card
    assert 'data-testid="home-my-work"' not in page and 'data-testid="home-today"' not in page


def test_client_leader_is_told_when_nothing_awaits(client, personas, workspace, chain):
    assert "目前没有等您审批的稿件" in _home(client, personas["client_leader"], workspace)


def test_editor_sees_returned_drafts_and_deadlines(client, personas, workspace, make_item):
    today = timezone.localdate()
    returned = make_item(title="被退回的海报文案", deadline=today + dt.timedelta(days=10))
    ContentItem.objects.filter(pk=returned.pk).update(status=ItemStatus.RETURNED)
    make_item(title="后天截止的推文", deadline=today + dt.timedelta(days=2))
    make_item(title="别人写的稿件", actor=personas["manager"], deadline=today + dt.timedelta(days=1))
    page = _home(client, personas["editor"], workspace)
    card = page[page.index('data-testid="home-my-work"'):]
    assert card.index("被退回的海报文案") < card.index("后天截止的推文")  # 退回的排在最前
    assert "退回修改" in card
    assert "别人写的稿件" not in page
    assert 'data-testid="home-overdue"' not in page and 'data-testid="home-today"' not in page
    assert 'data-testid="contract-widget"' not in page  # 合同卡片只给组长、分析和甲方


def test_manager_sees_today_and_overdue(client, personas, workspace, make_item):
    today = timezone.localdate()
    make_item(title="今天截止的长图", deadline=today)
    make_item(title="上周就该交的视频脚本", deadline=today - dt.timedelta(days=7))
    page = _home(client, personas["manager"], workspace)
    today_card = page[page.index('data-testid="home-today"'):page.index('data-testid="home-overdue"')]
    assert "今天截止的长图" in today_card
    overdue = page[page.index('data-testid="home-overdue"'):]
    assert "上周就该交的视频脚本" in overdue and "今天截止的长图" not in overdue.split("</div></div>")[0]
    assert 'data-testid="home-accounts"' in page


def test_broken_card_does_not_break_home(client, personas, workspace):
    def boom(request):
        raise RuntimeError("坏卡片")

    home.register(home.Widget("test.boom", "workspaces.view", boom))
    try:
        assert "目前没有等您审批的稿件" in _home(client, personas["reviewer"], workspace)
    finally:
        home._WIDGETS.pop("test.boom")


def test_home_queries_do_not_grow_with_items(client, personas, workspace, make_item, django_assert_max_num_queries):
    today = timezone.localdate()
    for n in range(12):
        make_item(title=f"稿件{n}", deadline=today - dt.timedelta(days=n))
    client.force_login(personas["manager"])
    with django_assert_max_num_queries(42):
        client.get(reverse("core:workspace_home", kwargs={"ws": workspace.slug}))
