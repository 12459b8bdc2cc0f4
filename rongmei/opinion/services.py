"""舆情的写操作：信息入库（各来源共用）、人工录入、专题（带版本）、来源的增改与抓取、表格导入。"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
from rongmei.core import clock
from rongmei.core.links import is_web_url
from rongmei.core.permissions import require_perm
from rongmei.core.services import job_enqueue
from rongmei.engines.topics import TopicSyntaxError, compile_topic

from . import adapters, imports
from .choices import ReevalState, SourceKind
from .ingest import IngestResult, MentionInput, write
from .models import Source, Topic, TopicVersion
from .permissions import OpinionPerm
from .signals import mentions_created

SYSTEM_SOURCES = {
    SourceKind.INBOX: "本工作区互动消息",
    SourceKind.IMPORT: "表格导入",
    SourceKind.MANUAL: "人工录入",
}
MIN_INTERVAL, MAX_INTERVAL = 5, 24 * 60
MAX_BACKOFF = dt.timedelta(hours=24)


# ---- 信息入库 -------------------------------------------------------------------------------------------------


def system_source(*, workspace, kind: str) -> Source:
    """工作区的系统来源（互动消息、表格导入、人工录入各一个），没有就建。"""
    source = Source.objects.filter(workspace=workspace, kind=kind, url="").order_by("id").first()
    if source is None:
        source = Source.objects.create(
            workspace=workspace, kind=kind, name=SYSTEM_SOURCES[kind], interval_minutes=0
        )
    return source


def _check_item(item: MentionInput, where: str = "") -> None:
    if not (item.text or "").strip() and not (item.title or "").strip():
        raise ValidationError(f"{where}标题和正文不能都为空")
    if item.url and not is_web_url(item.url):
        raise ValidationError(f"{where}链接必须以 http:// 或 https:// 开头")
    if item.published_at is not None and item.published_at.tzinfo is None:
        raise ValidationError(f"{where}发布时间缺少时区")


def mentions_ingest(*, source: Source, items: list[MentionInput], actor=None) -> IngestResult:
    """写入一批信息：全部校验通过才写（全部或全不），重复的跳过。系统任务传 actor=None。"""
    require_perm(actor, source.workspace, OpinionPerm.IMPORT)
    for n, item in enumerate(items, start=1):
        _check_item(item, f"第 {n} 条：" if len(items) > 1 else "")
        item.text = (item.text or "").strip() or item.title.strip()
    with transaction.atomic():
        result = write(source=source, items=items, actor=actor)
        if not source.is_fetched:  # 系统来源（导入、录入、互动消息）：每次写入都算一次成功
            Source.objects.filter(pk=source.pk).update(
                last_success_at=clock.now(),
                last_items=len(items),
                last_new=result.count,
                items_total=F("items_total") + result.count,
            )
        _announce(source, result)
        return result


def _announce(source: Source, result: IngestResult) -> None:
    """事务提交后发出 ``signals.mentions_created``（有新增时）。"""
    if result.created:
        ids = [m.pk for m in result.created]
        transaction.on_commit(
            lambda: mentions_created.send(
                sender=Source, workspace=source.workspace, source=source, mention_ids=ids
            )
        )


def mention_create(
    *,
    workspace,
    actor,
    text: str,
    title: str = "",
    url: str = "",
    author: str = "",
    source_name: str = "",
    published_at: dt.datetime | None = None,
) -> IngestResult:
    """人工录入一条信息（也用于“提交本页”书签）。重复提交同一链接不会重复入库。"""
    require_perm(actor, workspace, OpinionPerm.IMPORT)
    item = MentionInput(
        text=text.strip(),
        title=title.strip(),
        url=url.strip(),
        author=author.strip(),
        source_name=source_name.strip(),
        published_at=published_at,
    )
    _check_item(item)
    with transaction.atomic():
        source = system_source(workspace=workspace, kind=SourceKind.MANUAL)
        result = mentions_ingest(source=source, items=[item], actor=actor)
        for m in result.created:
            record(Action.CREATE, obj=m, workspace=workspace, actor=actor, message="人工录入舆情信息")
    return result


# ---- 专题 -----------------------------------------------------------------------------------------------------


def _check_expression(expression: str) -> str:
    expression = expression.strip()
    try:
        compile_topic(expression)
    except TopicSyntaxError as exc:
        raise ValidationError({"expression": str(exc)}) from exc
    return expression


def topic_create(*, workspace, actor, name: str, expression: str, description: str = "") -> Topic:
    require_perm(actor, workspace, OpinionPerm.MANAGE)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写专题名称"})
    expression = _check_expression(expression)
    with transaction.atomic():
        if Topic.objects.filter(workspace=workspace, name=name).exists():
            raise ValidationError({"name": "已有同名专题"})
        topic = Topic.objects.create(
            workspace=workspace,
            name=name,
            expression=expression,
            description=description.strip(),
            created_by=actor,
            reeval_state=ReevalState.QUEUED,
        )
        TopicVersion.objects.create(
            topic=topic, version=1, expression=expression, note="新建", created_by=actor
        )
        record(Action.CREATE, obj=topic, workspace=workspace, actor=actor, after=snapshot(topic))
        _enqueue_reeval(topic, actor)
    return topic


def topic_update(
    *,
    topic: Topic,
    actor,
    name: str | None = None,
    expression: str | None = None,
    description: str | None = None,
    active: bool | None = None,
    note: str = "",
) -> Topic:
    """修改专题。表达式变了：新版本 + 后台对历史信息重新匹配（进度见专题页）。"""
    require_perm(actor, topic.workspace, OpinionPerm.MANAGE)
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        before = snapshot(topic)
        if name is not None:
            name = name.strip()
            if not name:
                raise ValidationError({"name": "请填写专题名称"})
            if Topic.objects.filter(workspace=topic.workspace, name=name).exclude(pk=topic.pk).exists():
                raise ValidationError({"name": "已有同名专题"})
            topic.name = name
        if description is not None:
            topic.description = description.strip()
        reeval = False
        if active is not None and active != topic.active:
            topic.active = active
            reeval = active
        if expression is not None:
            expression = _check_expression(expression)
            if expression != topic.expression:
                topic.expression = expression
                topic.version += 1
                TopicVersion.objects.create(
                    topic=topic,
                    version=topic.version,
                    expression=expression,
                    note=note.strip()[:300],
                    created_by=actor,
                )
                reeval = True
        if reeval:
            topic.reeval_state, topic.reeval_done, topic.reeval_total, topic.reeval_error = (
                ReevalState.QUEUED,
                0,
                0,
                "",
            )
        topic.save()
        record_change(topic, before, workspace=topic.workspace, actor=actor)
        if reeval:
            _enqueue_reeval(topic, actor)
    return topic


def _enqueue_reeval(topic: Topic, actor) -> None:
    job_enqueue(
        "opinion.reevaluate_topic",
        topic.pk,
        topic.version,
        label=f"重新匹配专题“{topic.name}”",
        workspace=topic.workspace,
        actor=actor,
    )


# ---- 来源 -----------------------------------------------------------------------------------------------------


def _clean_source(kind: str, url: str, interval: int, config: dict) -> tuple[str, int]:
    url = url.strip()
    adapter = adapters.get(kind)
    if adapter is None:
        raise ValidationError({"kind": "这类来源不能手工添加"})
    if adapter.needs_url and not is_web_url(url):
        raise ValidationError(
            {"url": "地址必须以 http:// 或 https:// 开头，例如 https://www.example.com/rss.xml"}
        )
    if not MIN_INTERVAL <= interval <= MAX_INTERVAL:
        raise ValidationError({"interval_minutes": f"抓取间隔须在 {MIN_INTERVAL} 到 {MAX_INTERVAL} 分钟之间"})
    adapter.check_config(config)
    return url, interval


def source_create(
    *,
    workspace,
    actor,
    name: str,
    kind: str,
    url: str,
    interval_minutes: int = 30,
    config: dict | None = None,
) -> Source:
    require_perm(actor, workspace, OpinionPerm.MANAGE)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写来源名称"})
    config = config or {}
    url, interval = _clean_source(kind, url, interval_minutes, config)
    with transaction.atomic():
        if Source.objects.filter(workspace=workspace, kind=kind, url=url).exists():
            raise ValidationError({"url": "这个地址已经添加过了"})
        source = Source.objects.create(
            workspace=workspace,
            name=name,
            kind=kind,
            url=url,
            interval_minutes=interval,
            config=config,
            created_by=actor,
            next_fetch_at=clock.now(),
        )
        record(Action.CREATE, obj=source, workspace=workspace, actor=actor, after=snapshot(source))
    return source


def source_update(
    *,
    source: Source,
    actor,
    name: str,
    url: str,
    interval_minutes: int,
    enabled: bool,
    config: dict | None = None,
) -> Source:
    require_perm(actor, source.workspace, OpinionPerm.MANAGE)
    if not source.is_fetched:
        raise ValidationError("系统来源不能修改")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写来源名称"})
    config = source.config if config is None else config
    url, interval = _clean_source(source.kind, url, interval_minutes, config)
    with transaction.atomic():
        if (
            Source.objects.filter(workspace=source.workspace, kind=source.kind, url=url)
            .exclude(pk=source.pk)
            .exists()
        ):
            raise ValidationError({"url": "这个地址已经添加过了"})
        before = snapshot(source)
        if url != source.url:
            source.etag, source.last_modified = "", ""
        source.name, source.url, source.interval_minutes, source.config = name, url, interval, config
        if enabled and not source.enabled:
            source.consecutive_failures, source.next_fetch_at = 0, clock.now()
        source.enabled = enabled
        source.save()
        record_change(source, before, workspace=source.workspace, actor=actor)
    return source


def backoff(interval_minutes: int, failures: int) -> dt.timedelta:
    """连续失败 n 次后的等待：间隔 × 2^(n-1)，最多 24 小时。"""
    wait = dt.timedelta(minutes=max(interval_minutes, MIN_INTERVAL)) * (2 ** max(failures - 1, 0))
    return min(wait, MAX_BACKOFF)


def source_fetch(*, source: Source, actor=None) -> IngestResult:
    """立即抓取一个订阅类来源；成功与失败都记在来源上（健康状况），失败时指数退避。

    抓取或解析失败时不写任何信息，抛出 ``adapters.FetchError``（中文说明）。
    """
    require_perm(actor, source.workspace, OpinionPerm.MANAGE)
    if not source.is_fetched:
        raise ValidationError("这个来源不需要抓取")
    adapter = adapters.get(source.kind)
    now = clock.now()
    try:
        batch = adapter.fetch(source)
        with transaction.atomic():
            result = (
                mentions_ingest(source=source, items=batch.items, actor=None)
                if batch.items
                else IngestResult()
            )
            Source.objects.filter(pk=source.pk).update(
                last_fetch_at=now,
                last_success_at=now,
                consecutive_failures=0,
                last_items=len(batch.items),
                last_new=result.count,
                items_total=source.items_total + result.count,
                etag=batch.etag if batch.etag is not None else source.etag,
                last_modified=batch.last_modified
                if batch.last_modified is not None
                else source.last_modified,
                next_fetch_at=now + dt.timedelta(minutes=max(source.interval_minutes, MIN_INTERVAL)),
            )
    except (adapters.FetchError, ValidationError) as exc:
        failures = source.consecutive_failures + 1
        message = exc.message if isinstance(exc, adapters.FetchError) else "；".join(exc.messages)
        Source.objects.filter(pk=source.pk).update(
            last_fetch_at=now,
            last_error=message,
            last_error_at=now,
            consecutive_failures=failures,
            next_fetch_at=now + backoff(source.interval_minutes, failures),
        )
        source.refresh_from_db()
        raise adapters.FetchError(message) from exc
    source.refresh_from_db()
    return result


def due_sources(now: dt.datetime):
    """到了抓取时间的订阅类来源。"""
    fetched = [k for k, a in adapters.registry().items() if a.scheduled]
    return Source.objects.filter(enabled=True, kind__in=fetched, workspace__is_active=True).filter(
        next_fetch_at__isnull=True
    ) | Source.objects.filter(
        enabled=True, kind__in=fetched, workspace__is_active=True, next_fetch_at__lte=now
    )


# ---- 表格导入 -------------------------------------------------------------------------------------------------


def mentions_import(*, workspace, actor, filename: str, data: bytes) -> IngestResult:
    """导入 Excel/CSV：按表头认列，逐行校验；有任何一处错误整个文件不导入（错误带行列号）。重复的信息跳过。"""
    require_perm(actor, workspace, OpinionPerm.IMPORT)
    items = imports.read_mentions(data, filename)
    with transaction.atomic():
        source = system_source(workspace=workspace, kind=SourceKind.IMPORT)
        result = write(source=source, items=items, actor=actor)
        Source.objects.filter(pk=source.pk).update(
            last_success_at=clock.now(),
            last_items=len(items),
            last_new=result.count,
            items_total=source.items_total + result.count,
        )
        record(
            Action.IMPORT,
            obj=source,
            workspace=workspace,
            actor=actor,
            message=f"导入舆情表格“{filename}”：{len(items)} 行，新增 {result.count} 条，重复 {result.duplicates} 条",
        )
    return result
