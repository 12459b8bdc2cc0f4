from enum import StrEnum

from rongmei.core.permissions import ALL_ROLES, declare
from rongmei.workspaces.choices import Role


class CalendarPerm(StrEnum):
    VIEW = "workcal.view"
    EDIT = "workcal.edit"


declare(
    {CalendarPerm.VIEW: ALL_ROLES, CalendarPerm.EDIT: {Role.MANAGER, Role.EDITOR}},
    {CalendarPerm.VIEW: "查看工作日历", CalendarPerm.EDIT: "维护主题日"},
)
