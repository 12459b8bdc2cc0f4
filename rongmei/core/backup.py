"""备份与恢复：数据库一致性快照（SQLite 在线备份 API / PostgreSQL pg_dump）+ 媒体文件，打包为 .tar.gz。

包内 manifest.json 记录每张表的行数与数据库文件的 SHA-256；恢复时先校验再替换，恢复后再次清点行数核对。
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from rongmei.core import clock

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


def backup_create(target_dir: Path | None = None) -> Path:
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
        elif connection.vendor == "postgresql":
            dump = tmpdir / "db.pgdump"
            proc = subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), *_pg_args(db), db["NAME"]],
                                  env=_pg_env(db), capture_output=True, text=True)
            if proc.returncode != 0:
                raise BackupError(f"pg_dump 失败：{proc.stderr.strip()}")
        else:
            raise BackupError(f"不支持的数据库：{connection.vendor}")
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.localtime(clock.now()).isoformat(),
            "vendor": connection.vendor,
            "db_file": dump.name,
            "db_sha256": _sha256(dump),
            "tables": table_counts(),
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
    return out


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.extractfile("manifest.json")
    except KeyError:
        raise BackupError("备份文件缺少 manifest.json，不是 rongmei 备份") from None
    manifest = json.loads(member.read().decode("utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"不支持的备份格式版本：{manifest.get('format')}")
    return manifest


def backup_restore(path: Path) -> dict:
    """恢复备份。返回 manifest 与核对结果；核对不一致时抛出 BackupError。"""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"备份文件不存在：{path}")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        with tarfile.open(path, "r:gz") as tar:
            manifest = _read_manifest(tar)
            tar.extractall(tmpdir, filter="data")
        if manifest["vendor"] != connection.vendor:
            raise BackupError(f"备份来自 {manifest['vendor']}，当前数据库是 {connection.vendor}，不能直接恢复")
        dump = tmpdir / manifest["db_file"]
        if _sha256(dump) != manifest["db_sha256"]:
            raise BackupError("数据库快照校验和不符，备份文件已损坏")
        db = _db_settings()
        if connection.vendor == "sqlite":
            src = sqlite3.connect(dump)
            connection.ensure_connection()
            with connection.connection:
                src.backup(connection.connection)  # 整库覆盖写入当前数据库
            src.close()
        else:
            connections.close_all()
            proc = subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", db["NAME"],
                 *_pg_args(db), str(dump)],
                env=_pg_env(db), capture_output=True, text=True,
            )
            if proc.returncode != 0:
                raise BackupError(f"pg_restore 失败：{proc.stderr.strip()[:2000]}")
        media_src = tmpdir / "media"
        media_root = Path(settings.MEDIA_ROOT)
        if media_src.exists():
            if media_root.exists():
                shutil.rmtree(media_root)
            shutil.copytree(media_src, media_root)
    counts = table_counts()
    mismatched = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if mismatched:
        detail = "；".join(f"{t}: 备份 {a} 行，恢复后 {b} 行" for t, (a, b) in list(mismatched.items())[:10])
        raise BackupError(f"恢复后核对不一致：{detail}")
    return {"manifest": manifest, "verified_tables": len(manifest["tables"])}


def backup_prune(keep: int = 30, target_dir: Path | None = None) -> int:
    target_dir = Path(target_dir or settings.BACKUP_DIR)
    files = sorted(target_dir.glob("rongmei-*.tar.gz"))
    removed = 0
    for old in files[:-keep] if keep else files:
        old.unlink()
        removed += 1
    return removed
