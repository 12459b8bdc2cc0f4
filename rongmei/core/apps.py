from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rongmei.core"
    label = "core"
    verbose_name = "平台核心"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from . import checks, freshness, labels, nav, permissions, signals, widgets  # noqa: F401  注册权限、导航、任务信号、部署检查与工作台卡片

        freshness.install()  # 写入业务表后工作台卡片与菜单角标立即失效
        labels.register("job", {
            "core.heartbeat": "后台心跳",
            "core.heartbeat_now": "后台心跳（立即）",
            "core.selfcheck": "系统自检",
            "core.daily_backup": "每日自动备份",
            "core.restore_drill": "每日恢复演练",
        })
