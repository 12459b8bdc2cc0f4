from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "rongmei.team"
    label = "team"
    verbose_name = "团队"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import calendar as cal
        from rongmei.core import duty, facts, home, labels, nav

        from . import calendar, permissions, selectors, tasks, widgets  # noqa: F401  tasks：每日提醒
        from .choices import CheckKind, LeaveKind, Period

        nav.register(nav.NavItem("team", "团队", "team:roster", permissions.TeamPerm.VIEW, icon="users-group",
                                 order=45, group=nav.CONTRACT, badge=widgets.nav_badge,
                                 roles=nav.roles("manager", "editor", "reviewer", "analyst", "designer", "video",
                                                 "support", "tech", "client_officer", "client_leader")))
        home.register(home.Widget("team", permissions.TeamPerm.VIEW, widgets.home_card, order=20,
                                  roles=home.roles("manager", "client_officer", "client_leader"), size=home.HALF))
        # 人员条款的事实：每个工作日每个岗位的到岗、已同意的人员更换 → 合同考核
        facts.register("team", selectors.staffing_facts, revision=selectors.staffing_revision)
        labels.register("fact_source", {"team": "团队名册与请销假"})
        labels.register("team_leave_kind", LeaveKind.choices)
        labels.register("team_check_kind", CheckKind.choices)
        labels.register("team_period", Period.choices)
        labels.register("job", {"team.daily_reminders": "团队每日提醒（检查、缺班、缺岗）"})
        cal.register(cal.Layer("team_leaves", "请假", permissions.TeamPerm.VIEW, calendar.leave_entries, order=60,
                               colour="orange"))
        cal.register(cal.Layer("team_duty", "值班", permissions.TeamPerm.VIEW, calendar.duty_entries, order=61,
                               colour="green"))
        # 值班：团队排班表比舆情的值班名单更具体，放到最前先问；排班表此刻没人时再问值班名单、再退回组长
        duty.provide(selectors.on_duty, first=True)
