from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "rongmei.workcal"
    label = "workcal"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from . import permissions  # noqa: F401
