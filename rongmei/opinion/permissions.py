from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare
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
