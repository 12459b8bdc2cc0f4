from pathlib import Path

from django.core.management.base import CommandError

from rongmei.core import backup, signals
from rongmei.core.management.base import AuditedCommand


class Command(AuditedCommand):
    help = "备份数据库（一致性快照）与媒体文件"

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="备份目录（默认 RONGMEI_BACKUP_DIR）")
        parser.add_argument("--keep", type=int, default=30, help="保留最近几份（默认 30）")
        parser.add_argument("--key-file", help="加密密钥文件（默认取 RONGMEI_BACKUP_KEY / RONGMEI_BACKUP_KEY_FILE）")
        parser.add_argument("--new-key", metavar="文件", help="生成一个新的加密密钥写入该文件后退出（请妥善保管）")

    def handle(self, *args, **opts):
        if opts.get("new_key"):
            target = Path(opts["new_key"])
            if target.exists():
                raise CommandError(f"{target} 已存在，不覆盖")
            target.write_text(backup.generate_key() + "\n", encoding="utf-8")
            target.chmod(0o600)
            self.stdout.write(self.style.SUCCESS(f"已生成备份密钥：{target}（丢失密钥将无法恢复加密的备份）"))
            return
        try:
            key = backup.load_key(opts.get("key_file"))
            path = backup.backup_create(opts.get("dir"), key=key)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        removed = backup.backup_prune(opts["keep"], opts.get("dir"))
        signals.backup_made.send(sender=Command, name=path.name, message=f"备份到 {path}")
        self.stdout.write(self.style.SUCCESS(f"已备份：{path}" + (f"（清理旧备份 {removed} 份）" if removed else "")))
