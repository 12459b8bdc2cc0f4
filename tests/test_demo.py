"""演示数据（``rongmei demo``）：一次载入两遍，核对重跑不多出数据，再核对各模块演示的要点。

原来采编、发布、合同、平台四个测试文件各自把全套演示数据载入两遍（共八遍，每遍单核约 30 s）；
这里载入两遍，四组核对不变。"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from rongmei.accounts.models import User
from rongmei.audit.models import AuditEvent
from rongmei.contracts import selectors as contract_selectors
from rongmei.contracts.models import ContractVersion, Fact, FactImport
from rongmei.metrics.models import DailyMetric
from rongmei.opinion.models import TopicMatch
from rongmei.production.choices import ColumnType, ItemStatus
from rongmei.production.models import Campaign, Column, ContentItem, ReviewChain, ThemePlan
from rongmei.production.selectors import recommended_windows
from rongmei.publishing.models import FrequencyRule, Publication
from rongmei.workspaces.choices import Role
from rongmei.workspaces.models import Membership, Workspace

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    models = (User, Membership, DailyMetric, Publication, ContractVersion, FactImport, Fact, Column, ThemePlan,
              ContentItem, AuditEvent, TopicMatch)
    return {m.__name__: m.objects.count() for m in models}


def test_demo_is_idempotent_and_each_module_shows_what_it_should(platforms):
    call_command("demo", "--quiet")
    first = _counts()
    call_command("demo", "--quiet")
    # 重跑演示不多出人员、稿件、发布、事实、审计记录、专题命中，也不给后面步骤新开的账号（账号自查的“沉睡”账号）补造开通前的数据
    assert _counts() == first
    _every_role_has_a_demo_login()
    _production_columns_themes_and_chain()
    _publishing_rules_and_records()
    _contracts_templates_and_lagging_facts()


def _every_role_has_a_demo_login():
    assert set(Workspace.objects.values_list("slug", flat=True)) >= {"nmg-dpf", "bj-planning", "anyuan-jobs"}
    for ws in Workspace.objects.exclude(slug="jl-cases"):  # 三个运营工作区：每个角色都有演示账号
        assert set(Membership.objects.filter(workspace=ws).values_list("role", flat=True)) == set(Role.values)
    # 典型案例征集的工作区：主办方、申报单位、地区主管部门、评审专家
    cases = set(Membership.objects.filter(workspace__slug="jl-cases").values_list("role", flat=True))
    assert {Role.MANAGER, Role.APPLICANT, Role.REGIONAL, Role.EXPERT} <= cases
    assert User.objects.get(username="bj-editor").display_name == "编辑小王"


def _production_columns_themes_and_chain():
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


def _publishing_rules_and_records():
    assert FrequencyRule.objects.filter(workspace__slug="bj-planning", platform__code="wechat",
                                        workday_min=2, holiday_min=1).exists()
    published = Publication.objects.filter(state="published", workspace__slug="bj-planning")
    assert published.exists() and all(p.url for p in published)
    assert Publication.objects.filter(state="planned").exists()


def _contracts_templates_and_lagging_facts():
    for slug, tid in (("nmg-dpf", "inner-mongolia-dpf-2025"), ("bj-planning", "beijing-planning-2023"),
                      ("anyuan-jobs", "anyuan-employment")):
        v = contract_selectors.current_version(Workspace.objects.get(slug=slug))
        assert v.template == tid and v.number == 1
    state = contract_selectors.evaluation_for(Workspace.objects.get(slug="anyuan-jobs"))
    assert str(state.as_of) == "2025-09-30"
    statuses = {o.pace.status for o in state.evaluation.obligations}
    assert "red" in statuses and ({"green", "done"} & statuses)
