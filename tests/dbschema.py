"""测试库不跑迁移时（SQLite 全套测试用 ``--no-migrations``，按模型直接建表），把迁移里模型表达不了的部分补上。

迁移在新库上要把 78 个迁移的模型状态重算约 2.2 万次（每个测试进程约 30 s CPU），按模型建表只要几秒。
模型表达不了的只有这些：SQLite 的全文索引（FTS5 虚拟表与触发器）和固定平台清单。语句直接取自迁移文件本身，
不另写一份。``tests/test_migrations.py`` 在新库上真跑一遍迁移，与“按模型建表 + 这里”得到的库逐表、逐列、
逐索引、逐触发器比较：以后哪个迁移又加了模型之外的东西而这里没跟上，那个测试会失败。
"""

from __future__ import annotations

from importlib import import_module

#: (迁移模块, 按数据库类型的建立语句的属性名)
_FTS = (
    ("rongmei.opinion.migrations.0002_search_index", "SQLITE_FORWARD"),
    ("rongmei.interaction.migrations.0004_message_search_index", "SQLITE_FORWARD"),
)


def apply_schema_extras(connection) -> None:
    """在按模型建好的库上补建迁移独有的部分。"""
    from rongmei.workspaces.services import platforms_ensure

    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            for module, attr in _FTS:
                for sql in getattr(import_module(module), attr):
                    cur.execute(sql)
    platforms_ensure()


def sqlite_schema(path: str) -> dict[str, object]:
    """一个 SQLite 库文件的结构：表与列（名、类型、非空）、索引（表、列、是否唯一；不看自动生成的名字）、触发器与虚拟表的语句。"""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        tables, indexes, triggers = {}, set(), {}
        rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
        for kind, name, _table, sql in rows:
            if kind == "table" and "_fts_" not in name:  # FTS5 的影子表随虚拟表而来
                cols = con.execute(f'PRAGMA table_info("{name}")').fetchall()
                tables[name] = sorted((c[1], c[2].upper(), bool(c[3])) for c in cols)
            elif kind == "trigger":
                triggers[name] = " ".join((sql or "").split())
        for table in tables:
            for idx in con.execute(f'PRAGMA index_list("{table}")').fetchall():
                cols = tuple(c[2] for c in con.execute(f'PRAGMA index_info("{idx[1]}")').fetchall())
                indexes.add((table, cols, bool(idx[2])))
        return {"tables": tables, "indexes": sorted(indexes), "triggers": triggers}
    finally:
        con.close()
