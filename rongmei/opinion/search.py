"""全文检索后端：把用户的检索词或专题表达式翻译成数据库的全文检索条件。

* SQLite：FTS5 虚拟表 ``opinion_mention_fts``（迁移 0002），查询语法 ``"词" AND ("词" OR "词") NOT "词"``；
* PostgreSQL：``to_tsvector('simple', tokens) @@ to_tsquery('simple', …)``（GIN 索引），``&`` ``|`` ``!``。

二者都在分词后的 ``tokens`` 上检索：表达式里的每个词先按精确模式分词，多个词作为短语（相邻）。
``NEAR/n`` 在检索里按“同时出现”处理（比专题匹配宽）；专题本身的命中以 ``TopicMatch`` 为准（按子串精确匹配）。
省级规模换 OpenSearch/Elasticsearch 时，只换本模块的 :func:`condition`（见 docs/architecture.md）。
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from rongmei.engines.topics import TopicSyntaxError, compile_topic

from .analysis import query_terms


class SearchError(ValueError):
    """检索式无法执行（中文说明）。"""


def _phrase_terms(word: str) -> list[str]:
    return [t.replace('"', "") for t in query_terms(word) if t.replace('"', "")]


def _fts5(node: tuple) -> str:
    kind = node[0]
    if kind == "term":
        terms = _phrase_terms(node[1])
        if not terms:
            raise SearchError(f"“{node[1]}”里没有可检索的文字")
        return '"' + " ".join(terms) + '"'
    if kind == "or":
        return "(" + " OR ".join(_fts5(p) for p in node[1]) + ")"
    if kind == "near":
        left = "(" + " OR ".join(_fts5(("term", t)) for t in node[1]) + ")"
        right = "(" + " OR ".join(_fts5(("term", t)) for t in node[2]) + ")"
        return f"({left} AND {right})"
    if kind == "not":
        raise SearchError("检索式不能只有排除的词：请至少写一个要找的词")
    # and
    pos = [_fts5(p) for p in node[1] if p[0] != "not"]
    neg = [_fts5(p[1]) for p in node[1] if p[0] == "not"]
    if not pos:
        raise SearchError("检索式不能只有排除的词：请至少写一个要找的词")
    out = "(" + " AND ".join(pos) + ")"
    for n in neg:
        out = f"({out} NOT {n})"
    return out


def _tsquery(node: tuple) -> str:
    kind = node[0]
    if kind == "term":
        terms = [t.replace("'", "").replace("\\", "") for t in _phrase_terms(node[1])]
        terms = [t for t in terms if t]
        if not terms:
            raise SearchError(f"“{node[1]}”里没有可检索的文字")
        return "(" + " <-> ".join(f"'{t}'" for t in terms) + ")"
    if kind == "or":
        return "(" + " | ".join(_tsquery(p) for p in node[1]) + ")"
    if kind == "near":
        left = "(" + " | ".join(_tsquery(("term", t)) for t in node[1]) + ")"
        right = "(" + " | ".join(_tsquery(("term", t)) for t in node[2]) + ")"
        return f"({left} & {right})"
    if kind == "not":
        raise SearchError("检索式不能只有排除的词：请至少写一个要找的词")
    parts = [_tsquery(p) if p[0] != "not" else "!" + _tsquery(p[1]) for p in node[1]]
    if all(p[0] == "not" for p in node[1]):
        raise SearchError("检索式不能只有排除的词：请至少写一个要找的词")
    return "(" + " & ".join(parts) + ")"


def parse(query: str) -> tuple:
    """检索框里的文字按专题表达式的语法理解（空格即“并且”）；语法错误给出位置。"""
    try:
        return compile_topic(query).tree()
    except TopicSyntaxError as exc:
        raise SearchError(f"检索式有误：{exc}") from exc


def condition(query: str) -> Q:
    """检索条件（加在 Mention 查询集上）。"""
    tree = parse(query)
    if connection.vendor == "postgresql":
        return Q(
            id__in=RawSQL(
                "SELECT id FROM opinion_mention WHERE to_tsvector('simple', tokens) @@ "
                "to_tsquery('simple', %s)",
                [_tsquery(tree)],
            )
        )
    return Q(
        id__in=RawSQL(
            "SELECT rowid FROM opinion_mention_fts WHERE opinion_mention_fts MATCH %s", [_fts5(tree)]
        )
    )
