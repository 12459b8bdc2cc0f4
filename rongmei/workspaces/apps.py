from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "rongmei.workspaces"
    label = "workspaces"
    verbose_name = "工作区与账号矩阵"

    def ready(self) -> None:
        from . import permissions  # noqa: F401
