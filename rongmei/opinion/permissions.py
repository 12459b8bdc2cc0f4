from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, OPERATOR_ROLES, declare
from rongmei.workspaces.choices import Role


class OpinionPerm(StrEnum):
    VIEW = "opinion.view"
    MANAGE = "opinion.manage"  # 专题与来源的新建、修改、立即抓取
    IMPORT = "opinion.import"  # 表格导入、人工录入、提交本页


declare(
    {
        OpinionPerm.VIEW: INSIDE_ROLES,
        OpinionPerm.MANAGE: {Role.MANAGER, Role.ANALYST},
        OpinionPerm.IMPORT: {Role.MANAGER, Role.ANALYST, Role.EDITOR, Role.SUPPORT},
    },
    {
        OpinionPerm.VIEW: "查看舆情",
        OpinionPerm.MANAGE: "管理监测专题与舆情来源",
        OpinionPerm.IMPORT: "导入与录入舆情信息",
    },
)


class ResponsePerm(StrEnum):
    """舆情应对：研判定级、预警确认、事件处置、危机开关、文档、设置（值班、机器人、分级规则）。"""

    GRADE = "opinion.grade"
    ACKNOWLEDGE = "opinion.acknowledge"
    MANAGE_EVENTS = "opinion.manage_events"
    CRISIS = "opinion.crisis"
    DOCUMENTS = "opinion.documents"
    CONFIGURE = "opinion.configure_response"


declare(
    {
        ResponsePerm.GRADE: {Role.MANAGER, Role.ANALYST},
        ResponsePerm.ACKNOWLEDGE: OPERATOR_ROLES,
        ResponsePerm.MANAGE_EVENTS: {Role.MANAGER, Role.ANALYST, Role.EDITOR},
        # 危机开关会暂停全部发布：与“暂停/恢复全部发布”同一批角色
        ResponsePerm.CRISIS: {Role.MANAGER, Role.CLIENT_LEADER},
        ResponsePerm.DOCUMENTS: {Role.MANAGER, Role.ANALYST},
        ResponsePerm.CONFIGURE: {Role.MANAGER},
    },
    {
        ResponsePerm.GRADE: "确认或改定舆情级别",
        ResponsePerm.ACKNOWLEDGE: "确认舆情预警",
        ResponsePerm.MANAGE_EVENTS: "处置舆情事件",
        ResponsePerm.CRISIS: "打开/关闭危机开关",
        ResponsePerm.DOCUMENTS: "生成舆情文档与维护应急预案",
        ResponsePerm.CONFIGURE: "设置值班、预警、群机器人与分级规则",
    },
)
