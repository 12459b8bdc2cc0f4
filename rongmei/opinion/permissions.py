from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare


class OpinionPerm(StrEnum):
    VIEW = "opinion.view"


declare({OpinionPerm.VIEW: INSIDE_ROLES}, {OpinionPerm.VIEW: "查看舆情"})
