from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare
from rongmei.workspaces.choices import Role


class InspectionPerm(StrEnum):
    VIEW = "inspection.view"
    RUN = "inspection.run"
    MANAGE = "inspection.manage"


declare(
    {
        InspectionPerm.VIEW: INSIDE_ROLES,
        InspectionPerm.RUN: {Role.MANAGER, Role.REVIEWER, Role.TECH, Role.CLIENT_OFFICER},
        InspectionPerm.MANAGE: {Role.MANAGER, Role.TECH, Role.CLIENT_OFFICER},
    },
    {
        InspectionPerm.VIEW: "查看自查结果与自查报告",
        InspectionPerm.RUN: "运行自查",
        InspectionPerm.MANAGE: "登记账号备案、修改自查设置",
    },
)
