from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "rongmei.workspaces"
    label = "workspaces"
    verbose_name = "工作区与账号矩阵"

    def ready(self) -> None:
        # 模型要在应用注册表就绪后才能导入，所以这些导入写在 ready() 里（Django 的规定，不是为了绕环）
        from rongmei.core import tenancy

        from . import demo, permissions, selectors  # noqa: F401  demo：登记演示数据第 0 步

        tenancy.provide(workspaces_for=selectors.workspaces_for, workspace_get=selectors.workspace_get,
                        role_in=selectors.role_in, accounts_of=selectors.accounts_of)
