"""`rongmei secrets status|rotate|reencrypt`：平台凭据加密密钥环。"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

from rongmei.core import crypto, keys
from rongmei.core.management.base import AuditedCommand
from rongmei.core.signals import keys_rotated


class Command(AuditedCommand):
    help = "平台凭据加密密钥：status 查看；rotate 生成新密钥并重新加密已存凭据；reencrypt 只重新加密"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="密钥来源、数量与已存密文的情况")
        r = sub.add_parser("rotate", help="在密钥环最前面加一把新密钥，并用它重新加密全部已存凭据")
        r.add_argument("--drop-old", action="store_true",
                       help="重新加密全部成功后，从密钥环删除旧密钥（旧备份里的凭据将无法解密）")
        sub.add_parser("reencrypt", help="用当前最新的密钥重新加密（密钥由环境变量管理、已手工加了新密钥时用）")

    def handle(self, *args, **opts):
        action = opts["action"]
        if action == "status":
            return self._status()
        if action == "rotate":
            if settings.CREDENTIALS_KEYS_SOURCE == "env":
                raise CommandError("密钥由环境变量 RONGMEI_CREDENTIALS_KEY 提供，无法自动写入：请生成新密钥放在该变量最前面"
                                   "（逗号分隔），重启后运行 rongmei secrets reencrypt。")
            settings.CREDENTIALS_KEYS = keys.credentials_key_add(settings.DATA_DIR)
        result = crypto.reencrypt_all(only_stale=True)
        message = (f"{'轮换' if action == 'rotate' else '重新加密'}平台凭据密钥：重新加密 {result.reencrypted} 条，"
                   f"已是最新 {result.unchanged} 条，无法解密 {result.unreadable} 条")
        if opts.get("drop_old"):
            if result.unreadable:
                raise CommandError(f"{message}；有无法解密的数据，未删除旧密钥。")
            keys.credentials_keys_keep(settings.DATA_DIR, settings.CREDENTIALS_KEYS[:1])
            settings.CREDENTIALS_KEYS = settings.CREDENTIALS_KEYS[:1]
            message += "；已删除旧密钥"
        keys_rotated.send(sender=Command, message=message)
        self.stdout.write(self.style.SUCCESS(message + "。"))

    def _status(self):
        source = "环境变量 RONGMEI_CREDENTIALS_KEY" if settings.CREDENTIALS_KEYS_SOURCE == "env" else \
            str(settings.DATA_DIR / keys.CREDENTIALS_KEYS_FILE)
        survey = crypto.survey()
        self.stdout.write(f"密钥来源：{source}\n密钥数：{len(settings.CREDENTIALS_KEYS)}（最前面的用于加密）\n"
                          f"已存密文 {survey['total']} 条：需要重新加密 {survey['stale']} 条，无法解密 {survey['unreadable']} 条")
