"""演示数据第 0 步：系统管理员、三个演示工作区与账号矩阵、每个角色一名人员（可重复执行）。

数据本身（工作区清单、人员、密码）在 rongmei.core.demo；这里按它建行，并把建好的工作区与人员填进
load_demo 传来的两个字典，供后续各应用的加载函数使用。由 workspaces/apps.py 在启动时导入登记。
"""

from __future__ import annotations

from rongmei.accounts.models import User
from rongmei.accounts.services import user_create
from rongmei.core.demo import (
    ADMIN_USERNAME,
    PEOPLE,
    PERSONA_NAMES,
    WORKSPACES,
    demo_password_hash,
    demo_username,
    register,
)

from .choices import Role
from .models import Membership, OfficialAccount, Platform, Workspace
from .services import account_create, member_set_role, workspace_create


@register(0, "工作区与人员")
def load(workspaces: dict, users: dict) -> None:
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        admin = user_create(actor=None, username=ADMIN_USERNAME, password_hash=demo_password_hash(), display_name="系统管理员",
                            is_superuser=True, must_change_password=False)
    users[ADMIN_USERNAME] = admin
    for spec in WORKSPACES:
        ws = Workspace.objects.filter(slug=spec.slug).first()
        if ws is None:
            ws = workspace_create(actor=admin, slug=spec.slug, name=spec.name, client_name=spec.client_name,
                                  operator_name=spec.operator_name, contract_template=spec.template,
                                  period_start=spec.start, period_end=spec.end, region=spec.region)
        workspaces[spec.slug] = ws
        for platform, name, owner in spec.accounts:
            if not OfficialAccount.objects.filter(workspace=ws, platform__code=platform, name=name).exists():
                account_create(actor=admin, workspace=ws, platform=Platform.objects.get(code=platform), name=name,
                               owner_unit=owner, certification=f"{owner}（政府机构认证）", opened_on=spec.start,
                               status_since=spec.start)
        for role, _surname, _suffix in PEOPLE:
            username = demo_username(spec.prefix, role)
            user = User.objects.filter(username=username).first()
            if user is None:
                user = user_create(actor=admin, username=username, password_hash=demo_password_hash(),
                                   display_name=f"{PERSONA_NAMES[role]}", must_change_password=False)
            users[username] = user
            if not Membership.objects.filter(workspace=ws, user=user).exists():
                member_set_role(actor=admin, workspace=ws, user=user, role=role,
                                unit=spec.client_name if role in (Role.CLIENT_OFFICER, Role.CLIENT_LEADER) else
                                spec.operator_name)
