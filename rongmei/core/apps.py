from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rongmei.core"
    label = "core"
    verbose_name = "平台核心"

    def ready(self) -> None:
        from . import nav, permissions, signals  # noqa: F401  注册权限、导航与任务信号
