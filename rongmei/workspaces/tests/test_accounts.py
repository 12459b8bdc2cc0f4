import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.audit.models import AuditEvent
from rongmei.workspaces import services
from rongmei.workspaces.models import OfficialAccount


def test_all_platforms_are_registered(platforms):
    assert [p.name for p in platforms.values()] == [
        "微信公众号", "微信视频号", "微博", "抖音", "快手", "头条号", "百家号", "北京号", "网站"]


def test_register_account_and_edit_is_audited_with_before_after(personas, workspace, client, platforms):
    client.force_login(personas["manager"])
    resp = client.post(reverse("workspaces:account_new", kwargs={"ws": workspace.slug}), {
        "platform": OfficialAccount._meta.get_field("platform").related_model.objects.get(code="douyin").pk,
        "name": "某某发布", "status": "active", "owner_unit": "某市委宣传部"})
    assert resp.status_code == 302
    acc = OfficialAccount.objects.get(name="某某发布")
    services.account_update(actor=personas["manager"], account=acc, status="paused", status_since=dt.date(2025, 3, 1))
    ev = AuditEvent.objects.filter(action="update", object_type="workspaces.officialaccount").get()
    assert ev.before["状态"] == "active" and ev.after["状态"] == "paused"
    page = client.get(reverse("workspaces:accounts", kwargs={"ws": workspace.slug})).content.decode()
    assert "停更" in page and "某某发布" in page


def test_closed_account_needs_close_date_and_nothing_is_saved(personas, workspace, platforms):
    with pytest.raises(ValidationError) as exc:
        services.account_create(actor=personas["manager"], workspace=workspace, platform="weibo", name="旧微博",
                                status="closed")
    assert "注销日期" in str(exc.value)
    assert not OfficialAccount.objects.filter(name="旧微博").exists()
    assert not AuditEvent.objects.filter(object_type="workspaces.officialaccount").exists()


def test_role_change_is_a_permission_audit_event(personas, workspace, make_user):
    newbie = make_user("newbie", "新同事")
    services.member_set_role(actor=personas["manager"], workspace=workspace, user=newbie, role="editor")
    services.member_set_role(actor=personas["manager"], workspace=workspace, user=newbie, role="reviewer")
    ev = AuditEvent.objects.filter(action="permission").first()
    assert ev.before == {"角色": "内容编辑"} and ev.after == {"角色": "审核员"}


def test_last_manager_cannot_be_removed(personas, workspace):
    with pytest.raises(ValidationError, match="唯一的项目经理"):
        services.member_remove(actor=personas["manager"], workspace=workspace, user=personas["manager"])
