from enum import StrEnum

from rongmei.core.permissions import ALL_ROLES, INSIDE_ROLES, declare

from .choices import Role


class WorkspacePerm(StrEnum):
    VIEW = "workspaces.view"
    VIEW_MEMBERS = "workspaces.view_members"
    MANAGE_MEMBERS = "workspaces.manage_members"
    MANAGE_ACCOUNTS = "workspaces.manage_accounts"
    EDIT_SETTINGS = "workspaces.edit_settings"


declare(
    {
        WorkspacePerm.VIEW: ALL_ROLES,
        WorkspacePerm.VIEW_MEMBERS: INSIDE_ROLES,
        WorkspacePerm.MANAGE_MEMBERS: {Role.MANAGER},
        WorkspacePerm.MANAGE_ACCOUNTS: {Role.MANAGER, Role.TECH},
        WorkspacePerm.EDIT_SETTINGS: {Role.MANAGER},
    },
    {
        WorkspacePerm.VIEW: "进入工作区",
        WorkspacePerm.VIEW_MEMBERS: "查看成员",
        WorkspacePerm.MANAGE_MEMBERS: "管理成员与角色",
        WorkspacePerm.MANAGE_ACCOUNTS: "登记与维护账号",
        WorkspacePerm.EDIT_SETTINGS: "修改工作区设置",
    },
)
