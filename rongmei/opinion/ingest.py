"""把一批信息写进库：去重、分析、近似重复归组、专题匹配。只由 services 调用（写操作在事务里）。

近似重复用共用核心的 ``NearDupIndex``（MinHash 分段找候选、精确字符片段 Jaccard 确认）。每个进程为每个工作区缓存一个索引，
装入最近 :data:`NEARDUP_WINDOW_DAYS` 天的组内首发信息；每批写入前先补装其他进程新写入的首发（按主键水位），
所以网页进程与后台任务进程写入的信息互相能归到一组。
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from rongmei.core import clock
from rongmei.engines.textclass import NearDupIndex
from rongmei.engines.topics import compile_topic, fold

from .analysis import analyse, clip
from .choices import Sentiment
from .models import Mention, MentionGroup, MentionRegion, Source, Topic, TopicMatch

NEARDUP_THRESHOLD = 0.7
NEARDUP_WINDOW_DAYS = 7
NEARDUP_MAX_REPS = 200_000  # 超过就按时间窗重建索引


@dataclass
class MentionInput:
    """一条待入库的信息（各来源适配器的统一输出）。"""

    text: str
    title: str = ""
    url: str = ""
    author: str = ""
    source_name: str = ""
    published_at: dt.datetime | None = None
    external_id: str = ""
    message_id: int | None = None


@dataclass
class IngestResult:
    created: list[Mention] = field(default_factory=list)
    duplicates: int = 0
    matched: int = 0  # 新增的专题命中数

    @property
    def count(self) -> int:
        return len(self.created)


def dedupe_key(source: Source, item: MentionInput, content_hash: str) -> str:
    """同一条信息重复进来只存一次：优先原始编号，其次链接，最后内容指纹 + 媒体 + 作者。"""
    if item.external_id:
        raw = f"ext:{source.pk}:{item.external_id}"
    elif item.url:
        raw = f"url:{item.url.strip()}"
    else:
        raw = f"hash:{content_hash}:{item.source_name}:{item.author}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class _WorkspaceIndex:
    def __init__(self, workspace_id: int) -> None:
        self.workspace_id = workspace_id
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.index = NearDupIndex(threshold=NEARDUP_THRESHOLD)
        self.group_of_key: dict[str, int] = {}
        self.watermark = 0
        self.reps = 0
        self.since = clock.now() - dt.timedelta(days=NEARDUP_WINDOW_DAYS)

    def refresh(self) -> None:
        """补装上次以来（任何进程）新写入的首发。第一次按时间窗装入；以后只按主键水位往后读，
        读的行数只与新写入的条数有关，与库里已有多少条无关。"""
        if self.reps > NEARDUP_MAX_REPS:
            self.reset()
        if self.watermark == 0:
            top = Mention.objects.order_by("-id").values_list("id", flat=True).first() or 0
            rows = (
                Mention.objects.filter(
                    workspace_id=self.workspace_id,
                    is_first=True,
                    id__lte=top,
                    published_at__gte=self.since,
                    group__isnull=False,
                )
                .order_by("id")
                .values_list("id", "dedupe_key", "norm_text", "group_id")
            )
            for _pk, key, norm, group_id in rows.iterator(chunk_size=2000):
                self._add(key, norm, group_id)
            self.watermark = top or -1  # 空库也不再走第一次的路径
            return
        rows = (
            Mention.objects.filter(id__gt=self.watermark)
            .order_by("id")
            .values_list("id", "workspace_id", "is_first", "group_id", "published_at", "dedupe_key", "norm_text")
        )
        for pk, ws_id, is_first, group_id, published_at, key, norm in rows.iterator(chunk_size=2000):
            self.watermark = pk
            if ws_id == self.workspace_id and is_first and group_id is not None and published_at >= self.since:
                self._add(key, norm, group_id)

    def _add(self, key: str, norm: str, group_id: int) -> None:
        if key not in self.group_of_key:
            self.index.add(key, norm)
            self.group_of_key[key] = group_id
            self.reps += 1


# write() 按位置构造 Mention：字段增删时这里必须跟着改（导入时就检查，免得值错位）
_MENTION_FIELDS = (
    "id workspace_id source_id source_name dedupe_key external_id title text norm_text tokens url author "
    "published_at fetched_at content_hash sentiment sentiment_score sentiment_reasons group_id is_first regions "
    "message_id truncated created_by_id created_at"
).split()
if [f.attname for f in Mention._meta.concrete_fields] != _MENTION_FIELDS:
    raise RuntimeError("Mention 的字段变了：write() 按位置构造 Mention，要跟着改")

_INDEXES: dict[int, _WorkspaceIndex] = {}
_INDEXES_LOCK = threading.Lock()


def _index_for(workspace_id: int) -> _WorkspaceIndex:
    with _INDEXES_LOCK:
        idx = _INDEXES.get(workspace_id)
        if idx is None:
            idx = _INDEXES[workspace_id] = _WorkspaceIndex(workspace_id)
        return idx


def forget_indexes() -> None:
    """清空进程内的近似重复索引（测试与重建时用）。"""
    with _INDEXES_LOCK:
        _INDEXES.clear()


_COMPILED: dict[tuple[int, int], object] = {}


def active_topics(workspace_id: int) -> list[tuple[Topic, object]]:
    """工作区启用的专题及其编译结果（按版本缓存）。"""
    out = []
    for topic in Topic.objects.filter(workspace_id=workspace_id, active=True):
        # 表达式也进键：主键会被重用（测试回滚、从备份恢复），同一 (pk, 版本) 不一定是同一个表达式
        key = (topic.pk, topic.version, topic.expression)
        compiled = _COMPILED.get(key)
        if compiled is None:
            compiled = _COMPILED[key] = compile_topic(topic.expression)
        out.append((topic, compiled))
    return out


def match_text(mention: Mention) -> str:
    """专题匹配用的文字：标题 + 规范化正文，折叠过。"""
    return fold(mention.norm_text)


def write(*, source: Source, items: list[MentionInput], actor=None) -> IngestResult:
    """写入一批信息（调用方已开事务并做了权限与输入校验）。"""
    result = IngestResult()
    if not items:
        return result
    ws_id = source.workspace_id
    now = clock.now()
    prepared = []
    seen: set[str] = set()
    for item in items:
        text, truncated = clip(item.text)
        a = analyse(item.title, text)
        key = dedupe_key(source, item, a.content_hash)
        if key in seen:
            result.duplicates += 1
            continue
        seen.add(key)
        prepared.append((item, text, truncated, a, key))
    existing = set(
        Mention.objects.filter(workspace_id=ws_id, dedupe_key__in=list(seen))
        .order_by()  # 不排序：按唯一索引查，不扫整个工作区
        .values_list("dedupe_key", flat=True)
    )
    fresh = [p for p in prepared if p[4] not in existing]
    result.duplicates += len(prepared) - len(fresh)
    if not fresh:
        return result

    idx = _index_for(ws_id)
    with idx.lock:
        idx.refresh()
        group_keys = [idx.index.add(key, a.norm_text) for _item, _text, _truncated, a, key in fresh]
        if not _groups_alive(idx, ws_id, group_keys):
            # 缓存里的组在库里已经没有了（写入它的事务回滚、组被删除、从备份恢复）：按库里的现状重建索引再归组
            idx.reset()
            idx.refresh()
            group_keys = [idx.index.add(key, a.norm_text) for _item, _text, _truncated, a, key in fresh]
        source_field = Mention._meta.get_field("source")
        actor_field = Mention._meta.get_field("created_by")
        actor_id = actor.pk if actor is not None else None
        mentions = []
        for (item, text, truncated, a, key), gkey in zip(fresh, group_keys, strict=True):
            # 按位置传参（次序见 _MENTION_FIELDS），比按关键字快几倍；外键对象照样放进缓存
            m = Mention(
                None,
                ws_id,
                source.pk,
                (item.source_name or source.name)[:120],
                key,
                item.external_id[:400],
                item.title[:300],
                text,
                a.norm_text,
                a.tokens,
                item.url[:1000],
                item.author[:120],
                item.published_at or now,
                now,
                a.content_hash,
                a.sentiment,
                a.sentiment_score,
                a.sentiment_reasons,
                None,  # group_id：归组后填
                gkey == key,  # is_first：自成一组，它就是首发
                a.regions,
                item.message_id,
                truncated,
                actor_id,
                None,  # created_at：写库时填
            )
            source_field.set_cached_value(m, source)
            actor_field.set_cached_value(m, actor)
            mentions.append(m)
        _write_grouped(idx, source, mentions, group_keys)
        _write_regions(ws_id, mentions)
    result.created = mentions
    result.matched = _match_topics(ws_id, mentions)
    return result


def _groups_alive(idx: _WorkspaceIndex, ws_id: int, group_keys: list[str]) -> bool:
    """这一批要并入的已有组是否都还在库里（一个按主键的查询）。进程内的索引只是缓存，不能让信息指向不存在的组。"""
    wanted = {idx.group_of_key[k] for k in set(group_keys) if k in idx.group_of_key}
    if not wanted:
        return True
    alive = MentionGroup.objects.filter(workspace_id=ws_id, pk__in=wanted).order_by().values_list("pk", flat=True)
    return len(set(alive)) == len(wanted)


def _first_of(members: list[Mention]) -> Mention:
    """组里最早发布的一条（同一时刻以组的代表为先）。"""
    return min(members, key=lambda m: (m.published_at, not m.is_first))


def _write_grouped(
    idx: _WorkspaceIndex, source: Source, mentions: list[Mention], group_keys: list[str]
) -> None:
    """一批信息连同近似重复组一起写：新组先建（统计直接算好），信息带着组写入（FTS5 由触发器随同一条
    INSERT 建索引），再用一条语句补新组的首发、一条语句累加已有组的统计。每批语句数与条数无关。"""
    by_key: dict[str, list[Mention]] = {}
    for m, gkey in zip(mentions, group_keys, strict=True):
        by_key.setdefault(gkey, []).append(m)
    new_groups: dict[str, tuple] = {}  # 组代表的去重键 → 新组的一行（列见 _GROUP_COLUMNS）
    for gkey, members in by_key.items():
        if gkey not in idx.group_of_key:  # 新组：代表就在这一批里
            first = _first_of(members)
            rep = next(m for m in members if m.dedupe_key == gkey)
            new_groups[gkey] = (
                rep.workspace_id,
                rep.headline[:300],
                source.pk,
                first.source_name,
                first.published_at,
                max(m.published_at for m in members),
                len(members),
                sum(1 for m in members if m.sentiment == Sentiment.NEG),
            )
    group_pks = _insert_groups(list(new_groups.values()))
    for gkey, pk in zip(new_groups, group_pks, strict=True):
        idx.group_of_key[gkey] = pk
        idx.reps += 1
    for gkey, members in by_key.items():
        # 首发不在缓存里（被其他进程重建索引时丢掉）：不归组，下次 refresh 后恢复
        group_id = idx.group_of_key.get(gkey)
        for m in members:
            m.group_id = group_id
    with connection.cursor() as cur:
        _insert_mentions(cur, mentions)
        if new_groups:
            cur.executemany(
                "UPDATE opinion_mentiongroup SET first_mention_id = %s WHERE id = %s",
                [(_first_of(by_key[gkey]).pk, pk) for gkey, pk in zip(new_groups, group_pks, strict=True)],
            )
        grown = [
            (idx.group_of_key[k], ms)
            for k, ms in by_key.items()
            if k not in new_groups and k in idx.group_of_key
        ]
        if grown:
            _grow_groups(cur, grown)


_GROUP_COLUMNS = (
    "workspace_id",
    "title",
    "first_source_id",
    "first_source_name",
    "first_published_at",
    "last_published_at",
    "size",
    "negative",
    "created_at",
)


def _insert_groups(rows: list[tuple]) -> list[int]:
    """新组按行写入，返回与 rows 同序的主键。

    与 ``MentionGroup.objects.bulk_create`` 写同样的行（first_mention 之后补；created_at 整批取一个时刻），
    也像它一样用多行 ``INSERT … RETURNING id``（SQLite ≥ 3.35 与 PostgreSQL，返回次序即插入次序，Django 的
    bulk_create 同样依赖这一点），只是不为每个组建模型对象、不逐字段走 Django 的取值转换（原来占入库 CPU 的一成）。
    """
    if not rows:
        return []
    ops = connection.ops
    if not connection.features.can_return_rows_from_bulk_insert:  # 老版本 SQLite：退回 bulk_create
        fields = _GROUP_COLUMNS[:-1]
        objs = MentionGroup.objects.bulk_create(
            [MentionGroup(**dict(zip(fields, r, strict=True))) for r in rows], batch_size=500
        )
        return [g.pk for g in objs]
    created = ops.adapt_datetimefield_value(timezone.now())
    adapt = ops.adapt_datetimefield_value
    values = [(*r[:4], adapt(r[4]), adapt(r[5]), r[6], r[7], created) for r in rows]
    table = MentionGroup._meta.db_table
    cols = ", ".join(ops.quote_name(c) for c in _GROUP_COLUMNS)
    one = f"({', '.join(['%s'] * len(_GROUP_COLUMNS))})"
    per = 999 // len(_GROUP_COLUMNS)  # SQLite 默认每条语句最多 999 个参数
    pks: list[int] = []
    with connection.cursor() as cur:
        for start in range(0, len(values), per):
            chunk = values[start : start + per]
            cur.execute(
                f"INSERT INTO {table} ({cols}) VALUES {', '.join([one] * len(chunk))} RETURNING {ops.quote_name('id')}",
                [v for row in chunk for v in row],
            )
            pks.extend(r[0] for r in cur.fetchall())
    if len(pks) != len(values):
        raise RuntimeError("新建近似信息组时取回的主键条数不对")
    return pks


def _memo(adapt):
    """同一个时刻只转换一次（取到时刻、写库时刻整批相同；相等的时刻转成的文字相同）。"""
    memo: dict = {}

    def convert(value):
        out = memo.get(value)
        if out is None:
            out = memo[value] = adapt(value)
        return out

    return convert


def _insert_mentions(cur, mentions: list[Mention]) -> None:
    """信息一条 executemany 写入（FTS5 行由触发器在同一语句里写），再按去重键一次取回主键。

    不用 ``bulk_create``：它逐字段走 Django 的取值转换，在这里占入库时间的三成；列与转换按字段类型直接给出。
    """
    ops = connection.ops
    created = timezone.now()
    for m in mentions:
        m.created_at = created
    fields = [f for f in Mention._meta.concrete_fields if not f.primary_key]
    convert = []
    for f in fields:
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            convert.append(_memo(ops.adapt_datetimefield_value))
        elif kind == "JSONField":
            convert.append(lambda v, enc=f.encoder: ops.adapt_json_value(v, enc))
        else:
            convert.append(None)
    getters = [(f.attname, c) for f, c in zip(fields, convert, strict=True)]
    rows = [[getattr(m, a) if c is None else c(getattr(m, a)) for a, c in getters] for m in mentions]
    table = Mention._meta.db_table
    cols = ", ".join(ops.quote_name(f.column) for f in fields)
    cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(fields))})", rows)
    by_key = {m.dedupe_key: m for m in mentions}
    keys = list(by_key)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        cur.execute(
            f"SELECT id, dedupe_key FROM {table} WHERE workspace_id = %s AND dedupe_key IN "
            f"({', '.join(['%s'] * len(chunk))})",
            [mentions[0].workspace_id, *chunk],
        )
        for pk, key in cur.fetchall():
            m = by_key[key]
            m.pk = pk
            m._state.adding = False
            m._state.db = connection.alias


def _grow_groups(cur, grown: list[tuple[int, list[Mention]]]) -> None:
    """已有组加入新成员：条数、负面数、最早/最近时间一条语句累加；转载比首发还早（订阅晚到）时首发改为最早的那条。"""
    ops = connection.ops
    hi, lo = ("GREATEST", "LEAST") if connection.vendor == "postgresql" else ("MAX", "MIN")
    stats, firsts = [], []
    for group_id, ms in grown:
        first = _first_of(ms)
        at_first = ops.adapt_datetimefield_value(first.published_at)
        stats.append(
            (
                len(ms),
                sum(1 for m in ms if m.sentiment == Sentiment.NEG),
                ops.adapt_datetimefield_value(max(m.published_at for m in ms)),
                at_first,
                group_id,
            )
        )
        firsts.append((first.pk, first.source_id, first.source_name, group_id, at_first))
    cur.executemany(
        "UPDATE opinion_mentiongroup SET size = size + %s, negative = negative + %s, "
        f"last_published_at = {hi}(last_published_at, %s), first_published_at = {lo}(first_published_at, %s) "
        "WHERE id = %s",
        stats,
    )
    cur.executemany(
        "UPDATE opinion_mentiongroup SET first_mention_id = %s, first_source_id = %s, first_source_name = %s "
        "WHERE id = %s AND %s < (SELECT m.published_at FROM opinion_mention m WHERE m.id = first_mention_id)",
        firsts,
    )


def _write_regions(workspace_id: int, mentions: list[Mention]) -> None:
    """每条信息的地域词一行写进 ``MentionRegion``（一条 ``executemany``）。"""
    ops = connection.ops
    rows = [
        (workspace_id, m.pk, word, ops.adapt_datetimefield_value(m.published_at))
        for m in mentions
        for word in dict.fromkeys(m.regions or ())
    ]
    if rows:
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {MentionRegion._meta.db_table} (workspace_id, mention_id, region, published_at) "
                "VALUES (%s, %s, %s, %s)",
                rows,
            )


def _match_topics(workspace_id: int, mentions: list[Mention]) -> int:
    """专题命中一条 ``executemany`` 写入（与 ``bulk_create(ignore_conflicts=True)`` 同样的行，不逐行建模型对象）。"""
    topics = active_topics(workspace_id)
    if not topics:
        return 0
    ops = connection.ops
    matched_at = ops.adapt_datetimefield_value(timezone.now())
    rows = []
    for m in mentions:
        folded = match_text(m)
        at = None
        for topic, compiled in topics:
            if compiled.matches_folded(folded):
                if at is None:
                    at = ops.adapt_datetimefield_value(m.published_at)
                rows.append((topic.pk, m.pk, topic.version, at, m.sentiment, matched_at))
    if rows:
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {TopicMatch._meta.db_table} "
                "(topic_id, mention_id, version, published_at, sentiment, matched_at) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                rows,
            )
    return len(rows)
