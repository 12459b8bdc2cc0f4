from __future__ import annotations

import pytest

import rongmei.production.demo  # noqa: F401 - 登记加载函数（“rongmei demo”命令会自动导入）
from rongmei.core.demo import load_demo
from rongmei.production.choices import ColumnType, ItemStatus
from rongmei.production.models import Campaign, Column, ContentItem, ReviewChain, ThemePlan
from rongmei.production.selectors import recommended_windows

pytestmark = pytest.mark.django_db


def test_demo_loads_beijing_columns_themes_chain_and_is_idempotent(platforms):
    load_demo()
    load_demo()
    bj = Column.objects.filter(workspace__slug="bj-planning")
    assert bj.filter(column_type=ColumnType.ORIGINAL).count() == 23
    assert list(bj.filter(column_type=ColumnType.REPOST).values_list("name", flat=True)) == ["要闻聚焦", "北京发布"]
    assert "行政审批协调处" in bj.get(name="优化营商环境").department_list
    assert ThemePlan.objects.filter(workspace__slug="bj-planning").count() == 18
    chain = ReviewChain.objects.get(workspace__slug="bj-planning", kind="")
    assert [s.name for s in chain.stages.order_by("order")] == ["一审", "二审", "三审", "四审", "终审"]
    assert chain.stages.get(name="四审").roles == ["client_officer"]
    assert chain.stages.get(name="终审").roles == ["client_leader"]
    assert Campaign.objects.filter(workspace__slug="nmg-dpf", key_date_name="全国助残日").exists()
    ws = chain.workspace
    assert [(s.hour, e.hour) for s, e, _ in recommended_windows(ws, "weibo")] == [(9, 10), (16, 18), (21, 23)]
    assert ContentItem.objects.filter(workspace=ws, status=ItemStatus.APPROVED).count() == 1
    # 采编演示的 3 篇（重点内容传播的演示另有 3 篇服务期内已归档的稿件）
    assert ContentItem.objects.filter(workspace=ws).exclude(status=ItemStatus.ARCHIVED).count() == 3
