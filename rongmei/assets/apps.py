from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "rongmei.assets"
    label = "assets"
    verbose_name = "素材库"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import nav

        from . import permissions  # noqa: F401
        from .permissions import AssetPerm

        nav.register(nav.NavItem("assets", "素材库", "assets:library", AssetPerm.VIEW, icon="photo", order=30,
                                 group=nav.CONTENT,
                                 roles=nav.roles("manager", "editor", "reviewer", "designer", "video", "support")))
