from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare


class ArchivesPerm(StrEnum):
    VIEW = "archives.view"


declare({ArchivesPerm.VIEW: INSIDE_ROLES}, {ArchivesPerm.VIEW: "查看档案"})
