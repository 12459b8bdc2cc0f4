from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rongmei.cases"
    label = "cases"
    verbose_name = "典型案例征集"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import home, nav

        from . import permissions, widgets  # noqa: F401
        from .permissions import CasePerm

        nav.register(nav.NavItem("cases", "典型案例征集", "cases:index", CasePerm.VIEW, icon="award", order=60,
                                 group=nav.CONTRACT,
                                 roles=nav.roles("manager", "client_officer", "client_leader", "applicant",
                                                 "regional", "expert")))
        home.register(home.Widget("cases.todo", CasePerm.VIEW, widgets.home_card, order=5,
                                  roles=home.roles("manager", "client_officer", "client_leader", "applicant",
                                                   "regional", "expert"), size=home.HALF))
