"""The one service guard: a user must hold the permission; ``actor=None`` is trusted system work."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from rongmei.contracts import services as contract_services
from rongmei.contracts.models import Fact
from rongmei.contracts.permissions import ContractPerm
from rongmei.core.permissions import require_perm

pytestmark = pytest.mark.django_db

FACT = {"type": "placement", "date": "2025-03-01", "outlet": "人民网", "level": "national", "url": "https://people.com.cn/x"}


def test_user_without_the_permission_is_refused(personas, workspace):
    with pytest.raises(PermissionDenied, match="您没有执行此操作的权限"):
        require_perm(personas["client_leader"], workspace, ContractPerm.ENTER_FACTS)
    with pytest.raises(PermissionDenied):
        require_perm(AnonymousUser(), workspace, ContractPerm.ENTER_FACTS)


def test_user_with_the_permission_passes(personas, workspace):
    assert require_perm(personas["analyst"], workspace, ContractPerm.ENTER_FACTS) is None


def test_system_work_without_actor_is_not_checked(workspace):
    assert require_perm(None, workspace, ContractPerm.ENTER_FACTS) is None


def test_undeclared_permission_is_an_error_not_a_pass(personas, workspace):
    with pytest.raises(LookupError):
        require_perm(personas["manager"], workspace, "contracts.no_such_permission")


def test_services_apply_the_guard(personas, workspace):
    with pytest.raises(PermissionDenied):
        contract_services.fact_create(actor=personas["client_leader"], workspace=workspace, **FACT)
    assert not Fact.objects.exists()
    contract_services.fact_create(actor=None, workspace=workspace, **FACT)  # a job or command
    assert Fact.objects.count() == 1
