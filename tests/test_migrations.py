"""迁移本身：在新的 SQLite 库上真跑一遍全部迁移，得到的库与“按模型建表 + tests/dbschema.py 的补充”完全一样。

SQLite 全套测试为了快按模型建表（``--no-migrations``），用户的库却是迁移建的；这里保证两者是同一个库：
同样的表和列、同样的索引（含唯一约束）、同样的全文索引触发器（SQLite 给表加列时会重建表、丢掉触发器，
迁移要自己重建——漏了，用户的收件箱搜索就不再更新）。模型改了而没写迁移的情况由 ``make lint`` 的
``makemigrations --check`` 挡住。PostgreSQL 全套测试照旧跑迁移建库。
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.dbschema import sqlite_schema

ROOT = Path(__file__).resolve().parent.parent

MIGRATE = "import django; django.setup(); from django.core.management import call_command; call_command('migrate', verbosity=0)"
SYNCDB = (
    "import django; django.setup(); from django.conf import settings\n"
    "class _Off(dict):\n"
    "    def __contains__(self, item): return True\n"
    "    def __getitem__(self, item): return None\n"
    "settings.MIGRATION_MODULES = _Off()\n"
    "from django.core.management import call_command; call_command('migrate', run_syncdb=True, verbosity=0)\n"
    "from django.db import connection; from tests.dbschema import apply_schema_extras; apply_schema_extras(connection)\n"
)


def _build(tmp_path: Path, name: str, code: str) -> str:
    path = tmp_path / f"{name}.sqlite3"
    env = dict(os.environ, RONGMEI_TESTING="1", RONGMEI_DATA_DIR=str(tmp_path / name), DATABASE_URL=f"sqlite:///{path}",
               DJANGO_SETTINGS_MODULE="rongmei.settings")
    env.pop("REDIS_URL", None)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return str(path)


def test_migrations_build_the_same_database_as_the_models(tmp_path):
    migrated = sqlite_schema(_build(tmp_path, "migrated", MIGRATE))
    from_models = sqlite_schema(_build(tmp_path, "models", SYNCDB))

    migrated["tables"].pop("django_migrations", None)
    from_models["tables"].pop("django_migrations", None)
    assert sorted(migrated["tables"]) == sorted(from_models["tables"])
    for table, columns in migrated["tables"].items():
        assert columns == from_models["tables"][table], f"表 {table} 的列不同"
    assert migrated["indexes"] == from_models["indexes"]
    assert migrated["triggers"] == from_models["triggers"]
    # 全文索引确实在：两个模块的触发器各三个
    assert {t for t in migrated["triggers"] if t.startswith("opinion_mention_fts")} == {
        "opinion_mention_fts_ai", "opinion_mention_fts_ad", "opinion_mention_fts_au"}
    assert {t for t in migrated["triggers"] if t.startswith("interaction_message_fts")} == {
        "interaction_message_fts_ai", "interaction_message_fts_ad", "interaction_message_fts_au"}
