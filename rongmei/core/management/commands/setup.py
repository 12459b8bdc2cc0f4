from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "准备运行环境：迁移数据库、收集静态文件"

    def handle(self, *args, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("数据库已迁移，静态文件已就绪。"))
