from enum import StrEnum

from rongmei.core.choices import Role
from rongmei.core.permissions import declare


class AuditPerm(StrEnum):
    VIEW = "audit.view"
    EXPORT = "audit.export"


declare(
    {
        AuditPerm.VIEW: {Role.MANAGER, Role.CLIENT_LEADER, Role.TECH},
        AuditPerm.EXPORT: {Role.MANAGER, Role.CLIENT_LEADER},
    },
    {AuditPerm.VIEW: "查看审计日志", AuditPerm.EXPORT: "导出审计日志"},
)
