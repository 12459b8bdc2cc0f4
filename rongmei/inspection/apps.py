from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "rongmei.inspection"
    label = "inspection"
    verbose_name = "自查"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import archive, home, labels, nav

        from . import archive as inspection_archive
        from . import permissions, tasks, widgets  # noqa: F401  tasks：登记按名字排队的任务
        from .choices import RULE_LABELS
        from .permissions import InspectionPerm

        nav.register(nav.NavItem("inspection", "账号自查", "inspection:overview", InspectionPerm.VIEW,
                                 icon="shield-check", order=40, group=nav.CONTRACT,
                                 roles=nav.roles("manager", "reviewer", "tech", "client_officer", "client_leader")))
        home.register(home.Widget("inspection.status", InspectionPerm.VIEW, widgets.home_card, order=15,
                                  roles=home.roles("manager", "client_officer"), size=home.HALF))
        archive.register(archive.ArchiveSection("inspection_reports", "账号自查报告", inspection_archive.collect,
                                                order=70, retention_years=10))
        labels.register("inspection_rule", RULE_LABELS)
        labels.register("job", {"inspection.daily": "每日账号自查", "inspection.run": "账号自查"})
