from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare
from rongmei.workspaces.choices import Role


class ReportsPerm(StrEnum):
    VIEW = "reports.view"
    GENERATE = "reports.generate"
    DOWNLOAD = "reports.download"


declare(
    {
        ReportsPerm.VIEW: INSIDE_ROLES,
        ReportsPerm.GENERATE: {Role.MANAGER, Role.ANALYST, Role.EDITOR},
        ReportsPerm.DOWNLOAD: INSIDE_ROLES,
    },
    {
        ReportsPerm.VIEW: "查看报告列表",
        ReportsPerm.GENERATE: "生成与编辑报告",
        ReportsPerm.DOWNLOAD: "下载报告",
    },
)
