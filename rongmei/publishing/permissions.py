from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare
from rongmei.workspaces.choices import Role


class PublishingPerm(StrEnum):
    VIEW = "publishing.view"
    SCHEDULE = "publishing.schedule"
    MANAGE_CREDENTIALS = "publishing.manage_credentials"
    PAUSE = "publishing.pause"
    MANAGE_RULES = "publishing.manage_rules"
    REQUEST_ACCOUNT_CHANGE = "publishing.request_account_change"
    APPROVE_ACCOUNT_CHANGE = "publishing.approve_account_change"


declare(
    {
        PublishingPerm.VIEW: INSIDE_ROLES,
        PublishingPerm.SCHEDULE: {Role.MANAGER, Role.EDITOR},
        PublishingPerm.MANAGE_CREDENTIALS: {Role.MANAGER, Role.TECH},
        PublishingPerm.PAUSE: {Role.MANAGER, Role.CLIENT_LEADER},
        PublishingPerm.MANAGE_RULES: {Role.MANAGER},
        PublishingPerm.REQUEST_ACCOUNT_CHANGE: {Role.MANAGER, Role.EDITOR, Role.TECH},
        PublishingPerm.APPROVE_ACCOUNT_CHANGE: {Role.CLIENT_OFFICER, Role.CLIENT_LEADER},
    },
    {
        PublishingPerm.VIEW: "查看发布排期与发布记录",
        PublishingPerm.SCHEDULE: "排期与发布",
        PublishingPerm.MANAGE_CREDENTIALS: "管理平台凭证",
        PublishingPerm.PAUSE: "暂停/恢复全部发布",
        PublishingPerm.MANAGE_RULES: "维护发布频次规则",
        PublishingPerm.REQUEST_ACCOUNT_CHANGE: "申请修改账号信息",
        PublishingPerm.APPROVE_ACCOUNT_CHANGE: "审批账号信息修改",
    },
)
