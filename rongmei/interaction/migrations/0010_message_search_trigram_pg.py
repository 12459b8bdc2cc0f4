"""收件箱搜索的索引（PostgreSQL）：pg_trgm 的 GIN 三字组索引，建在 ``UPPER(text)`` 与 ``UPPER(author)`` 上。

Django 的 ``icontains`` 在 PostgreSQL 上生成 ``UPPER("text"::text) LIKE UPPER('%词%')``，表达式与这两个索引相同，
所以搜索不改代码就能用上它们（不少于 3 个字的词；少于 3 个字的词没有三字组，仍逐条比对）；结果与逐条比对相同，
索引只是找行的路。SQLite 用迁移 0004 的 FTS5 三字组表，这里什么也不做。

pg_trgm 是 PostgreSQL 自带的扩展，13 版起是“受信任”的扩展，数据库的属主不必是超级用户也能建。
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS inbox_text_trgm ON interaction_message USING gin (UPPER(text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS inbox_author_trgm ON interaction_message USING gin (UPPER(author) gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS inbox_author_trgm",
    "DROP INDEX IF EXISTS inbox_text_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("interaction", "0009_alter_inboxsettings_approver_role")]

    operations = [migrations.RunPython(_run(PG_FORWARD), _run(PG_BACKWARD))]
