from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare
from rongmei.workspaces.choices import Role


class ArchivesPerm(StrEnum):
    VIEW = "archives.view"
    EXPORT = "archives.export"
    EXPORT_MARKED = "archives.export_marked"
    DISPOSE = "archives.dispose"


declare(
    {
        ArchivesPerm.VIEW: INSIDE_ROLES,
        ArchivesPerm.EXPORT: {Role.MANAGER, Role.TECH, Role.CLIENT_OFFICER, Role.CLIENT_LEADER},
        ArchivesPerm.EXPORT_MARKED: {Role.MANAGER, Role.CLIENT_LEADER},
        ArchivesPerm.DISPOSE: {Role.MANAGER, Role.CLIENT_LEADER},
    },
    {
        ArchivesPerm.VIEW: "查看档案",
        ArchivesPerm.EXPORT: "打包导出档案",
        ArchivesPerm.EXPORT_MARKED: "导出标有密级（内部、秘密）的材料",
        ArchivesPerm.DISPOSE: "销毁到期档案（须填写理由，留存记录）",
    },
)
