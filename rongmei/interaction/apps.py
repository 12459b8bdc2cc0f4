from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "rongmei.interaction"
    label = "interaction"
    verbose_name = "互动"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import archive, facts, home, labels, nav, performance

        from . import archive as interaction_archive
        from . import ingest, permissions, tasks  # noqa: F401
        from .choices import MessageKind
        from .facts import interaction_facts, interaction_facts_revision, replies_by_writer
        from .permissions import InteractionPerm
        from .widgets import home_card, inbox_badge

        nav.register(nav.NavItem("interaction", "互动收件箱", "interaction:inbox", InteractionPerm.VIEW, icon="message",
                                 order=40, group=nav.PUBLISH, badge=inbox_badge,
                                 roles=nav.roles("manager", "editor", "reviewer", "support", "client_officer",
                                                 "client_leader", "analyst")))
        nav.register(nav.NavItem("interaction_department", "处室答复", "interaction:department",
                                 InteractionPerm.DEPARTMENT, icon="building", order=41, group=nav.TODO,
                                 badge=inbox_badge))
        home.register(home.Widget("interaction", InteractionPerm.VIEW, home_card, order=35, size=home.HALF,
                                  roles=home.roles("manager", "support", "editor", "client_officer", "client_leader")))
        facts.register("interaction", interaction_facts, revision=interaction_facts_revision)
        performance.register(performance.Measure("interaction.replies", "发出的互动答复", replies_by_writer, "条",
                                                 "interaction", order=20))
        labels.register("fact_source", {"interaction": "互动答复"})
        labels.register("job", {"interaction.send_reply": "发送互动答复", "interaction.escalate": "互动到期提醒",
                                "interaction.poll_account": "拉取账号新评论", "interaction.poll_due": "定时拉取评论",
                                "interaction.resend_reply": "限额过后重发答复"})
        ingest.register()  # 公众号、微博、抖音的答复发送与公众号精选（平台接入）
        labels.register("message_kind", MessageKind)
        archive.register(archive.ArchiveSection("interaction", "公众留言与回复记录（含审核与计时）",
                                                interaction_archive.collect, order=30, retention_years=10))
