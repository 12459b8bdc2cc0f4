from django.apps import AppConfig


class SpreadConfig(AppConfig):
    name = "rongmei.spread"
    label = "spread"
    verbose_name = "传播分析"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from django.urls import reverse

        from rongmei.core import facts, item_actions, labels, nav

        from . import permissions  # noqa: F401
        from .facts import spread_facts, spread_facts_revision
        from .permissions import SpreadPerm

        facts.register("spread", spread_facts, revision=spread_facts_revision)
        labels.register("fact_source", {"spread": "传播分析"})
        nav.register(nav.NavItem("spread", "重点内容传播", "spread:list", SpreadPerm.VIEW, icon="share", order=25,
                                 group=nav.DATA, roles=nav.roles("manager", "editor", "analyst", "client_officer",
                                                                 "client_leader")))
        item_actions.register(item_actions.ItemAction(
            "spread.mark", "设为重点内容", SpreadPerm.EDIT,
            url=lambda item: reverse("spread:mark", kwargs={"ws": item.workspace.slug}) + f"?item={item.pk}",
            applies=lambda item: item.status in ("approved", "archived") and not hasattr(item, "flagship"), order=60))
