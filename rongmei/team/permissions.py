from enum import StrEnum

from rongmei.core.permissions import CLIENT_ROLES, INSIDE_ROLES, OPERATOR_ROLES, declare
from rongmei.workspaces.choices import Role


class TeamPerm(StrEnum):
    VIEW = "team.view"  # 名册、值班表、检查记录、自己的考核
    MANAGE = "team.manage"  # 维护名册与排班、提出人员更换、审批请假与换班、看全部请假
    REQUEST_LEAVE = "team.request_leave"  # 本人请假、销假、申请换班
    APPROVE_CHANGE = "team.approve_change"  # 甲方：同意人员更换、（合同约定时）同意请假
    RECORD_CHECK = "team.record_check"  # 登记办公、设备、网络安全检查
    ASSESS = "team.assess"  # 考核打分、签署、导出


declare(
    {
        TeamPerm.VIEW: INSIDE_ROLES,
        TeamPerm.MANAGE: {Role.MANAGER},
        TeamPerm.REQUEST_LEAVE: OPERATOR_ROLES,
        TeamPerm.APPROVE_CHANGE: CLIENT_ROLES,
        TeamPerm.RECORD_CHECK: OPERATOR_ROLES,
        TeamPerm.ASSESS: {Role.MANAGER, Role.CLIENT_LEADER, Role.CLIENT_OFFICER},
    },
    {
        TeamPerm.VIEW: "查看团队名册、值班表与检查记录",
        TeamPerm.MANAGE: "维护名册与排班、审批请假与换班",
        TeamPerm.REQUEST_LEAVE: "请假、销假与申请换班",
        TeamPerm.APPROVE_CHANGE: "同意人员更换与请假（甲方）",
        TeamPerm.RECORD_CHECK: "登记值守检查",
        TeamPerm.ASSESS: "团队考核打分与签署",
    },
)
