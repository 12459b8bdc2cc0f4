from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "rongmei.publishing"
    label = "publishing"
    verbose_name = "发布"
