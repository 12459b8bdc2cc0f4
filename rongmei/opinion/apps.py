from django.apps import AppConfig


class OpinionConfig(AppConfig):
    name = "rongmei.opinion"
    label = "opinion"
    verbose_name = "舆情"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import archive, crypto, duty, home, labels, nav

        from . import archive as opinion_archive
        from . import permissions, selectors, services, tasks  # noqa: F401  tasks：登记按名字排队的任务
        from .choices import SourceHealth
        from .permissions import OpinionPerm, ResponsePerm
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
        crypto.register_field("opinion.RobotChannel", "encrypted", "群机器人地址与加签密钥")
        archive.register(archive.ArchiveSection("opinion", "舆情事件、预警与报告", opinion_archive.collect, order=40,
                                                retention_years=10))
        # 值班名单：互动的紧急消息与舆情预警找同一批人
        duty.provide(services.on_duty)
        nav.register(nav.NavItem("opinion_alerts", "舆情预警", "opinion:alert_list", ResponsePerm.ACKNOWLEDGE,
                                 icon="alert-triangle", order=30, group=nav.TODO))
        nav.register(nav.NavItem("opinion_events", "舆情事件", "opinion:event_list", OpinionPerm.VIEW,
                                 icon="flame", order=31, group=nav.DATA))
        labels.register("job", {"opinion.reevaluate_topic": "专题重新匹配", "opinion.fetch_sources": "抓取舆情订阅",
                                "opinion.sync_inbox": "同步互动消息为舆情信息",
                                "opinion.alert_deliver": "推送舆情预警", "opinion.document_generate": "生成舆情文档",
                                "opinion.alerts_escalate": "舆情预警升级", "opinion.assess_recent": "舆情定级"})
