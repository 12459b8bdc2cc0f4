from enum import StrEnum

from rongmei.core.choices import Role
from rongmei.core.permissions import ALL_ROLES, declare


class CalendarPerm(StrEnum):
    VIEW = "workcal.view"
    EDIT = "workcal.edit"


declare(
    {CalendarPerm.VIEW: ALL_ROLES, CalendarPerm.EDIT: {Role.MANAGER, Role.EDITOR}},
    {CalendarPerm.VIEW: "查看工作日历", CalendarPerm.EDIT: "维护主题日"},
)
