from django.core.management import call_command
from django.core.management.base import BaseCommand

from rongmei.core import crypto
from rongmei.core.signals import keys_rotated


class Command(BaseCommand):
    help = "准备运行环境：迁移数据库、收集静态文件"

    def handle(self, *args, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        # 旧版由 SECRET_KEY 派生密钥加密的平台凭据：用数据目录里独立的新密钥重新加密（升级后自动完成）
        result = crypto.reencrypt_all(only_stale=True)
        if result.reencrypted:
            keys_rotated.send(sender=Command, message=f"升级：{result.reencrypted} 条平台凭据改用独立密钥重新加密")
            self.stdout.write(f"已用新的凭据密钥重新加密 {result.reencrypted} 条平台凭据。")
        # AI 审校引擎启动时读的查找表第一次要从词表建（约 1.5 s），建好后缓存，之后新进程 0.3 s 就能检查：安装时先建好
        from rongmei.engines.proofing import Engine

        Engine().warm()
        self.stdout.write(self.style.SUCCESS("数据库已迁移，静态文件与审校引擎缓存已就绪。"))
