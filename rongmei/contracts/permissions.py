from enum import StrEnum

from rongmei.core.permissions import declare
from rongmei.workspaces.choices import Role


class ContractPerm(StrEnum):
    VIEW = "contracts.view"
    EDIT = "contracts.edit"
    ENTER_FACTS = "contracts.enter_facts"
    SNAPSHOT = "contracts.snapshot"


declare(
    {
        ContractPerm.VIEW: {Role.MANAGER, Role.ANALYST, Role.CLIENT_OFFICER, Role.CLIENT_LEADER, Role.REVIEWER,
                            Role.EDITOR},
        ContractPerm.EDIT: {Role.MANAGER},
        ContractPerm.ENTER_FACTS: {Role.MANAGER, Role.ANALYST},
        ContractPerm.SNAPSHOT: {Role.MANAGER, Role.ANALYST, Role.CLIENT_OFFICER},
    },
    {
        ContractPerm.VIEW: "查看合同履约与考核得分",
        ContractPerm.EDIT: "编辑合同定义",
        ContractPerm.ENTER_FACTS: "录入与导入履约事实",
        ContractPerm.SNAPSHOT: "冻结考核快照与导出",
    },
)
