"""收件箱搜索的索引（SQLite）：FTS5 三字组（trigram）虚拟表，外部内容表 interaction_message，触发器保持同步。

三字组索引能回答任意位置的子串匹配，所以按它搜出来的与逐条 LIKE '%词%' 一样，只是不必扫百万条；
少于 3 个字的词没法用三字组，仍按子串逐条比对（见 selectors.search_q）。PostgreSQL 不建此表，照旧按子串比对。
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE interaction_message_fts USING fts5("
    "text, author, content='interaction_message', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER interaction_message_fts_ai AFTER INSERT ON interaction_message BEGIN "
    "INSERT INTO interaction_message_fts(rowid, text, author) VALUES (new.id, new.text, new.author); END",
    "CREATE TRIGGER interaction_message_fts_ad AFTER DELETE ON interaction_message BEGIN "
    "INSERT INTO interaction_message_fts(interaction_message_fts, rowid, text, author) "
    "VALUES ('delete', old.id, old.text, old.author); END",
    "CREATE TRIGGER interaction_message_fts_au AFTER UPDATE OF text, author ON interaction_message BEGIN "
    "INSERT INTO interaction_message_fts(interaction_message_fts, rowid, text, author) "
    "VALUES ('delete', old.id, old.text, old.author); "
    "INSERT INTO interaction_message_fts(rowid, text, author) VALUES (new.id, new.text, new.author); END",
    "INSERT INTO interaction_message_fts(interaction_message_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS interaction_message_fts_au",
    "DROP TRIGGER IF EXISTS interaction_message_fts_ad",
    "DROP TRIGGER IF EXISTS interaction_message_fts_ai",
    "DROP TABLE IF EXISTS interaction_message_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("interaction", "0003_inbox_page_indexes")]

    operations = [migrations.RunPython(_run(SQLITE_FORWARD), _run(SQLITE_BACKWARD))]
