from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, declare


class InspectionPerm(StrEnum):
    VIEW = "inspection.view"


declare({InspectionPerm.VIEW: INSIDE_ROLES}, {InspectionPerm.VIEW: "查看自查"})
