from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare
from rongmei.workspaces.choices import Role


class MetricsPerm(StrEnum):
    VIEW = "metrics.view"
    IMPORT = "metrics.import"


declare(
    {
        MetricsPerm.VIEW: INSIDE_ROLES,
        MetricsPerm.IMPORT: {Role.MANAGER, Role.ANALYST},
    },
    {
        MetricsPerm.VIEW: "查看数据看板",
        MetricsPerm.IMPORT: "导入与录入数据",
    },
)
