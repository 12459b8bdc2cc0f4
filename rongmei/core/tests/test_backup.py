"""备份与恢复：真实数据往返，媒体文件一并恢复，损坏的备份被拒绝。"""

import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

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
    if connection.vendor == "postgresql":  # 恢复出的库已有列的统计信息（只有 ANALYZE 才写 pg_stats）
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM pg_stats WHERE tablename = 'workspaces_officialaccount'")
            assert cur.fetchone()[0] > 0


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


# ---------------------------------------------------------------- issue 14 item 5：写入中备份、先核对后切换、加密、演练
@pytest.mark.django_db(transaction=True)
def test_rows_written_during_the_backup_do_not_break_the_manifest(tmp_path, settings, monkeypatch):
    """行数从快照本身清点：快照之后、写清单之前有人写入，备份仍能恢复。"""
    settings.MEDIA_ROOT = tmp_path / "media"
    Workspace.objects.create(slug="before", name="快照前", client_name="甲方")
    original = backup._sha256
    writes = []

    def sha_then_write(path):
        if not writes:
            writes.append(Workspace.objects.create(slug="during", name="备份进行中写入", client_name="乙"))
        return original(path)

    monkeypatch.setattr(backup, "_sha256", sha_then_write)
    archive = backup.backup_create(tmp_path)
    monkeypatch.setattr(backup, "_sha256", original)
    result = backup.backup_restore(archive)
    assert result["verified_tables"] > 10
    assert Workspace.objects.filter(slug="before").exists() and not Workspace.objects.filter(slug="during").exists()


def _rewrite_manifest(archive, out, change):
    import io
    import json

    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            if member.name == "manifest.json":
                manifest = json.loads(data.read())
                change(manifest)
                content = json.dumps(manifest).encode()
                member.size = len(content)
                dst.addfile(member, io.BytesIO(content))
            else:
                dst.addfile(member, data)


