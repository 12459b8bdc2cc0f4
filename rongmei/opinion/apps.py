from django.apps import AppConfig


class OpinionConfig(AppConfig):
    name = "rongmei.opinion"
    label = "opinion"
    verbose_name = "舆情"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import home, labels, nav

        from . import permissions, tasks  # noqa: F401
        from .choices import SourceHealth
        from .permissions import OpinionPerm
        from .widgets import home_card

        nav.register(
            nav.NavItem(
                "opinion",
                "舆情监测",
                "opinion:overview",
                OpinionPerm.VIEW,
                icon="radar",
                order=30,
                group=nav.DATA,
                roles=nav.roles(
                    "manager", "analyst", "editor", "reviewer", "support", "client_officer", "client_leader"
                ),
            )
        )
        home.register(
            home.Widget(
                "opinion",
                OpinionPerm.VIEW,
                home_card,
                order=55,
                roles=home.roles("manager", "analyst", "client_officer", "client_leader"),
            )
        )
        labels.register("opinion_health", SourceHealth.choices)
        labels.register(
            "job", {"opinion.reevaluate_topic": "专题重新匹配", "opinion.fetch_sources": "抓取舆情订阅"}
        )
