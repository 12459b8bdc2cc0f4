from rongmei.core import backup, signals
from rongmei.core.management.base import AuditedCommand


class Command(AuditedCommand):
    help = "备份数据库（一致性快照）与媒体文件"

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="备份目录（默认 RONGMEI_BACKUP_DIR）")
        parser.add_argument("--keep", type=int, default=30, help="保留最近几份（默认 30）")

    def handle(self, *args, **opts):
        path = backup.backup_create(opts.get("dir"))
        removed = backup.backup_prune(opts["keep"], opts.get("dir"))
        signals.backup_made.send(sender=Command, name=path.name, message=f"备份到 {path}")
        self.stdout.write(self.style.SUCCESS(f"已备份：{path}" + (f"（清理旧备份 {removed} 份）" if removed else "")))
