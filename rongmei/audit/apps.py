from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rongmei.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from . import permissions, receivers  # noqa: F401
