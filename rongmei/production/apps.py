from django.apps import AppConfig


class ProductionConfig(AppConfig):
    name = "rongmei.production"
    label = "production"
    verbose_name = "策划与采编"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import calendar as cal
        from rongmei.core import facts, home, labels, nav, performance

        from . import calendar, choices, documents, permissions, selectors, widgets

        nav.register(nav.NavItem("production_todo", "我的待办", "production:my_work", permissions.ProductionPerm.VIEW,
                                 icon="checklist", badge=widgets.todo_badge, group=nav.TODO))
        nav.register(nav.NavItem("production_items", "内容采编", "production:items", permissions.ProductionPerm.VIEW,
                                 icon="edit", order=10, group=nav.CONTENT,
                                 roles=nav.roles("manager", "editor", "reviewer", "designer", "video", "support",
                                                 "analyst", "client_officer")))
        nav.register(nav.NavItem("production_plans", "宣传计划", "production:plans", permissions.ProductionPerm.VIEW,
                                 icon="list-details", order=30, group=nav.CONTENT,
                                 roles=nav.roles("manager", "editor", "reviewer", "client_officer", "client_leader")))
        nav.register(nav.NavItem("production_chains", "审核流程", "production:chains",
                                 permissions.ProductionPerm.VIEW, icon="git-merge", order=40, group=nav.CONTENT,
                                 roles=nav.roles("manager", "reviewer", "client_officer")))
        view = permissions.ProductionPerm.VIEW
        home.register(home.Widget("production.today", view, widgets.today_card, order=5, size=home.HALF,
                                  roles=home.roles("manager")))
        home.register(home.Widget("production.review", view, widgets.review_card, order=10, size=home.HALF))
        home.register(home.Widget("production.overdue", view, widgets.overdue_card, order=15, size=home.HALF,
                                  roles=home.roles("manager")))
        home.register(home.Widget("production.my_work", view, widgets.my_work_card, order=4, size=home.HALF,
                                  roles=home.roles("editor", "designer", "video", "contributor")))
        facts.register("production", documents.deliverable_facts, revision=documents.deliverable_facts_revision)
        performance.register(performance.Measure("production.items", "新建稿件", selectors.items_by_author, "条",
                                                 "quality", order=10))
        performance.register(performance.Measure("production.return_rate", "稿件审核退改率",
                                                 selectors.return_rate_by_author, "ratio", "quality", order=11))
        labels.register("fact_source", {"production": "采编交付物"})
        labels.register("kind", choices.KIND_CHOICES)
        labels.register("platform", choices.PLATFORM_CHOICES)
        labels.register("job", {"production.overdue_reminders": "审核超时提醒"})
        cal.register(cal.Layer("items", "稿件截止与计划发布", view, calendar.item_entries, order=20, colour="orange",
                               notes=calendar.theme_notes))
        cal.register_planner(permissions.ProductionPerm.CREATE, calendar.plan_url)
