from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare
from rongmei.workspaces.choices import Role


class ProductionPerm(StrEnum):
    VIEW = "production.view"
    PLAN = "production.plan"
    CREATE = "production.create"
    REVIEW = "production.review"
    CONFIGURE = "production.configure"


#: 可以写稿、改稿、送审的角色（与 workflow.AUTHORS 一致）
AUTHOR_ROLES = frozenset({Role.MANAGER, Role.EDITOR, Role.DESIGNER, Role.VIDEO})
#: 可能被配置为某个审核环节审核人的角色
REVIEW_ROLES = frozenset({Role.MANAGER, Role.EDITOR, Role.REVIEWER, Role.CLIENT_OFFICER, Role.CLIENT_LEADER})

declare(
    {
        ProductionPerm.VIEW: INSIDE_ROLES,
        ProductionPerm.PLAN: {Role.MANAGER, Role.EDITOR},
        ProductionPerm.CREATE: AUTHOR_ROLES,
        ProductionPerm.REVIEW: REVIEW_ROLES,
        ProductionPerm.CONFIGURE: {Role.MANAGER},
    },
    {
        ProductionPerm.VIEW: "查看选题、内容与审核记录",
        ProductionPerm.PLAN: "维护宣传计划、栏目、调度会与推荐时段",
        ProductionPerm.CREATE: "撰写内容并送审",
        ProductionPerm.REVIEW: "参与审核（我的待办）",
        ProductionPerm.CONFIGURE: "配置审核流程",
    },
)
