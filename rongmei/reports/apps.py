from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rongmei.reports"
    label = "reports"
    verbose_name = "报告"
