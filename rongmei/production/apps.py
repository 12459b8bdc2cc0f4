from django.apps import AppConfig


class ProductionConfig(AppConfig):
    name = "rongmei.production"
    label = "production"
    verbose_name = "策划与采编"
