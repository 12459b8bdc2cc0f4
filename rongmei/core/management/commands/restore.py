from django.core.management.base import CommandError

from rongmei.core import backup, signals
from rongmei.core.management.base import AuditedCommand


class Command(AuditedCommand):
    help = "从备份文件恢复数据库与媒体文件，并核对每张表的行数"

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份文件（.tar.gz）")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据")

    def handle(self, *args, **opts):
        if not opts["yes"]:
            raise CommandError("恢复会覆盖当前全部数据。确认无误后请加 --yes 重新执行。")
        try:
            result = backup.backup_restore(opts["path"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        signals.backup_restored.send(sender=Command, source=str(opts["path"]),
                                     message=f"从备份恢复（{result['manifest']['created_at']}）")
        self.stdout.write(self.style.SUCCESS(
            f"已恢复 {result['manifest']['created_at']} 的备份，{result['verified_tables']} 张表行数核对一致。"))
