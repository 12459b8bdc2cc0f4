from django.utils.module_loading import autodiscover_modules

from rongmei.core import demo
from rongmei.core.management.base import AuditedCommand


class Command(AuditedCommand):
    help = "载入演示工作区、账号与人员（可重复执行）"

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="不打印演示账号")

    def handle(self, *args, **opts):
        autodiscover_modules("demo")  # 导入各应用的 demo 模块，让它们登记自己的演示数据（同 admin 的自动发现）
        demo.load_demo()
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
        if not opts["quiet"]:
            self.stdout.write(f"\n演示账号（密码均为 {demo.DEMO_PASSWORD}）：")
            current = None
            for label, username, ws in demo.demo_logins():
                if ws != current:
                    self.stdout.write(f"\n  [{ws}]")
                    current = ws
                self.stdout.write(f"    {username:<22} {label}")
            self.stdout.write("")
