from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare
from rongmei.workspaces.choices import Role


class SpreadPerm(StrEnum):
    VIEW = "spread.view"
    EDIT = "spread.edit"
    FINALIZE = "spread.finalize"


declare(
    {
        SpreadPerm.VIEW: INSIDE_ROLES,
        SpreadPerm.EDIT: {Role.MANAGER, Role.EDITOR, Role.ANALYST},
        SpreadPerm.FINALIZE: {Role.MANAGER},
    },
    {
        SpreadPerm.VIEW: "查看重点内容的传播与传播分析报告",
        SpreadPerm.EDIT: "标记重点内容、登记转载与采用、生成传播分析报告",
        SpreadPerm.FINALIZE: "传播分析报告定稿（计入合同）",
    },
)
