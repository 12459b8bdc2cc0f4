"""全局测试夹具：演示人员（每个角色一位）、工作区、登录客户端。"""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("RONGMEI_TESTING", "1")


@pytest.fixture
def platforms(db):
    from rongmei.workspaces.models import Platform

    return {p.code: p for p in Platform.objects.all()}


@pytest.fixture
def make_user(db):
    from rongmei.accounts.models import User

    def make(username: str, display_name: str = "", password: str = "Test@12345", **extra) -> User:
        extra.setdefault("must_change_password", False)
        user = User(username=username, display_name=display_name, **extra)
        user.set_password(password)
        user.save()
        return user

    return make


@pytest.fixture
def workspace(db, make_user):
    from rongmei.workcal.services import theme_days_seed
    from rongmei.workspaces.models import Workspace

    ws = Workspace.objects.create(slug="test-ws", name="测试工作区", client_name="某市委宣传部",
                                  period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    theme_days_seed(workspace=ws)
    return ws


@pytest.fixture
def other_workspace(db):
    from rongmei.workspaces.models import Workspace

    return Workspace.objects.create(slug="other-ws", name="另一个工作区", client_name="另一个甲方")


@pytest.fixture
def personas(workspace, make_user):
    """每个角色一位成员，如 personas['editor'] 是“编辑小王”。"""
    from rongmei.core.demo import PERSONA_NAMES
    from rongmei.workspaces.models import Membership

    out = {}
    for role, name in PERSONA_NAMES.items():
        user = make_user(f"t-{role}", name)
        Membership.objects.create(user=user, workspace=workspace, role=role)
        out[str(role)] = user
    return out


@pytest.fixture
def admin_user(make_user):
    return make_user("root", "系统管理员", is_superuser=True, is_staff=True)


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do
