"""全文检索索引：SQLite 用 FTS5 虚拟表（外部内容表 opinion_mention，触发器保持同步），
PostgreSQL 用 ``to_tsvector('simple', tokens)`` 的 GIN 索引。二者都索引分词后的 ``tokens``（jieba 搜索模式，空格分隔）。
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE opinion_mention_fts USING fts5("
    "tokens, content='opinion_mention', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER opinion_mention_fts_ai AFTER INSERT ON opinion_mention BEGIN "
    "INSERT INTO opinion_mention_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER opinion_mention_fts_ad AFTER DELETE ON opinion_mention BEGIN "
    "INSERT INTO opinion_mention_fts(opinion_mention_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER opinion_mention_fts_au AFTER UPDATE OF tokens ON opinion_mention BEGIN "
    "INSERT INTO opinion_mention_fts(opinion_mention_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO opinion_mention_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS opinion_mention_fts_au",
    "DROP TRIGGER IF EXISTS opinion_mention_fts_ad",
    "DROP TRIGGER IF EXISTS opinion_mention_fts_ai",
    "DROP TABLE IF EXISTS opinion_mention_fts",
]
PG_FORWARD = ["CREATE INDEX opinion_mention_tsv ON opinion_mention USING GIN (to_tsvector('simple', tokens))"]
PG_BACKWARD = ["DROP INDEX IF EXISTS opinion_mention_tsv"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("opinion", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
                             _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD})),
    ]
