"""每个角色 × 每个动作：页面与接口都按权限放行或拒绝，工作区之间互相隔离。"""

import pytest
from django.urls import reverse

from rongmei.core.permissions import all_permissions, has_perm
from rongmei.workspaces.choices import Role

# 期望矩阵（独立于声明写出，声明改了而这里没改，测试就会失败）
EXPECTED = {
    "workspaces.view": set(Role.values),
    "workspaces.view_members": set(Role.values) - {"contributor", "expert", "department", "applicant", "regional"},
    "workspaces.manage_members": {"manager"},
    "workspaces.manage_accounts": {"manager", "tech"},
    "workspaces.edit_settings": {"manager"},
    "audit.view": {"manager", "client_leader", "tech"},
    "audit.export": {"manager", "client_leader"},
    "workcal.view": set(Role.values),
    "workcal.edit": {"manager", "editor"},
    "core.view_jobs": {"manager", "tech", "analyst"},
}

PAGES = {
    "workspaces.view": "core:workspace_home",
    "workspaces.view_members": "workspaces:members",
    "workspaces.manage_accounts": "workspaces:account_new",
    "audit.view": "audit:list",
    "workcal.view": "workcal:month",
    "workcal.edit": "workcal:theme_day_new",
    "core.view_jobs": "core:jobs",
}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_role_permission_matrix(personas, workspace, role, perm):
    assert has_perm(personas[role], workspace, perm) is (role in EXPECTED[perm])


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("perm", sorted(PAGES))
def test_pages_enforce_permissions(personas, workspace, client, role, perm):
    client.force_login(personas[role])
    resp = client.get(reverse(PAGES[perm], kwargs={"ws": workspace.slug}))
    assert resp.status_code == (200 if role in EXPECTED[perm] else 403)


def test_every_declared_permission_is_in_the_expected_matrix():
    declared = {p for p in all_permissions() if p.split(".")[0] in {"workspaces", "audit", "workcal", "core"}}
    assert declared == set(EXPECTED)


def test_superuser_has_every_permission(admin_user, workspace):
    assert all(has_perm(admin_user, workspace, p) for p in all_permissions())


def test_other_workspace_is_invisible(personas, other_workspace, client):
    client.force_login(personas["manager"])
    assert client.get(reverse("core:workspace_home", kwargs={"ws": other_workspace.slug})).status_code == 404
    assert client.get(f"/api/workspaces/{other_workspace.slug}/accounts").status_code == 404
    home = client.get("/", follow=True).content.decode()
    assert other_workspace.name not in home


def test_api_enforces_role(personas, workspace, client):
    client.force_login(personas["editor"])
    resp = client.post(f"/api/workspaces/{workspace.slug}/accounts",
                       {"platform": "weibo", "name": "测试微博"}, content_type="application/json")
    assert resp.status_code == 403 and "登记与维护账号" in resp.json()["detail"]
    client.force_login(personas["tech"])
    resp = client.post(f"/api/workspaces/{workspace.slug}/accounts",
                       {"platform": "weibo", "name": "测试微博"}, content_type="application/json")
    assert resp.status_code == 201 and resp.json()["platform_name"] == "微博"


def test_unknown_permission_is_an_error_not_a_pass(personas, workspace):
    with pytest.raises(LookupError):
        has_perm(personas["manager"], workspace, "workspaces.fly")


def test_duplicate_workspace_slug_is_explained_in_plain_chinese(client, workspace, admin_user):
    from django.urls import reverse

    client.force_login(admin_user)
    r = client.post(reverse("workspace_create"), {"slug": workspace.slug, "name": "另一个", "client_name": "某单位"})
    body = r.content.decode()
    assert r.status_code == 200 and f"标识“{workspace.slug}”已被其他工作区使用" in body
    assert "具有" not in body


def test_other_unique_fields_get_readable_chinese(db):
    from django.core.exceptions import ValidationError

    from rongmei.workspaces.models import Platform

    Platform.objects.get_or_create(code="douyin", defaults={"name": "抖音"})
    with pytest.raises(ValidationError) as exc:
        Platform(code="douyin", name="抖音2").full_clean()
    assert exc.value.message_dict["code"] == ["这个代码已被其他平台使用，请换一个。"]
