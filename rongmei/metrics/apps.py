from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "rongmei.metrics"
    label = "metrics"
    verbose_name = "数据"
