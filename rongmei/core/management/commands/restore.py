from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from rongmei.core import backup, crypto, keys, signals
from rongmei.core.management.base import AuditedCommand


class Command(AuditedCommand):
    help = "从备份文件恢复数据库与媒体文件，并核对每张表的行数"

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="备份文件（.tar.gz 或加密的 .tar.gz.enc）")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据")
        parser.add_argument("--key-file", help="加密备份的密钥文件（默认取 RONGMEI_BACKUP_KEY / RONGMEI_BACKUP_KEY_FILE）")
        parser.add_argument("--credentials-keys", metavar="文件",
                            help="原机器数据目录下的 credentials.keys（备份里不含凭据密钥；换机器恢复时用它解开已存的"
                                 "平台凭证与手机验证器密钥，随后用本机密钥重新加密）")
        parser.add_argument("--drill", action="store_true",
                            help="恢复演练：恢复到临时数据库并核对（不改动当前数据；不给文件时用最新一份备份）")

    def handle(self, *args, **opts):
        try:
            key = backup.load_key(opts.get("key_file"))
            if opts["drill"]:
                result = backup.restore_drill(opts.get("path"), key=key)
                message = backup.drill_message(result)
                signals.restore_drilled.send(sender=Command, name=result["backup"], ok=True, message=message)
                self.stdout.write(self.style.SUCCESS(message))
                return
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not opts.get("path"):
            raise CommandError("请给出要恢复的备份文件")
        if not opts["yes"]:
            raise CommandError("恢复会覆盖当前全部数据。确认无误后请加 --yes 重新执行。")
        extra_keys = self._brought_keys(opts.get("credentials_keys"))
        try:
            result = backup.backup_restore(opts["path"], key=key)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if extra_keys:
            settings.CREDENTIALS_KEYS = keys.credentials_keys_merge(settings.DATA_DIR, extra_keys)
            crypto.reencrypt_all(only_stale=True)
        missing = crypto.unreadable()
        message = f"从备份恢复（{result['manifest']['created_at']}）"
        if missing:
            message += f"；{len(missing)} 条已存凭据无法解密（缺少原机器的凭据密钥 credentials.keys）"
        signals.backup_restored.send(sender=Command, source=str(opts["path"]), message=message)
        self.stdout.write(self.style.SUCCESS(
            f"已恢复 {result['manifest']['created_at']} 的备份，{result['verified_tables']} 张表行数核对一致。"))
        if missing:
            self.stderr.write(self.style.WARNING(missing_keys_warning(missing)))

    def _brought_keys(self, path: str | None) -> list[str]:
        if not path:
            return []
        if settings.CREDENTIALS_KEYS_SOURCE == "env":
            raise CommandError("本机的凭据密钥由环境变量 RONGMEI_CREDENTIALS_KEY 提供：请把原机器的密钥加在该变量里"
                               "（本机密钥之后，逗号分隔），重启后再恢复，不要用 --credentials-keys。")
        try:
            return keys.parse_keys_file(Path(path))
        except OSError as exc:
            raise CommandError(f"无法读取凭据密钥文件 {path}（{exc.strerror or exc}）") from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None


def missing_keys_warning(missing: list[str]) -> str:
    lines = "\n".join(f"  - {m}" for m in missing[:50])
    more = f"\n  ……另有 {len(missing) - 50} 条" if len(missing) > 50 else ""
    return (f"注意：数据已恢复，但有 {len(missing)} 条加密保存的凭据用本机密钥解不开——备份里不含凭据密钥"
            f"（credentials.keys），它要与备份分开保管：\n{lines}{more}\n"
            "请找到原机器数据目录下的 credentials.keys，运行 rongmei restore 备份文件 --yes --credentials-keys 该文件 重新恢复"
            "（或把其中的密钥加到本机的 credentials.keys 末尾后运行 rongmei secrets reencrypt）。"
            "找不到时：平台凭证须在账号页重新填写，手机验证器须由系统管理员在“用户管理”重置后重新绑定。")
