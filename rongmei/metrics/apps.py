from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "rongmei.metrics"
    label = "metrics"
    verbose_name = "数据"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import facts, home, labels, nav

        from . import permissions, tasks  # noqa: F401  tasks：按名字排队的后台导入
        from .choices import METRIC_LABELS
        from .facts import metric_facts, metric_facts_revision
        from .permissions import MetricsPerm
        from .widgets import home_card

        facts.register("metrics", metric_facts, revision=metric_facts_revision)
        labels.register("fact_source", {"metrics": "数据指标"})
        nav.register(nav.NavItem("metrics", "数据看板", "metrics:dashboard", MetricsPerm.VIEW, icon="chart", order=10,
                                 group=nav.DATA, roles=nav.roles("manager", "analyst", "editor", "client_officer",
                                                                 "client_leader")))
        home.register(home.Widget("metrics", MetricsPerm.VIEW, home_card, order=60,
                                  roles=home.roles("manager", "analyst", "client_officer", "client_leader")))
        nav.register(nav.NavItem("promotions", "付费推广", "metrics:promotions", MetricsPerm.VIEW, icon="chart",
                                 order=14, group=nav.DATA, roles=nav.roles("manager", "analyst", "client_officer",
                                                                           "client_leader")))
        labels.register("metric", METRIC_LABELS)
        labels.register("job", {"metrics.daily_fetch": "每日取数", "metrics.import_job": "后台导入数据文件"})
