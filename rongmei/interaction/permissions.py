from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare


class InteractionPerm(StrEnum):
    VIEW = "interaction.view"


declare({InteractionPerm.VIEW: INSIDE_ROLES}, {InteractionPerm.VIEW: "查看互动"})
