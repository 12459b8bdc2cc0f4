import pytest
from django.urls import reverse

from rongmei.accounts.models import User
from rongmei.audit.models import AuditEvent
from rongmei.workspaces.models import Membership, Workspace


def test_only_sysadmin_manages_users_and_workspaces(personas, workspace, client):
    client.force_login(personas["manager"])
    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.get(reverse("workspace_create")).status_code == 403


def test_sysadmin_creates_user_and_workspace_with_manager(admin_user, client, platforms):
    client.force_login(admin_user)
    resp = client.post(reverse("accounts:users"), {"username": "chen", "display_name": "陈组长", "password": "weak"})
    assert "至少 8 位" in resp.content.decode()
    assert not User.objects.filter(username="chen").exists()
    client.post(reverse("accounts:users"), {"username": "chen", "display_name": "陈组长", "password": "Xian@2026!"})
    chen = User.objects.get(username="chen")
    assert chen.must_change_password
    resp = client.post(reverse("workspace_create"), {
        "slug": "xz-media", "name": "某县融媒运营", "client_name": "某县委宣传部", "manager": "chen",
        "period_start": "2026-01-01", "period_end": "2025-12-31"})
    assert "不能早于开始日期" in resp.content.decode()
    assert not Workspace.objects.filter(slug="xz-media").exists()
    resp = client.post(reverse("workspace_create"), {
        "slug": "xz-media", "name": "某县融媒运营", "client_name": "某县委宣传部", "manager": "chen"})
    assert resp.status_code == 302
    ws = Workspace.objects.get(slug="xz-media")
    assert Membership.objects.get(workspace=ws, user=chen).role == "manager"
    assert ws.theme_days.filter(name="全国助残日").exists()


def test_unlock_reset_and_deactivate(admin_user, make_user, client):
    from django.utils import timezone

    locked = make_user("locked", "被锁的人", locked_until=timezone.now() + timezone.timedelta(minutes=10))
    client.force_login(admin_user)
    client.post(reverse("accounts:user_action", args=[locked.pk, "unlock"]))
    locked.refresh_from_db()
    assert not locked.is_locked
    client.post(reverse("accounts:user_action", args=[locked.pk, "reset"]), {"password": "Temp#2026a"})
    locked.refresh_from_db()
    assert locked.check_password("Temp#2026a") and locked.must_change_password
    client.post(reverse("accounts:user_action", args=[locked.pk, "deactivate"]))
    locked.refresh_from_db()
    assert not locked.is_active
    resp = client.post(reverse("accounts:user_action", args=[admin_user.pk, "deactivate"]), follow=True)
    assert "不能停用自己的账户" in resp.content.decode()
    assert AuditEvent.objects.filter(object_id=str(locked.pk), action__in=["update", "password_changed", "permission"]).count() == 3


@pytest.mark.parametrize(("role", "status"), [("manager", 200), ("editor", 403), ("client_leader", 403)])
def test_workspace_settings_only_for_manager(personas, workspace, client, role, status):
    client.force_login(personas[role])
    assert client.get(reverse("workspaces:settings", kwargs={"ws": workspace.slug})).status_code == status


def test_workspace_with_unknown_manager_is_not_created(admin_user, client, platforms):
    client.force_login(admin_user)
    resp = client.post(reverse("workspace_create"), {
        "slug": "xz-media", "name": "某县融媒运营", "client_name": "某县委宣传部", "manager": "nobody"})
    assert "用户名不存在" in resp.content.decode()
    assert not Workspace.objects.filter(slug="xz-media").exists()
