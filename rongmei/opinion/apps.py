from django.apps import AppConfig


class OpinionConfig(AppConfig):
    name = "rongmei.opinion"
    label = "opinion"
    verbose_name = "舆情"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from . import permissions  # noqa: F401
