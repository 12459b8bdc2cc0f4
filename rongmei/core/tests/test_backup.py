"""备份与恢复：真实数据往返，媒体文件一并恢复，损坏的备份被拒绝。"""

import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from rongmei.core import backup
from rongmei.workspaces.models import OfficialAccount, Workspace


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip(tmp_path, settings, platforms):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    ws = Workspace.objects.create(slug="bk", name="备份测试", client_name="甲方")
    OfficialAccount.objects.create(workspace=ws, platform=platforms["wechat"], name="原账号")
    default_storage.save("items/封面.txt", ContentFile("原始封面".encode()))

    call_command("backup")
    archive = next((tmp_path / "backups").glob("rongmei-*.tar.gz"))

    OfficialAccount.objects.filter(name="原账号").update(name="被改掉的账号")
    Workspace.objects.create(slug="later", name="备份之后新建", client_name="乙")
    (tmp_path / "media" / "items" / "封面.txt").write_text("被覆盖", encoding="utf-8")

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), "--yes")

    assert OfficialAccount.objects.get(workspace__slug="bk").name == "原账号"
    assert not Workspace.objects.filter(slug="later").exists()
    assert (tmp_path / "media" / "items" / "封面.txt").read_text(encoding="utf-8") == "原始封面"


@pytest.mark.django_db(transaction=True)
def test_corrupted_backup_is_refused(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    Workspace.objects.create(slug="keep", name="保留", client_name="甲方")
    archive = backup.backup_create(tmp_path)
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(bad, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            if member.name.startswith("db."):
                content = data.read()
                import io

                content = content[:-10] + b"0123456789"
                member.size = len(content)
                dst.addfile(member, io.BytesIO(content))
            else:
                dst.addfile(member, data)
    with pytest.raises(backup.BackupError, match="校验和不符"):
        backup.backup_restore(bad)
    assert Workspace.objects.filter(slug="keep").exists()
    with pytest.raises(backup.BackupError, match="不存在"):
        backup.backup_restore(tmp_path / "none.tar.gz")


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_are_written_to_the_audit_log(tmp_path, settings):
    """core 不 import audit：备份与恢复发信号，由审计应用记日志（命令与每日任务都一样）。"""
    from rongmei.audit.choices import Action
    from rongmei.audit.models import AuditEvent
    from rongmei.core.tasks import daily_backup

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    call_command("backup")
    archive = next((tmp_path / "backups").glob("rongmei-*.tar.gz"))
    made = AuditEvent.objects.get(action=Action.BACKUP)
    assert made.object_repr == archive.name and made.message.startswith("备份到 ")

    call_command("restore", str(archive), "--yes")
    restored = AuditEvent.objects.get(action=Action.RESTORE)
    assert restored.object_repr == str(archive) and restored.message.startswith("从备份恢复（")

    name = daily_backup.call_local()
    assert AuditEvent.objects.filter(action=Action.BACKUP, message="每日自动备份",
                                     object_repr=name.rsplit("/", 1)[-1]).exists()
