from django.apps import AppConfig


class GrassrootsConfig(AppConfig):
    name = "rongmei.grassroots"
    label = "grassroots"
    verbose_name = "基层网络"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import archive, facts, home, labels, nav

        from . import archive as grassroots_archive
        from . import permissions, receivers  # noqa: F401
        from .choices import Audience, MemberKind, Method, PlacementLevel, UnitKind
        from .facts import grassroots_facts, grassroots_facts_revision
        from .permissions import GrassrootsPerm
        from .widgets import contributor_card, triage_badge

        nav.register(nav.NavItem("grassroots_submit", "报送线索", "grassroots:submit", GrassrootsPerm.MINE,
                                 icon="send", order=5, group=nav.TODO))
        nav.register(nav.NavItem("grassroots_mine", "我的线索与积分", "grassroots:mine", GrassrootsPerm.MINE,
                                 icon="star", order=6, group=nav.TODO))
        nav.register(nav.NavItem("grassroots_clues", "基层线索", "grassroots:clues", GrassrootsPerm.TRIAGE,
                                 icon="bulb", order=15, group=nav.CONTENT, badge=triage_badge))
        nav.register(nav.NavItem("grassroots_rankings", "基层网络", "grassroots:rankings", GrassrootsPerm.VIEW,
                                 icon="users-group", order=45, group=nav.DATA))
        nav.register(nav.NavItem("grassroots_placements", "媒体采用与互推", "grassroots:placements",
                                 GrassrootsPerm.VIEW, icon="news", order=46, group=nav.DATA,
                                 roles=nav.roles("manager", "editor", "analyst", "client_officer", "client_leader")))
        nav.register(nav.NavItem("grassroots_training", "基层培训", "grassroots:training", GrassrootsPerm.VIEW,
                                 icon="school", order=47, group=nav.DATA,
                                 roles=nav.roles("manager", "analyst", "client_officer", "client_leader")))
        nav.register(nav.NavItem("grassroots_campaigns", "涨粉活动", "grassroots:campaigns", GrassrootsPerm.VIEW,
                                 icon="trending-up", order=48, group=nav.DATA,
                                 roles=nav.roles("manager", "analyst", "client_officer", "client_leader")))
        home.register(home.Widget("grassroots_contributor", GrassrootsPerm.MINE, contributor_card, order=5))
        facts.register("grassroots", grassroots_facts, revision=grassroots_facts_revision)
        archive.register(archive.ArchiveSection("training", "培训资料（场次、签到、每人课时）", grassroots_archive.collect,
                                                order=70, retention_years=10))
        labels.register("fact_source", {"grassroots": "基层网络（媒体采用、培训）"})
        for kind, choices in (("unit_kind", UnitKind), ("member_kind", MemberKind), ("placement_level", PlacementLevel),
                              ("audience", Audience), ("campaign_method", Method)):
            labels.register(kind, choices)
