from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rongmei.reports"
    label = "reports"
    verbose_name = "报告"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import archive, labels, nav

        from . import archive as report_archive
        from . import permissions, tasks  # noqa: F401  tasks：登记按名字排队的任务
        from .permissions import ReportsPerm

        nav.register(nav.NavItem("reports", "报告", "reports:list", ReportsPerm.VIEW, icon="file", order=20,
                                 group=nav.DATA, roles=nav.roles("manager", "analyst", "client_officer",
                                                                 "client_leader")))
        archive.register(archive.ArchiveSection("reports", "运营报告", report_archive.collect, order=60,
                                                retention_years=10))
        labels.register("job", {"reports.generate": "生成报告", "reports.scheduled": "按计划生成报告"})
