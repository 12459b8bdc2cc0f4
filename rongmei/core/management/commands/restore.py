from django.core.management.base import CommandError

from rongmei.core import backup, signals
from rongmei.core.management.base import AuditedCommand


class Command(AuditedCommand):
    help = "从备份文件恢复数据库与媒体文件，并核对每张表的行数"

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="备份文件（.tar.gz 或加密的 .tar.gz.enc）")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据")
        parser.add_argument("--key-file", help="加密备份的密钥文件（默认取 RONGMEI_BACKUP_KEY / RONGMEI_BACKUP_KEY_FILE）")
        parser.add_argument("--drill", action="store_true",
                            help="恢复演练：恢复到临时数据库并核对（不改动当前数据；不给文件时用最新一份备份）")

    def handle(self, *args, **opts):
        try:
            key = backup.load_key(opts.get("key_file"))
            if opts["drill"]:
                result = backup.restore_drill(opts.get("path"), key=key)
                message = f"恢复演练通过：{result['backup']}，{result['tables']} 张表 {result['rows']} 行核对一致"
                signals.restore_drilled.send(sender=Command, name=result["backup"], ok=True, message=message)
                self.stdout.write(self.style.SUCCESS(message))
                return
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not opts.get("path"):
            raise CommandError("请给出要恢复的备份文件")
        if not opts["yes"]:
            raise CommandError("恢复会覆盖当前全部数据。确认无误后请加 --yes 重新执行。")
        try:
            result = backup.backup_restore(opts["path"], key=key)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        signals.backup_restored.send(sender=Command, source=str(opts["path"]),
                                     message=f"从备份恢复（{result['manifest']['created_at']}）")
        self.stdout.write(self.style.SUCCESS(
            f"已恢复 {result['manifest']['created_at']} 的备份，{result['verified_tables']} 张表行数核对一致。"))
