"""工作区、成员与账号的写操作：校验、事务、审计。"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
from rongmei.core.links import MESSAGE as LINK_MESSAGE
from rongmei.core.links import is_web_url
from rongmei.core.permissions import require_perm
from rongmei.workcal.services import theme_days_seed

from .choices import PLATFORMS, Role
from .models import Membership, OfficialAccount, Platform, Workspace
from .permissions import WorkspacePerm


@transaction.atomic
def workspace_create(*, actor, slug: str, name: str, client_name: str, manager_username: str = "",
                     **fields) -> Workspace:
    """新建工作区（系统管理员）；给出 manager_username 时同一事务里把该用户设为组长。"""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied("只有系统管理员可以创建工作区")
    if slug and Workspace.objects.filter(slug__iexact=slug).exists():
        raise ValidationError({"slug": f"标识“{slug}”已被其他工作区使用，请换一个"})
    manager = None
    if manager_username:
        manager = get_user_model().objects.filter(username=manager_username).first()
        if manager is None:
            raise ValidationError({"manager": "用户名不存在"})
    ws = Workspace(slug=slug, name=name, client_name=client_name, **fields)
    ws.full_clean()
    ws.save()
    record(Action.CREATE, obj=ws, workspace=ws, actor=actor, after=snapshot(ws), message="创建工作区")

    theme_days_seed(workspace=ws)
    if manager is not None:
        member_set_role(actor=actor, workspace=ws, user=manager, role=Role.MANAGER)
    return ws


@transaction.atomic
def workspace_update(*, actor, workspace: Workspace, **fields) -> Workspace:
    require_perm(actor, workspace, WorkspacePerm.EDIT_SETTINGS)
    before = snapshot(workspace)
    for key, value in fields.items():
        setattr(workspace, key, value)
    workspace.full_clean()
    workspace.save()
    record_change(workspace, before, workspace=workspace)
    return workspace


@transaction.atomic
def member_set_role(*, actor, workspace: Workspace, user, role: str, unit: str = "", region: str = "") -> Membership:
    """加入工作区或变更角色（权限变更，写审计）。"""
    require_perm(actor, workspace, WorkspacePerm.MANAGE_MEMBERS)
    if role not in Role.values:
        raise ValidationError({"role": f"未知角色：{role}"})
    membership = Membership.objects.filter(workspace=workspace, user=user).first()
    before_role = membership.get_role_display() if membership else None
    if membership is None:
        membership = Membership(workspace=workspace, user=user)
    membership.role = role
    membership.unit = unit or membership.unit
    membership.region = region or membership.region
    membership.save()
    if hasattr(user, "_rongmei_roles"):
        user._rongmei_roles.pop(workspace.pk, None)
    record(Action.PERMISSION, obj=membership, workspace=workspace, actor=actor,
           before={"角色": before_role}, after={"角色": membership.get_role_display()},
           message=f"{user} 的角色设为 {membership.get_role_display()}")
    return membership


@transaction.atomic
def member_remove(*, actor, workspace: Workspace, user) -> None:
    require_perm(actor, workspace, WorkspacePerm.MANAGE_MEMBERS)
    membership = Membership.objects.filter(workspace=workspace, user=user).first()
    if membership is None:
        raise ValidationError("该用户不是此工作区成员")
    if membership.role == Role.MANAGER and not Membership.objects.filter(
        workspace=workspace, role=Role.MANAGER).exclude(pk=membership.pk).exists():
        raise ValidationError("不能移除工作区唯一的项目经理，请先指定另一位项目经理")
    role = membership.get_role_display()
    membership.delete()
    record(Action.PERMISSION, object_type="workspaces.membership", object_id=str(user.pk),
           object_repr=f"{user} @ {workspace}", workspace=workspace, actor=actor,
           before={"角色": role}, after={"角色": None}, message=f"移出成员 {user}")


ACCOUNT_FIELDS = ("name", "external_id", "owner_unit", "certification", "status", "status_since",
                  "opened_on", "closed_on", "url", "notes")


def _check_url(url: str) -> None:
    """主页链接只收 http/https（网页表单、接口与导入同一规则）。"""
    if url and not is_web_url(url):
        raise ValidationError({"url": LINK_MESSAGE})


@transaction.atomic
def account_create(*, actor, workspace: Workspace, platform: Platform | str, name: str, **fields) -> OfficialAccount:
    require_perm(actor, workspace, WorkspacePerm.MANAGE_ACCOUNTS)
    if isinstance(platform, str):
        platform = Platform.objects.filter(code=platform).first()
        if platform is None:
            raise ValidationError({"platform": "未知平台"})
    account = OfficialAccount(workspace=workspace, platform=platform, name=name,
                              **{k: v for k, v in fields.items() if k in ACCOUNT_FIELDS})
    _check_url(account.url)
    account.full_clean()
    account.save()
    record(Action.CREATE, obj=account, workspace=workspace, actor=actor, after=snapshot(account), message="登记账号")
    return account


@transaction.atomic
def account_update(*, actor, account: OfficialAccount, **fields) -> OfficialAccount:
    require_perm(actor, account.workspace, WorkspacePerm.MANAGE_ACCOUNTS)
    before = snapshot(account)
    for key, value in fields.items():
        if key in ACCOUNT_FIELDS or key == "platform":
            setattr(account, key, value)
    _check_url(account.url)
    account.full_clean()
    account.save()
    record_change(account, before, workspace=account.workspace, message="修改账号信息")
    return account


def platforms_ensure() -> None:
    """写入固定平台清单（迁移已做；事务型测试清库后也可调用）。"""

    for code, name, has_api, order in PLATFORMS:
        Platform.objects.update_or_create(code=code, defaults={"name": name, "has_api": has_api, "order": order})