@pytest.mark.django_db(transaction=True)
def test_a_mismatching_backup_is_refused_before_anything_is_overwritten(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    Workspace.objects.create(slug="old", name="备份里的", client_name="甲方")
    archive = backup.backup_create(tmp_path)
    bad = tmp_path / "mismatch.tar.gz"
    _rewrite_manifest(archive, bad, lambda m: m["tables"].update({"workspaces_workspace": 99}))
    Workspace.objects.create(slug="new", name="备份之后的", client_name="乙")
    with pytest.raises(backup.BackupError, match="未做任何改动"):
        backup.backup_restore(bad)
    assert Workspace.objects.filter(slug="new").exists()  # 旧代码已先整库覆盖，这一行会丢


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_broken_archives_get_a_chinese_message(tmp_path, settings, damage):
    settings.MEDIA_ROOT = tmp_path / "media"
    Workspace.objects.create(slug="keep", name="保留", client_name="甲方")
    archive = backup.backup_create(tmp_path)
    data = archive.read_bytes()
    broken = tmp_path / f"{damage}.tar.gz"
    broken.write_bytes({"truncated": data[: len(data) // 2], "garbage": b"\x00\x01garbage" * 100, "empty": b""}[damage])
    with pytest.raises(backup.BackupError, match="损坏|不完整"):
        backup.backup_restore(broken)
    with pytest.raises(CommandError, match="损坏|不完整"):
        call_command("restore", str(broken), "--yes")
    assert Workspace.objects.filter(slug="keep").exists()


@pytest.mark.django_db(transaction=True)
def test_encrypted_backup_needs_the_operators_key(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    key_file = tmp_path / "backup.key"
    call_command("backup", "--new-key", str(key_file))
    Workspace.objects.create(slug="secret", name="加密备份里的", client_name="甲方")
    call_command("backup", "--key-file", str(key_file))
    archive = next((tmp_path / "backups").glob("rongmei-*.tar.gz.enc"))
    assert b"secret" not in archive.read_bytes() and not list((tmp_path / "backups").glob("*.tar.gz"))
    Workspace.objects.filter(slug="secret").delete()
    with pytest.raises(CommandError, match="已加密"):
        call_command("restore", str(archive), "--yes")
    other = tmp_path / "other.key"
    other.write_text(backup.generate_key())
    with pytest.raises(CommandError, match="密钥不对"):
        call_command("restore", str(archive), "--yes", "--key-file", str(other))
    call_command("restore", str(archive), "--yes", "--key-file", str(key_file))
    assert Workspace.objects.filter(slug="secret").exists()


@pytest.mark.django_db(transaction=True)
def test_daily_restore_drill_proves_the_latest_backup_restores(tmp_path, settings):
    from rongmei.audit.models import AuditEvent
    from rongmei.core.tasks import restore_drill

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    Workspace.objects.create(slug="drill", name="演练", client_name="甲方")
    call_command("backup")
    Workspace.objects.create(slug="after", name="演练不改动当前数据", client_name="乙")
    message = restore_drill.call_local()
    assert message.startswith("恢复演练通过：rongmei-") and "核对一致" in message
    assert Workspace.objects.filter(slug="after").exists()
    assert AuditEvent.objects.filter(message__startswith="恢复演练通过").exists()
    (next((tmp_path / "backups").glob("rongmei-*"))).write_bytes(b"broken")
    with pytest.raises(backup.BackupError):
        restore_drill.call_local()
    assert AuditEvent.objects.filter(message__startswith="恢复演练不通过").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_on_a_new_machine_names_what_the_missing_key_ring_locks(tmp_path, settings, platforms, capsys):
    """备份不含凭据密钥：换机器恢复而没带 credentials.keys，命令用中文列出解不开的平台凭证与手机验证器；
    带上原机器的 credentials.keys 再恢复，凭据解得开，并改用本机密钥加密。"""
    from cryptography.fernet import Fernet

    from rongmei.accounts.models import AuthenticatorDevice, User
    from rongmei.core import crypto, keys
    from rongmei.publishing.models import AccountCredential

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    old_ring = tmp_path / "old" / "credentials.keys"
    old_ring.parent.mkdir()
    old_ring.write_text("\n".join(settings.CREDENTIALS_KEYS) + "\n", encoding="utf-8")
    ws = Workspace.objects.create(slug="bk", name="备份测试", client_name="甲方")
    account = OfficialAccount.objects.create(workspace=ws, platform=platforms["wechat"], name="北京发布")
    AccountCredential.objects.create(account=account, workspace=ws, encrypted=crypto.encrypt('{"app_secret": "s"}'))
    manager = User.objects.create_user("bj-manager", password="x", display_name="经理老张")
    AuthenticatorDevice.new(user=manager, name="手机验证器")
    call_command("backup")
    archive = next((tmp_path / "backups").glob("rongmei-*.tar.gz"))
    with tarfile.open(archive) as tar:
        assert not any("credentials.keys" in m.name for m in tar.getmembers())

    assert "解不开" not in backup.drill_message(backup.restore_drill(archive))  # 原机器上演练：都解得开

    new_dir = tmp_path / "new-machine"
    new_dir.mkdir()
    settings.DATA_DIR = new_dir
    settings.CREDENTIALS_KEYS, _ = keys.credentials_keys(new_dir, None)  # 新机器首次运行生成自己的密钥
    drill = backup.drill_message(backup.restore_drill(archive))  # 演练就能提前发现：缺原来的密钥
    assert "2 条加密保存的凭据用当前密钥解不开" in drill and "credentials.keys" in drill
    call_command("restore", str(archive), "--yes")
    err = capsys.readouterr().err
    assert "2 条加密保存的凭据用本机密钥解不开" in err and "credentials.keys" in err
    assert "平台接口凭证：微信公众号·北京发布 的凭证" in err and "手机验证器密钥：" in err and "经理老张" in err
    with pytest.raises(ValueError):
        crypto.decrypt(AccountCredential.objects.get().encrypted)

    bad = tmp_path / "not-keys.txt"
    bad.write_text("这不是密钥\n", encoding="utf-8")
    with pytest.raises(CommandError, match="不是凭据密钥文件"):
        call_command("restore", str(archive), "--yes", "--credentials-keys", str(bad))
    call_command("restore", str(archive), "--yes", "--credentials-keys", str(old_ring))
    assert "解不开" not in capsys.readouterr().err
    stored = AccountCredential.objects.get().encrypted
    assert crypto.decrypt(stored) == '{"app_secret": "s"}'
    Fernet(settings.CREDENTIALS_KEYS[0].encode()).decrypt(stored.encode())  # 已改用本机最新的密钥
    assert len(AuthenticatorDevice.objects.get().bin_key) == 20
