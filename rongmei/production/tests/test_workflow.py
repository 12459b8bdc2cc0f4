"""状态流转表：每个状态 × 动作 × 角色，逐一写出期望（允许/禁止），并经由服务层验证判定生效。"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from rongmei.production import services, workflow
from rongmei.production.choices import ItemStatus as S
from rongmei.production.models import ReviewStage
from rongmei.production.workflow import Act
from rongmei.workspaces.choices import Role

pytestmark = pytest.mark.django_db

ROLES = [r.value for r in Role]
AUTH = {"manager", "editor", "designer", "video"}
MGR = {"manager"}
# 审核中的内容停在“二审”（可审角色：审核员）
STAGE_ROLES = {"reviewer"}

#: 期望矩阵：(状态, 动作) → 允许的角色；表中没有的组合对所有角色都禁止
EXPECTED: dict[tuple[str, str], set[str]] = {
    (S.DRAFT, Act.EDIT): AUTH, (S.DRAFT, Act.SUBMIT): AUTH, (S.DRAFT, Act.ARCHIVE): MGR,
    (S.RETURNED, Act.EDIT): AUTH, (S.RETURNED, Act.SUBMIT): AUTH, (S.RETURNED, Act.ARCHIVE): MGR,
    (S.IN_REVIEW, Act.EDIT): STAGE_ROLES, (S.IN_REVIEW, Act.DECIDE): STAGE_ROLES,
    (S.IN_REVIEW, Act.RESOLVE_FINDING): STAGE_ROLES, (S.IN_REVIEW, Act.WITHDRAW): AUTH,
    (S.APPROVED, Act.EDIT): AUTH, (S.APPROVED, Act.ARCHIVE): MGR,
    (S.REJECTED, Act.REOPEN): MGR, (S.REJECTED, Act.ARCHIVE): MGR,
    (S.ARCHIVED, Act.REOPEN): MGR,
}
ACTIONS = [Act.EDIT, Act.SUBMIT, Act.WITHDRAW, Act.DECIDE, Act.RESOLVE_FINDING, Act.ARCHIVE, Act.REOPEN]


def test_table_matches_expected_matrix():
    got = {}
    for (status, action), rule in workflow.TRANSITIONS.items():
        got[(status, action)] = STAGE_ROLES if rule == workflow.STAGE else set(rule)
    assert got == EXPECTED


@pytest.fixture
def item_in(chain, make_item):
    stage2 = ReviewStage.objects.get(chain=chain, order=2)

    def make(status):
        item = make_item()
        item.status = status
        item.chain = chain
        item.current_stage = stage2 if status == S.IN_REVIEW else None
        item.save()
        return item

    return make


@pytest.mark.parametrize("status", S.values)
def test_allowed_for_each_action_and_role(item_in, personas, status):
    """每个状态下，逐个动作、逐个角色对照期望矩阵（包括所有被禁止的组合）。"""
    item = item_in(status)
    got = {action: {role for role in ROLES if workflow.allowed(item, action, personas[role], role)}
           for action in ACTIONS}
    expected = {action: EXPECTED.get((status, action), set()) for action in ACTIONS}
    assert got == expected


def test_named_person_on_stage_may_decide_even_without_role(item_in, personas):
    item = item_in(S.IN_REVIEW)
    analyst = personas["analyst"]
    assert not workflow.allowed(item, Act.DECIDE, analyst, "analyst")
    item.current_stage.people.add(analyst)
    assert workflow.allowed(item, Act.DECIDE, analyst, "analyst")


def test_superuser_may_do_every_listed_transition(item_in, admin_user):
    for (status, action) in EXPECTED:
        assert workflow.allowed(item_in(status), action, admin_user, None)


SERVICE_CALLS = {
    Act.EDIT: lambda item, user: services.item_update(actor=user, item=item, body="改"),
    Act.SUBMIT: lambda item, user: services.item_submit(actor=user, item=item),
    Act.WITHDRAW: lambda item, user: services.item_withdraw(actor=user, item=item),
    Act.DECIDE: lambda item, user: services.item_decide(actor=user, item=item, verdict="return", comments="改"),
    Act.ARCHIVE: lambda item, user: services.item_archive(actor=user, item=item),
    Act.REOPEN: lambda item, user: services.item_reopen(actor=user, item=item),
}


@pytest.mark.parametrize(("status", "action"), [k for k in EXPECTED if k[1] in SERVICE_CALLS])
def test_services_enforce_the_table(item_in, personas, no_checker, status, action):
    allowed_roles = sorted(EXPECTED[(status, action)])
    forbidden_role = next(r for r in ("analyst", "client_leader", "reviewer", "editor") if r not in allowed_roles)
    with pytest.raises(PermissionDenied):
        SERVICE_CALLS[action](item_in(status), personas[forbidden_role])
    SERVICE_CALLS[action](item_in(status), personas[allowed_roles[0]])


@pytest.mark.parametrize("status", [s for s in S.values if (s, Act.SUBMIT) not in EXPECTED])
def test_submit_refused_in_other_states_with_chinese_message(item_in, personas, status):
    with pytest.raises(PermissionDenied, match="状态的内容不能送审"):
        services.item_submit(actor=personas["editor"], item=item_in(status))
