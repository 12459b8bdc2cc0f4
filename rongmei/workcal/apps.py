from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "rongmei.workcal"
    label = "workcal"
    verbose_name = "工作日历"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import nav

        from . import permissions

        nav.register(nav.NavItem("calendar", "日历", "workcal:month", permissions.CalendarPerm.VIEW,
                                 icon="calendar", order=10, group=nav.CALENDAR))
