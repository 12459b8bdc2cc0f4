"""备份与恢复：数据库一致性快照（SQLite 在线备份 API / PostgreSQL pg_dump）+ 媒体文件，打包为 .tar.gz。

- manifest.json 记录每张表的行数与数据库快照的 SHA-256。行数**从快照本身**清点（SQLite 数快照文件；
  PostgreSQL 在导出快照的同一个可重复读事务里清点，pg_dump --snapshot 用同一快照），写入中也一致。
- 恢复：先校验包与校验和，把快照恢复成一个**新的**数据库（SQLite 新文件 / PostgreSQL 新库），清点行数核对，
  一致后才原子切换（SQLite 文件改名；PostgreSQL 改库名），原数据库保留为 ``*.before-restore-*`` 直到切换成功。
  截断或乱码的包、错误的密钥都给中文说明（BackupError），不出现 traceback，也不改动当前数据。
- 加密：设了密钥（``RONGMEI_BACKUP_KEY`` 或 ``RONGMEI_BACKUP_KEY_FILE`` / 命令行 ``--key-file``）时，
  备份写成 ``.tar.gz.enc``（Fernet：AES-128-CBC + HMAC-SHA256，分块流式），密钥由运维人员保管；
  恢复与演练需要同一密钥。
- 恢复演练（``restore_drill``，每日任务）：把最新一份备份恢复到临时数据库并核对，结果记入任务列表与审计日志。
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from rongmei.core import clock, crypto, freshness

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def table_counts() -> dict[str, int]:
    out = {}
    existing = set(connection.introspection.table_names())
    for model in apps.get_models():
        table = model._meta.db_table
        if table in existing and not model._meta.proxy:
            out[table] = model._base_manager.using("default").count()
    return out


def _model_tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models() if not m._meta.proxy and m._meta.managed})


def sqlite_file_counts(path: Path, tables: list[str] | None = None) -> dict[str, int]:
    """一个 SQLite 数据库文件里各表的行数（只读打开；清点快照与恢复出的新文件）。"""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        wanted = tables if tables is not None else _model_tables()
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in wanted if t in present}
    finally:
        db.close()


# ---------------------------------------------------------------- 加密（分块 Fernet）
MAGIC = b"RONGMEI-BACKUP-ENC1\n"
CHUNK = 4 * 1024 * 1024


def generate_key() -> str:
    return Fernet.generate_key().decode()


def load_key(key_file: str | Path | None = None) -> bytes | None:
    """运维人员保管的备份密钥：命令行给的密钥文件 > RONGMEI_BACKUP_KEY > RONGMEI_BACKUP_KEY_FILE；都没有时为 None。"""
    path = key_file or None
    if path is None and getattr(settings, "BACKUP_KEY", ""):
        key = settings.BACKUP_KEY.encode()
    else:
        path = path or getattr(settings, "BACKUP_KEY_FILE", "") or None
        if path is None:
            return None
        try:
            key = Path(path).read_bytes().strip()
        except OSError as exc:
            raise BackupError(f"无法读取备份密钥文件 {path}（{exc.strerror or exc}）") from None
    try:
        Fernet(key)
    except (ValueError, TypeError):
        raise BackupError("备份密钥格式不对：应为 `rongmei backup --new-key 文件` 生成的 44 个字符的密钥") from None
    return key


def _encrypt(src: Path, dst: Path, key: bytes) -> None:
    fernet = Fernet(key)
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        fout.write(MAGIC)
        for chunk in iter(lambda: fin.read(CHUNK), b""):
            token = fernet.encrypt(chunk)
            fout.write(struct.pack(">I", len(token)))
            fout.write(token)


def _decrypt(src: Path, dst: Path, key: bytes | None) -> None:
    if key is None:
        raise BackupError("这份备份已加密：请用 --key-file 指定密钥文件，或设置 RONGMEI_BACKUP_KEY")
    fernet = Fernet(key)
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        fin.read(len(MAGIC))
        while header := fin.read(4):
            if len(header) < 4:
                raise BackupError("备份文件不完整（加密数据被截断）")
            (size,) = struct.unpack(">I", header)
            token = fin.read(size)
            if len(token) < size:
                raise BackupError("备份文件不完整（加密数据被截断）")
            try:
                fout.write(fernet.decrypt(token))
            except InvalidToken:
                raise BackupError("备份密钥不对，或备份文件已被改动，无法解密") from None


def _is_encrypted(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def _db_settings() -> dict:
    return settings.DATABASES["default"]


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args


def backup_create(target_dir: Path | None = None, *, key: bytes | None = None) -> Path:
    """写一份备份，返回文件路径；给了密钥（或设置里有）时写加密的 .tar.gz.enc。"""
    key = key if key is not None else load_key()
    target_dir = Path(target_dir or settings.BACKUP_DIR)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime(clock.now()).strftime("%Y%m%d-%H%M%S-%f")
    out = target_dir / f"rongmei-{stamp}.tar.gz"
    db = _db_settings()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        if connection.vendor == "sqlite":
            dump = tmpdir / "db.sqlite3"
            connection.ensure_connection()
            dest = sqlite3.connect(dump)
            with dest:
                connection.connection.backup(dest)  # 在线一致性快照
            dest.close()
            counts = sqlite_file_counts(dump)  # 从快照本身清点
        elif connection.vendor == "postgresql":
            dump = tmpdir / "db.pgdump"
            counts = _pg_dump_with_counts(db, dump)
        else:
            raise BackupError(f"不支持的数据库：{connection.vendor}")
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.localtime(clock.now()).isoformat(),
            "vendor": connection.vendor,
            "db_file": dump.name,
            "db_sha256": _sha256(dump),
            "tables": counts,
        }
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(out, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            if media_root.exists():
                tar.add(media_root, arcname="media")
    if key is not None:
        encrypted = out.with_name(out.name + ".enc")
        _encrypt(out, encrypted, key)
        out.unlink()
        return encrypted
    return out


def _pg_dump_with_counts(db: dict, dump: Path) -> dict[str, int]:
    """pg_dump 与行数清点用同一个快照：可重复读事务里 pg_export_snapshot()，pg_dump --snapshot。"""
    if connection.in_atomic_block:  # 已在事务里（如测试）：无法设隔离级别，退回先导出后清点
        proc = subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), *_pg_args(db), db["NAME"]],
                              env=_pg_env(db), capture_output=True, text=True)
        if proc.returncode != 0:
            raise BackupError(f"pg_dump 失败：{proc.stderr.strip()[:2000]}")
        return table_counts()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = table_counts()
        proc = subprocess.run(["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(dump),
                               *_pg_args(db), db["NAME"]], env=_pg_env(db), capture_output=True, text=True)
        if proc.returncode != 0:
            raise BackupError(f"pg_dump 失败：{proc.stderr.strip()[:2000]}")
    return counts


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.extractfile("manifest.json")
    except KeyError:
        raise BackupError("备份文件缺少 manifest.json，不是 rongmei 备份") from None
    try:
        manifest = json.loads(member.read().decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise BackupError("备份文件里的清单已损坏") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"不支持的备份格式版本：{manifest.get('format') if isinstance(manifest, dict) else '未知'}")
    return manifest


def _unpack(path: Path, tmpdir: Path, key: bytes | None) -> dict:
    """校验并解开备份到 tmpdir；返回 manifest。任何损坏都是中文 BackupError。"""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"备份文件不存在：{path}")
    if _is_encrypted(path):
        plain = tmpdir / "backup.tar.gz"
        _decrypt(path, plain, key if key is not None else load_key())
        path = plain
    try:
        with tarfile.open(path, "r:gz") as tar:
            manifest = _read_manifest(tar)
            tar.extractall(tmpdir / "unpacked", filter="data")
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError("备份文件已损坏或不完整（无法解包），请换一份备份") from exc
    for key_name in ("vendor", "db_file", "db_sha256", "tables"):
        if key_name not in manifest:
            raise BackupError("备份文件里的清单不完整")
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"备份来自 {manifest['vendor']}，当前数据库是 {connection.vendor}，不能直接恢复")
    dump = tmpdir / "unpacked" / Path(manifest["db_file"]).name
    if not dump.exists() or _sha256(dump) != manifest["db_sha256"]:
        raise BackupError("数据库快照校验和不符，备份文件已损坏")
    return manifest


def _mismatch(expected: dict[str, int], counts: dict[str, int]) -> str:
    bad = {t: (n, counts.get(t)) for t, n in expected.items() if counts.get(t) != n}
    return "；".join(f"{t}: 备份 {a} 行，恢复后 {b} 行" for t, (a, b) in list(bad.items())[:10])


def _pg_admin(db: dict, sql: str) -> None:
    proc = subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-d", "postgres", *_pg_args(db), "-c", sql],
                          env=_pg_env(db), capture_output=True, text=True)
    if proc.returncode != 0:
        raise BackupError(f"数据库操作失败：{proc.stderr.strip()[:500]}")


def _pg_restore_into(db: dict, name: str, dump: Path) -> dict[str, int]:
    """把 pg_dump 恢复进一个新建的数据库 name，返回各表行数。"""
    _pg_admin(db, f'DROP DATABASE IF EXISTS "{name}"')
    _pg_admin(db, f'CREATE DATABASE "{name}"')
    proc = subprocess.run(["pg_restore", "--no-owner", "--single-transaction", "-d", name, *_pg_args(db), str(dump)],
                          env=_pg_env(db), capture_output=True, text=True)
    if proc.returncode != 0:
        raise BackupError(f"pg_restore 失败：{proc.stderr.strip()[:2000]}")
    # pg_restore 不带查询规划用的统计信息：在自动清理（autovacuum）补上之前，大表的页面会按“空表”选查询计划
    # （100 万条消息时收件箱第 5 页要 5 s，有统计信息时 63 ms，见 bench/interaction/RESULTS.md），所以恢复完立即 ANALYZE
    proc = subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-d", name, *_pg_args(db), "-c", "ANALYZE"],
                          env=_pg_env(db), capture_output=True, text=True)
    if proc.returncode != 0:
        raise BackupError(f"恢复后更新统计信息失败：{proc.stderr.strip()[:500]}")
    tables = _model_tables()
    proc = subprocess.run(["psql", "-At", "-F", "\t", "-d", name, *_pg_args(db), "-c",
                           "SELECT table_name FROM information_schema.tables WHERE table_schema='public'"],
                          env=_pg_env(db), capture_output=True, text=True)
    present = set(proc.stdout.split())
    query = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM \"{t}\"" for t in tables if t in present)
    proc = subprocess.run(["psql", "-At", "-F", "\t", "-d", name, *_pg_args(db), "-c", query or "SELECT 1 WHERE false"],
                          env=_pg_env(db), capture_output=True, text=True)
    if proc.returncode != 0:
        raise BackupError(f"清点恢复出的数据库失败：{proc.stderr.strip()[:500]}")
    return {t: int(n) for t, n in (line.split("\t") for line in proc.stdout.splitlines() if line)}


def _restore_media(unpacked: Path) -> None:
    media_src = unpacked / "media"
    media_root = Path(settings.MEDIA_ROOT)
    if media_src.exists():
        staged = media_root.with_name(media_root.name + ".restoring")
        if staged.exists():
            shutil.rmtree(staged)
        shutil.copytree(media_src, staged)
        previous = media_root.with_name(media_root.name + ".before-restore")
        if previous.exists():
            shutil.rmtree(previous)
        if media_root.exists():
            media_root.rename(previous)
        staged.rename(media_root)
        if previous.exists():
            shutil.rmtree(previous)


def backup_restore(path: Path, *, key: bytes | None = None) -> dict:
    """恢复备份：恢复成新数据库并核对行数，一致后才切换；返回 manifest 与核对结果。

    任何一步失败都抛出 BackupError（中文），当前数据库不变。"""
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        manifest = _unpack(path, tmpdir, key)
        dump = tmpdir / "unpacked" / Path(manifest["db_file"]).name
        expected = manifest["tables"]
        db = _db_settings()
        if connection.vendor == "sqlite":
            _sqlite_switch(dump, expected)
        else:
            _pg_switch(db, dump, expected)
        _restore_media(tmpdir / "unpacked")
    freshness.bump()  # 整库换了：工作台卡片与角标的缓存全部作废
    counts = table_counts()
    detail = _mismatch(expected, counts)
    if detail:
        raise BackupError(f"恢复后核对不一致：{detail}")
    return {"manifest": manifest, "verified_tables": len(expected)}


def _sqlite_switch(dump: Path, expected: dict[str, int]) -> None:
    detail = _mismatch(expected, sqlite_file_counts(dump, list(expected)))
    if detail:
        raise BackupError(f"备份快照与清单不符，未做任何改动：{detail}")
    connection.ensure_connection()
    if connection.is_in_memory_db():  # 测试用内存库：没有文件可换，核对无误后整库拷入
        src = sqlite3.connect(dump)
        with connection.connection:
            src.backup(connection.connection)
        src.close()
        return
    live = Path(connection.settings_dict["NAME"])
    staged = live.with_name(live.name + ".restoring")
    shutil.copyfile(dump, staged)
    previous = live.with_name(f"{live.name}.before-restore-{timezone.localtime(clock.now()):%Y%m%d-%H%M%S}")
    connections.close_all()
    old = sqlite3.connect(live)
    try:
        old.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # WAL 里的内容并入主文件，旧的 -wal 不会套到新文件上
    finally:
        old.close()
    os.replace(live, previous)
    try:
        for suffix in ("-wal", "-shm"):
            Path(f"{live}{suffix}").unlink(missing_ok=True)
        os.replace(staged, live)
    except OSError as exc:
        os.replace(previous, live)  # 切换失败：换回原数据库
        raise BackupError(f"切换到恢复出的数据库失败，已保留原数据库：{exc}") from exc
    previous.unlink()  # 切换成功后才删除原数据库


def _pg_switch(db: dict, dump: Path, expected: dict[str, int]) -> None:
    name = db["NAME"]
    staged = f"{name}_restoring"
    detail = _mismatch(expected, _pg_restore_into(db, staged, dump))
    if detail:
        _pg_admin(db, f'DROP DATABASE IF EXISTS "{staged}"')
        raise BackupError(f"备份快照与清单不符，未做任何改动：{detail}")
    previous = f"{name}_before_restore"
    connections.close_all()
    _pg_admin(db, f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' "
                  "AND pid <> pg_backend_pid()")
    _pg_admin(db, f'DROP DATABASE IF EXISTS "{previous}"')
    _pg_admin(db, f'ALTER DATABASE "{name}" RENAME TO "{previous}"')
    try:
        _pg_admin(db, f'ALTER DATABASE "{staged}" RENAME TO "{name}"')
    except BackupError:
        _pg_admin(db, f'ALTER DATABASE "{previous}" RENAME TO "{name}"')
        raise
    _pg_admin(db, f'DROP DATABASE IF EXISTS "{previous}"')


def latest_backup(target_dir: Path | None = None) -> Path | None:
    target_dir = Path(target_dir or settings.BACKUP_DIR)
    files = sorted(target_dir.glob("rongmei-*.tar.gz*"))
    return files[-1] if files else None


def restore_drill(path: Path | None = None, *, key: bytes | None = None, target_dir: Path | None = None) -> dict:
    """恢复演练：把备份（默认最新一份）恢复到临时数据库并核对行数，不碰当前数据库。

    返回 {"backup", "tables", "rows"}；失败抛出 BackupError。"""
    path = Path(path) if path else latest_backup(target_dir)
    if path is None:
        raise BackupError("没有可演练的备份")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        manifest = _unpack(path, tmpdir, key)
        dump = tmpdir / "unpacked" / Path(manifest["db_file"]).name
        expected = manifest["tables"]
        unreadable = None
        if connection.vendor == "sqlite":
            scratch = tmpdir / "drill.sqlite3"
            shutil.copyfile(dump, scratch)
            counts = sqlite_file_counts(scratch, list(expected))
            unreadable = sqlite_file_unreadable(scratch)
        else:
            db = _db_settings()
            scratch_name = f"{db['NAME']}_drill"
            try:
                counts = _pg_restore_into(db, scratch_name, dump)
                unreadable = _pg_unreadable(db, scratch_name)
            finally:
                _pg_admin(db, f'DROP DATABASE IF EXISTS "{scratch_name}"')
    detail = _mismatch(expected, counts)
    if detail:
        raise BackupError(f"恢复演练不通过：{detail}")
    return {"backup": path.name, "tables": len(expected), "rows": sum(expected.values()), "unreadable": unreadable}


def drill_message(result: dict) -> str:
    message = f"恢复演练通过：{result['backup']}，{result['tables']} 张表 {result['rows']} 行核对一致"
    if result.get("unreadable"):
        message += (f"；但其中 {result['unreadable']} 条加密保存的凭据用当前密钥解不开（备份不含凭据密钥；"
                    "恢复这份备份须带上备份当时的 credentials.keys）")
    return message


def _count_unreadable(present: set[str], values) -> int:
    """登记的密文（平台凭证、手机验证器密钥等）里有多少条用当前密钥环解不开；values(表, 列) 给出该列的值。"""
    bad = 0
    for spec in crypto.registered_fields():
        meta = apps.get_model(spec.model)._meta
        if meta.db_table not in present:
            continue
        column = meta.get_field(spec.field).column
        bad += sum(1 for value in values(meta.db_table, column) if value and not crypto.readable(value))
    return bad


def sqlite_file_unreadable(path: Path) -> int:
    """快照里有多少条登记的密文用当前密钥环解不开——备份不含凭据密钥，
    演练时提前发现“删了旧密钥后，这份备份的凭据就恢复不出来了”。"""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return _count_unreadable(present, lambda t, c: (r[0] for r in db.execute(f'SELECT "{c}" FROM "{t}"')))
    finally:
        db.close()


def _pg_unreadable(db: dict, name: str) -> int:
    """同 sqlite_file_unreadable，对恢复出来的 PostgreSQL 演练库（psql 逐列读出；Fernet 密文不含换行）。"""
    def psql(sql: str) -> list[str]:
        proc = subprocess.run(["psql", "-At", "-d", name, *_pg_args(db), "-c", sql], env=_pg_env(db),
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise BackupError(f"读取演练库失败：{proc.stderr.strip()[:500]}")
        return proc.stdout.splitlines()

    present = set(psql("SELECT table_name FROM information_schema.tables WHERE table_schema='public'"))
    return _count_unreadable(present, lambda t, c: psql(f'SELECT "{c}" FROM "{t}" WHERE "{c}" <> \'\''))


def backup_prune(keep: int = 30, target_dir: Path | None = None) -> int:
    target_dir = Path(target_dir or settings.BACKUP_DIR)
    files = sorted(target_dir.glob("rongmei-*.tar.gz*"))
    removed = 0
    for old in files[:-keep] if keep else files:
        old.unlink()
        removed += 1
    return removed
