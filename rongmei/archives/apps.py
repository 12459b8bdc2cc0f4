from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "rongmei.archives"
    label = "archives"
    verbose_name = "档案"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import archive, labels, nav

        from . import permissions  # noqa: F401
        from .permissions import ArchivesPerm

        nav.register(nav.NavItem("archives", "档案", "archives:list", ArchivesPerm.VIEW, icon="archive", order=50,
                                 group=nav.CONTRACT, roles=nav.roles("manager", "tech", "client_officer",
                                                                     "client_leader")))
        # 还没有材料来源的类别：如实列出，来源上线后由对应应用登记同名类别
        archive.register_pending("training", "培训资料", "系统还没有培训资料模块")
        labels.register("confidentiality", archive.CONFIDENTIALITY_LABELS)
