"""舆情的写操作：信息入库（各来源共用）、人工录入、专题（带版本）、来源的增改与抓取、表格导入；
舆情应对（定级、预警、事件、危机开关、文档、值班与群机器人）。"""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
from rongmei.core import clock, crypto, duty
from rongmei.core.links import is_web_url
from rongmei.core.notifications import notify, users_with_role
from rongmei.core.permissions import has_perm, require_perm
from rongmei.core.services import job_enqueue
from rongmei.engines.grading import GradingRules, GradingRulesError
from rongmei.engines.grading import grade as grade_facts
from rongmei.engines.notify import RobotConfigError, RobotError, make_robot, mask_url, parse_webhook
from rongmei.engines.topics import TopicSyntaxError, compile_topic
from rongmei.interaction.services import messages_pin, messages_unpin
from rongmei.production.choices import Importance
from rongmei.production.permissions import ProductionPerm
from rongmei.production.services import item_create
from rongmei.publishing.services import publishing_pause_set
from rongmei.workspaces.choices import Role

from . import adapters, imports
from . import documents as opinion_documents
from . import grading as opinion_grading
from .choices import (
    GRADE_RANK,
    MANUAL_ENTRY_KINDS,
    AlertState,
    DocKind,
    DocState,
    EntryKind,
    EventState,
    ReevalState,
    RiskGrade,
    RobotKind,
    SourceKind,
)
from .ingest import IngestResult, MentionInput, write
from .models import (
    Alert,
    AlertSettings,
    DutySlot,
    Event,
    EventEntry,
    GradingRuleSet,
    Mention,
    MentionGroup,
    OpinionDocument,
    RiskAssessment,
    RobotChannel,
    Source,
    Topic,
    TopicVersion,
)
from .permissions import OpinionPerm, ResponsePerm
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


log = logging.getLogger(__name__)


# ================================================================ 舆情应对：分级、值班与预警、事件、危机开关、文档


# --- 分级规则与研判 -------------------------------------------------------------------------------------


@transaction.atomic
def grading_rules_save(*, actor, workspace, data: dict) -> GradingRuleSet:
    """保存工作区的分级规则（先校验，错误按字段给出中文说明）。"""
    require_perm(actor, workspace, ResponsePerm.CONFIGURE)
    try:
        rules = GradingRules.from_dict(data)
    except GradingRulesError as exc:
        raise ValidationError({k.replace(".", "__"): v for k, v in exc.errors.items()}) from None
    row, _ = GradingRuleSet.objects.get_or_create(workspace=workspace)
    before = row.rules
    row.rules, row.updated_by = rules.to_dict(), actor
    row.save()
    record(Action.UPDATE, obj=row, workspace=workspace, actor=actor, before=before or None, after=row.rules,
           message="修改舆情分级规则")
    return row


def _rank(grade: str) -> int:
    return GRADE_RANK.get(grade, 0)


@transaction.atomic
def group_assess(*, group: MentionGroup, now: dt.datetime | None = None) -> RiskAssessment:
    """按工作区规则给一个信息组定级（系统任务）。人工确认过的级别保留，除非系统算出的级别更高（此时需重新确认）。
    达到起报级别时发预警（同一组在合并时限内只加计数）。"""
    now = now or clock.now()
    ws = group.workspace
    facts = opinion_grading.group_facts(group, now=now)
    result = grade_facts(facts, opinion_grading.rules_for(ws))
    row = RiskAssessment.objects.select_for_update().filter(group=group).first()
    previous = row.grade if row else None
    if row is None:
        row = RiskAssessment(workspace=ws, group=group, grade=result.level)
    elif _rank(result.level) > _rank(row.grade):
        row.grade, row.confirmed_by, row.confirmed_at, row.note = result.level, None, None, ""
    elif not row.is_confirmed:
        row.grade = result.level
    old_size = (row.facts or {}).get("volume")
    row.computed_grade, row.reasons, row.computed_at = result.level, list(result.reasons), now
    row.facts = opinion_grading.facts_json(facts)
    row.save()
    settings_row = alert_settings_for(ws)
    if _rank(row.grade) >= _rank(settings_row.min_grade) and (previous is None or old_size != facts.volume
                                                              or _rank(row.grade) > _rank(previous)):
        alert_raise(workspace=ws, group=group, grade=row.grade, now=now,
                    title=f"【{RiskGrade(row.grade).label}】{group.title or '舆情信息'}",
                    body="\n".join(row.reasons))
    return row


@transaction.atomic
def assessment_confirm(*, actor, assessment: RiskAssessment, grade: str, note: str = "") -> RiskAssessment:
    """人工确认或改定级别（写审计：原级别、新级别、说明）。改定级别必须写说明。"""
    require_perm(actor, assessment.workspace, ResponsePerm.GRADE)
    if grade not in RiskGrade.values:
        raise ValidationError({"grade": "请选择级别"})
    note = (note or "").strip()
    if grade != assessment.computed_grade and not note:
        raise ValidationError({"note": "改定级别时请写明理由"})
    before = {"级别": RiskGrade(assessment.grade).label, "系统定级": RiskGrade(assessment.computed_grade).label}
    assessment.grade, assessment.note = grade, note[:300]
    assessment.confirmed_by, assessment.confirmed_at = actor, clock.now()
    assessment.save()
    verb = "确认" if grade == assessment.computed_grade else "改定"
    record(Action.UPDATE, obj=assessment, workspace=assessment.workspace, actor=actor, before=before,
           after={"级别": RiskGrade(grade).label, "说明": note},
           message=f"{verb}舆情级别：{RiskGrade(grade).label}")
    for event in Event.objects.filter(group=assessment.group, state=EventState.OPEN).exclude(grade=grade):
        _entry(event, EntryKind.GRADE, f"{verb}级别为{RiskGrade(grade).label}" + (f"：{note}" if note else ""),
               actor=actor)
        event.grade = grade
        event.save(update_fields=["grade"])
    return assessment


def assess_recent(*, now: dt.datetime | None = None, hours: int = 48) -> int:
    """定时任务：给最近有新信息、尚未按最新条数研判过的信息组定级。返回研判的组数。"""
    now = now or clock.now()
    done = 0
    groups = (MentionGroup.objects.filter(last_published_at__gte=now - dt.timedelta(hours=hours))
              .select_related("workspace", "assessment"))
    for group in groups:
        current = getattr(group, "assessment", None)
        if current is not None and (current.facts or {}).get("volume") == group.size:
            continue
        group_assess(group=group, now=now)
        done += 1
    return done


# --- 值班与预警设置 ---------------------------------------------------------------------------------------


def alert_settings_for(workspace) -> AlertSettings:
    row = AlertSettings.objects.filter(workspace=workspace).first()
    return row or AlertSettings(workspace=workspace)


@transaction.atomic
def alert_settings_save(*, actor, workspace, min_grade: str, quiet_start, quiet_end, dedupe_minutes: int,
                        escalate_minutes: int, email: bool) -> AlertSettings:
    require_perm(actor, workspace, ResponsePerm.CONFIGURE)
    errors = {}
    if min_grade not in RiskGrade.values:
        errors["min_grade"] = "请选择起报级别"
    if (quiet_start is None) != (quiet_end is None):
        errors["quiet_end"] = "免打扰时段要同时填写开始和结束"
    if not 1 <= int(escalate_minutes) <= 24 * 60:
        errors["escalate_minutes"] = "升级时限应在 1 到 1440 分钟之间"
    if not 1 <= int(dedupe_minutes) <= 7 * 24 * 60:
        errors["dedupe_minutes"] = "合并时限应在 1 到 10080 分钟之间"
    if errors:
        raise ValidationError(errors)
    row, _ = AlertSettings.objects.get_or_create(workspace=workspace)
    before = {"起报级别": row.get_min_grade_display(), "升级时限": row.escalate_minutes}
    row.min_grade, row.quiet_start, row.quiet_end = min_grade, quiet_start, quiet_end
    row.dedupe_minutes, row.escalate_minutes, row.email = int(dedupe_minutes), int(escalate_minutes), bool(email)
    row.save()
    record(Action.UPDATE, obj=row, workspace=workspace, actor=actor, before=before,
           after={"起报级别": row.get_min_grade_display(), "升级时限": row.escalate_minutes,
                  "免打扰": f"{quiet_start or ''}—{quiet_end or ''}", "合并时限": row.dedupe_minutes,
                  "邮件": row.email}, message="修改舆情预警设置")
    return row


@transaction.atomic
def duty_slot_save(*, actor, workspace, user, start: dt.time, end: dt.time, weekdays=(), note: str = "",
                   slot: DutySlot | None = None) -> DutySlot:
    require_perm(actor, workspace, ResponsePerm.CONFIGURE)
    if user is None or not users_with_role(workspace, *Role.values).filter(pk=user.pk).exists():
        raise ValidationError({"user": "值班人必须是本工作区的成员"})
    if start == end:
        raise ValidationError({"end": "结束时间不能与开始时间相同（全天值班请填 00:00 到 23:59）"})
    days = sorted({int(d) for d in weekdays})
    if any(d < 0 or d > 6 for d in days):
        raise ValidationError({"weekdays": "星期只能是周一到周日"})
    slot = slot or DutySlot(workspace=workspace)
    creating = slot.pk is None
    slot.user, slot.start, slot.end, slot.weekdays, slot.note = user, start, end, days, note.strip()[:100]
    slot.save()
    record(Action.CREATE if creating else Action.UPDATE, obj=slot, workspace=workspace, actor=actor,
           after={"值班人": str(user), "星期": slot.weekdays_label, "时间": f"{start:%H:%M}—{end:%H:%M}"},
           message=("新增" if creating else "修改") + f"值班：{user}")
    return slot


@transaction.atomic
def duty_slot_delete(*, actor, slot: DutySlot) -> None:
    require_perm(actor, slot.workspace, ResponsePerm.CONFIGURE)
    record(Action.DELETE, obj=slot, workspace=slot.workspace, actor=actor, message=f"删除值班：{slot.user}")
    slot.delete()


def on_duty(workspace, at: dt.datetime) -> list:
    """core.duty 的提供者：值班名单里此刻在班的人（北京时间）。"""
    local = timezone.localtime(at)
    return [s.user for s in DutySlot.objects.filter(workspace=workspace, user__is_active=True).select_related("user")
            if s.covers(local)]


# --- 群机器人 ---------------------------------------------------------------------------------------------


def _robot_bases() -> list[str]:
    return [b for b in (getattr(settings, "ROBOT_BASE_URLS", {}) or {}).values() if b]


def robot_client(channel: RobotChannel):
    """解密并构造机器人客户端（测试与内网联调时按 settings.ROBOT_BASE_URLS 指向仿真服务器）。"""
    values = json.loads(crypto.decrypt(channel.encrypted))
    base = (getattr(settings, "ROBOT_BASE_URLS", {}) or {}).get(channel.kind) or None
    return make_robot(channel.kind, values["token"], values.get("secret", ""), base_url=base)


@transaction.atomic
def robot_save(*, actor, workspace, kind: str, name: str, webhook: str = "", secret: str = "",
               enabled: bool = True, robot: RobotChannel | None = None) -> RobotChannel:
    """保存群机器人：地址与密钥加密入库；修改时地址/密钥留空表示保持原值。审计与日志只记打码后的提示。"""
    require_perm(actor, workspace, ResponsePerm.CONFIGURE)
    if kind not in RobotKind.values:
        raise ValidationError({"kind": "请选择机器人类型"})
    if not name.strip():
        raise ValidationError({"name": "请填写名称"})
    current = json.loads(crypto.decrypt(robot.encrypted)) if robot and robot.encrypted else {}
    token = current.get("token", "")
    if webhook.strip() or not token:
        try:
            token = parse_webhook(kind, webhook, allowed_bases=_robot_bases())
        except RobotConfigError as exc:
            raise ValidationError({"webhook": exc.explanation}) from None
    secret = secret.strip() or (current.get("secret", "") if robot and robot.kind == kind else "")
    if secret and kind == RobotKind.WECOM:
        raise ValidationError({"secret": "企业微信群机器人没有加签密钥，请留空"})
    if secret and not secret.startswith("SEC"):
        raise ValidationError({"secret": "钉钉加签密钥应以 SEC 开头（机器人安全设置“加签”一栏）"})
    robot = robot or RobotChannel(workspace=workspace)
    creating = robot.pk is None
    robot.kind, robot.name, robot.enabled = kind, name.strip()[:60], bool(enabled)
    robot.encrypted = crypto.encrypt(json.dumps({"token": token, "secret": secret}))
    robot.hint = f"{crypto.mask(token)}" + ("（已加签）" if secret else "")
    robot.save()
    record(Action.CREATE if creating else Action.UPDATE, obj=robot, workspace=workspace, actor=actor,
           after={"类型": robot.get_kind_display(), "名称": robot.name, "地址": robot.hint, "启用": robot.enabled},
           message=("添加" if creating else "修改") + f"群机器人：{robot.name}")
    return robot


@transaction.atomic
def robot_delete(*, actor, robot: RobotChannel) -> None:
    require_perm(actor, robot.workspace, ResponsePerm.CONFIGURE)
    record(Action.DELETE, obj=robot, workspace=robot.workspace, actor=actor, message=f"删除群机器人：{robot.name}")
    robot.delete()


def _send_robot(channel: RobotChannel, title: str, text: str) -> dict:
    now = clock.now()
    try:
        robot_client(channel).send_markdown(title, text)
    except (RobotError, ValueError) as exc:
        message = exc.explanation if isinstance(exc, RobotError) else str(exc)
        RobotChannel.objects.filter(pk=channel.pk).update(last_error=str(exc)[:300], last_error_at=now)
        return {"channel": channel.name, "ok": False, "error": mask_url(message)[:200], "at": now.isoformat()}
    RobotChannel.objects.filter(pk=channel.pk).update(last_ok_at=now, last_error="")
    return {"channel": channel.name, "ok": True, "error": "", "at": now.isoformat()}


def robot_test(*, actor, robot: RobotChannel) -> dict:
    """发一条测试消息（真实调用），返回送达结果。"""
    require_perm(actor, robot.workspace, ResponsePerm.CONFIGURE)
    result = _send_robot(robot, "舆情预警测试", f"这是来自融媒运营平台“{robot.workspace.name}”的舆情预警测试消息。")
    record(Action.UPDATE, obj=robot, workspace=robot.workspace, actor=actor,
           message=f"测试群机器人：{robot.name}（{'成功' if result['ok'] else '失败：' + result['error']}）")
    return result


# --- 预警 -------------------------------------------------------------------------------------------------


def _alert_url(alert: Alert) -> str:
    return reverse("opinion:alert_list", kwargs={"ws": alert.workspace.slug}) + f"#alert-{alert.pk}"


@transaction.atomic
def alert_raise(*, workspace, grade: str, title: str, body: str = "", group: MentionGroup | None = None,
                dedupe_key: str = "", now: dt.datetime | None = None) -> Alert:
    """发一条预警给值班人员：站内通知，非免打扰时段（或重大）再发邮件和群机器人。

    同一合并键（默认：信息组）在合并时限内已有未结束的预警时，只把次数加一、更新时间与级别（升级时重新送达），
    所以一场“刷屏”只有一条预警和一个计数。"""
    now = now or clock.now()
    conf = alert_settings_for(workspace)
    key = dedupe_key or (f"group:{group.pk}" if group is not None else f"title:{title[:80]}")
    existing = (Alert.objects.select_for_update()
                .filter(workspace=workspace, dedupe_key=key, last_at__gte=now - dt.timedelta(minutes=conf.dedupe_minutes))
                .order_by("-last_at").first())
    if existing is not None:
        raised = _rank(grade) > _rank(existing.grade)
        existing.count += 1
        existing.last_at = now
        if raised:
            existing.grade, existing.title, existing.body = grade, title[:200], body
            existing.state = AlertState.OPEN if existing.state == AlertState.ACKED else existing.state
        existing.save()
        if raised:
            _dispatch(existing, round_name="upgrade")
        return existing
    local = timezone.localtime(now)
    quiet = conf.is_quiet(local) and grade != RiskGrade.MAJOR
    alert = Alert.objects.create(workspace=workspace, group=group, grade=grade, title=title[:200], body=body,
                                 dedupe_key=key, first_at=now, last_at=now, quiet=quiet)
    alert.recipients.set(duty.on_duty(workspace, now))
    _dispatch(alert, round_name="first")
    return alert


def _dispatch(alert: Alert, *, round_name: str) -> None:
    conf = alert_settings_for(alert.workspace)
    people = list(alert.recipients.all())
    prefix = {"first": "", "upgrade": "【升级】", "escalate": "【无人确认】"}[round_name]
    notify(users=people, workspace=alert.workspace, kind="opinion.alert", title=f"{prefix}舆情预警：{alert.title}",
           body=alert.body, url=_alert_url(alert), email=conf.email and not alert.quiet)
    if not alert.quiet:
        job_enqueue("opinion.alert_deliver", alert.pk, round_name, label=f"推送舆情预警：{alert.title}",
                    workspace=alert.workspace)


def alert_deliver(alert_id: int, round_name: str = "first") -> list[dict]:
    """后台任务：把预警推送到工作区启用的每个群机器人，送达结果记在预警上（失败不影响站内通知）。"""
    alert = Alert.objects.select_related("workspace").get(pk=alert_id)
    title, text = opinion_grading.robot_message(alert, round_name=round_name)
    results = []
    for channel in RobotChannel.objects.filter(workspace=alert.workspace, enabled=True):
        results.append({**_send_robot(channel, title, text), "round": round_name})
    with transaction.atomic():
        row = Alert.objects.select_for_update().get(pk=alert.pk)
        row.deliveries = [*(row.deliveries or []), *results]
        row.save(update_fields=["deliveries"])
    return results


@transaction.atomic
def alert_acknowledge(*, actor, alert: Alert) -> Alert:
    require_perm(actor, alert.workspace, ResponsePerm.ACKNOWLEDGE)
    if alert.state == AlertState.ACKED:
        return alert
    alert.state, alert.acknowledged_by, alert.acknowledged_at = AlertState.ACKED, actor, clock.now()
    alert.save(update_fields=["state", "acknowledged_by", "acknowledged_at"])
    record(Action.UPDATE, obj=alert, workspace=alert.workspace, actor=actor, message=f"确认舆情预警：{alert.title}")
    if alert.event_id:
        _entry(alert.event, EntryKind.ALERT, f"{actor} 确认了预警", actor=actor)
    return alert


def alerts_escalate(*, now: dt.datetime | None = None) -> int:
    """定时任务：超过升级时限仍无人确认的预警，通知项目经理与甲方领导并再推一次群机器人（每条只升级一次）。"""
    now = now or clock.now()
    done = 0
    for alert in Alert.objects.filter(state=AlertState.OPEN).select_related("workspace"):
        conf = alert_settings_for(alert.workspace)
        if alert.first_at > now - dt.timedelta(minutes=conf.escalate_minutes):
            continue
        with transaction.atomic():
            got = Alert.objects.filter(pk=alert.pk, state=AlertState.OPEN).update(state=AlertState.ESCALATED,
                                                                                  escalated_at=now)
            if not got:
                continue
            bosses = users_with_role(alert.workspace, Role.MANAGER, Role.CLIENT_LEADER)
            alert.recipients.add(*bosses)
            alert.refresh_from_db()
            alert.quiet = False  # 升级时不受免打扰限制
            _dispatch(alert, round_name="escalate")
            record(Action.UPDATE, obj=alert, workspace=alert.workspace, actor=None,
                   message=f"预警 {conf.escalate_minutes} 分钟无人确认，已升级通知项目经理与甲方领导")
        done += 1
    return done


# --- 事件 -------------------------------------------------------------------------------------------------


def _entry(event: Event, kind: str, text: str, *, actor=None, at=None, mention=None, message_id=None,
           url: str = "") -> EventEntry:
    return EventEntry.objects.create(event=event, kind=kind, text=text, actor=actor, at=at or clock.now(),
                                     mention=mention, message_id=message_id, url=url)


@transaction.atomic
def event_open(*, actor, workspace, title: str, grade: str = RiskGrade.GENERAL, summary: str = "", owner=None,
               alert: Alert | None = None, group: MentionGroup | None = None) -> Event:
    """建立舆情事件（由预警转来或手工）。由预警转来时带上信息组、级别，并把组内信息写进时间线。"""
    require_perm(actor, workspace, ResponsePerm.MANAGE_EVENTS)
    if alert is not None:
        if alert.event_id:
            return alert.event
        group = group or alert.group
        grade = alert.grade if _rank(alert.grade) > _rank(grade) else grade
        title = title or (group.title if group is not None and group.title else alert.title)
    if not (title or "").strip():
        raise ValidationError({"title": "请填写事件名称"})
    if grade not in RiskGrade.values:
        raise ValidationError({"grade": "请选择级别"})
    now = clock.now()
    event = Event.objects.create(workspace=workspace, title=title.strip()[:200], grade=grade, summary=summary,
                                 owner=owner or actor, group=group, opened_at=now, created_by=actor)
    if group is not None:
        for m in Mention.objects.filter(group=group).order_by("published_at")[:50]:
            _entry(event, EntryKind.MENTION, f"{m.source_name or m.source}：{m.headline}", at=m.published_at,
                   mention=m, url=m.url, message_id=m.message_id)
    if alert is not None:
        alert.event = event
        alert.save(update_fields=["event"])
        _entry(event, EntryKind.ALERT, f"预警（{alert.get_grade_display()}，共 {alert.count} 次）：{alert.title}",
               at=alert.first_at)
        if alert.state != AlertState.ACKED:
            alert_acknowledge(actor=actor, alert=alert)
    _entry(event, EntryKind.DECISION, f"建立事件，定为{RiskGrade(grade).label}，负责人 {event.owner or '未指定'}",
           actor=actor)
    record(Action.CREATE, obj=event, workspace=workspace, actor=actor,
           after={"名称": event.title, "级别": RiskGrade(grade).label}, message=f"建立舆情事件：{event.title}")
    return event


@transaction.atomic
def event_update(*, actor, event: Event, grade: str | None = None, owner=None, title: str | None = None,
                 summary: str | None = None, note: str = "") -> Event:
    require_perm(actor, event.workspace, ResponsePerm.MANAGE_EVENTS)
    if event.is_closed:
        raise ValidationError("事件已结束，不能修改")
    changes = []
    if grade is not None and grade != event.grade:
        if grade not in RiskGrade.values:
            raise ValidationError({"grade": "请选择级别"})
        changes.append(f"级别 {event.get_grade_display()}→{RiskGrade(grade).label}")
        _entry(event, EntryKind.GRADE, f"级别调整为{RiskGrade(grade).label}" + (f"：{note}" if note else ""),
               actor=actor)
        event.grade = grade
    if owner is not None and owner != event.owner:
        if not users_with_role(event.workspace, *Role.values).filter(pk=owner.pk).exists():
            raise ValidationError({"owner": "负责人必须是本工作区的成员"})
        changes.append(f"负责人 {event.owner or '未指定'}→{owner}")
        _entry(event, EntryKind.DECISION, f"负责人改为 {owner}", actor=actor)
        event.owner = owner
    if title is not None and title.strip() and title.strip() != event.title:
        changes.append("名称")
        event.title = title.strip()[:200]
    if summary is not None and summary != event.summary:
        changes.append("概述")
        event.summary = summary
    if changes:
        event.save()
        record(Action.UPDATE, obj=event, workspace=event.workspace, actor=actor, message="修改舆情事件：" + "；".join(changes))
    return event


@transaction.atomic
def event_add_entry(*, actor, event: Event, kind: str, text: str, at: dt.datetime | None = None) -> EventEntry:
    require_perm(actor, event.workspace, ResponsePerm.MANAGE_EVENTS)
    if kind not in MANUAL_ENTRY_KINDS:
        raise ValidationError({"kind": "请选择处置行动、回应口径或决策"})
    if not (text or "").strip():
        raise ValidationError({"text": "请填写内容"})
    if at is not None and at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationError({"at": "时间不能晚于现在"})
    entry = _entry(event, kind, text.strip(), actor=actor, at=at)
    record(Action.CREATE, obj=event, workspace=event.workspace, actor=actor,
           message=f"事件时间线新增{entry.get_kind_display()}：{text.strip()[:80]}")
    return entry


@transaction.atomic
def event_link_message(*, actor, event: Event, message_id: int, text: str = "") -> EventEntry:
    """把一条互动消息关联到事件（时间线上记一条“互动消息”）。"""
    require_perm(actor, event.workspace, ResponsePerm.MANAGE_EVENTS)
    if EventEntry.objects.filter(event=event, message_id=message_id).exists():
        raise ValidationError({"message_id": "这条互动消息已关联到本事件"})
    entry = _entry(event, EntryKind.MESSAGE, text or f"关联互动消息 #{message_id}", actor=actor,
                   message_id=message_id)
    record(Action.UPDATE, obj=event, workspace=event.workspace, actor=actor, message=f"关联互动消息 #{message_id}")
    return entry


@transaction.atomic
def event_close(*, actor, event: Event, cause: str, handling: str, lessons: str) -> Event:
    """结案：复盘（起因、处置经过、经验教训）必填；危机开关仍开着时先关掉并恢复发布。结案的事件进入案例库。"""
    require_perm(actor, event.workspace, ResponsePerm.MANAGE_EVENTS)
    errors = {k: f"请填写{label}" for k, label, v in (("cause", "起因", cause), ("handling", "处置经过", handling),
                                                    ("lessons", "经验教训", lessons)) if not (v or "").strip()}
    if errors:
        raise ValidationError(errors)
    if event.is_closed:
        raise ValidationError("事件已结束")
    if event.crisis_on:
        crisis_switch(actor=actor, event=event, on=False)
        event.refresh_from_db()
    event.review_cause, event.review_handling, event.review_lessons = cause.strip(), handling.strip(), lessons.strip()
    event.state, event.closed_at = EventState.CLOSED, clock.now()
    event.save()
    _entry(event, EntryKind.REVIEW, "结案复盘：" + lessons.strip()[:200], actor=actor)
    record(Action.UPDATE, obj=event, workspace=event.workspace, actor=actor, after=event.review,
           message=f"舆情事件结案：{event.title}")
    return event


# --- 危机开关 ---------------------------------------------------------------------------------------------

HOLDING_TEMPLATE = ("关于{title}的情况说明\n\n"
                    "近日，网上出现关于{title}的信息。我们高度重视，已第一时间成立工作专班开展核查处置。"
                    "目前，相关情况正在进一步核实中，我们将及时公布调查进展。\n\n"
                    "感谢广大网友的关注和监督。如有相关线索，请通过官方渠道反映。\n\n"
                    "（本口径为先期回应稿，须按快速审核流程审定后发布）")


def _holding_author(event: Event, actor):
    """回应口径稿件的起草人：事件负责人、操作人或项目经理/编辑中第一位有“新建稿件”权限的人。"""
    ws = event.workspace
    for person in (event.owner, actor, *users_with_role(ws, Role.MANAGER, Role.EDITOR)):
        if person is not None and has_perm(person, ws, ProductionPerm.CREATE):
            return person
    return None


def related_message_ids(event: Event) -> list[int]:
    """与事件相关的互动消息：时间线上关联的，加上事件信息组里来自互动收件箱的信息。"""
    ids = set(EventEntry.objects.filter(event=event, message_id__isnull=False).values_list("message_id", flat=True))
    if event.group_id:
        ids |= set(Mention.objects.filter(group_id=event.group_id, message_id__isnull=False)
                   .values_list("message_id", flat=True))
    return sorted(ids)


def crisis_pin_key(event: Event) -> str:
    """危机开关在互动收件箱置顶时记下的来源：关闭时只取消本事件置顶的消息。"""
    return f"opinion.event:{event.pk}"


def _pin_related_messages(event: Event) -> str:
    ids = related_message_ids(event)
    if not ids:
        return "没有关联的互动消息"
    n = messages_pin(workspace=event.workspace, message_ids=ids, key=crisis_pin_key(event),
                     reason=f"危机事件置顶：{event.title}")
    return f"关联互动消息 {n} 条已在互动收件箱置顶"


def crisis_reason(event: Event) -> str:
    return f"舆情事件“{event.title}”（{event.get_grade_display()}）启动危机开关"


@transaction.atomic
def crisis_switch(*, actor, event: Event, on: bool) -> Event:
    """危机开关（一键）。打开：暂停本工作区全部排期发布（原因写明事件）、建一份先期回应口径稿件走快速审核、
    把关联的互动消息在互动收件箱置顶（显示“危机事件置顶：事件名”）；关闭：恢复发布（只在没有其他事件仍开着
    危机开关时）并取消本事件的置顶。两个方向都写审计和时间线。"""
    ws = event.workspace
    require_perm(actor, ws, ResponsePerm.CRISIS)
    if on == event.crisis_on:
        return event
    now = clock.now()
    if on:
        if not event.crisis_allowed:
            raise ValidationError("危机开关只用于处置中、级别为较大或重大的事件")
        reason = crisis_reason(event)
        was_paused = ws.publishing_paused
        publishing_pause_set(actor=None, workspace=ws, paused=True, reason=reason)
        lines = ["暂停全部排期发布" + ("（此前已暂停）" if was_paused else "")]
        if event.holding_item_id is None:
            author = _holding_author(event, actor)
            if author is None:
                lines.append("本工作区没有可以起草稿件的成员，未建立回应口径稿件")
            else:
                item = item_create(actor=author, workspace=ws, title=f"关于{event.title}的情况说明（先期回应口径）"[:200],
                                   body=HOLDING_TEMPLATE.format(title=event.title),
                                   summary="危机开关自动建立的先期回应口径", importance=Importance.LOW)
                event.holding_item_id = item.pk
                lines.append(f"已建立先期回应口径稿件（快速审核，起草人 {author}）")
        lines.append(_pin_related_messages(event))
        event.crisis_on, event.crisis_at = True, now
        event.save(update_fields=["crisis_on", "crisis_at", "holding_item_id"])
        _entry(event, EntryKind.CRISIS, "打开危机开关：" + "；".join(lines), actor=actor)
        record(Action.UPDATE, obj=event, workspace=ws, actor=actor, before={"危机开关": "关"},
               after={"危机开关": "开", "暂停发布": True, "原因": reason}, message=f"打开危机开关：{event.title}")
    else:
        others = Event.objects.filter(workspace=ws, crisis_on=True).exclude(pk=event.pk).exists()
        if not others:
            publishing_pause_set(actor=None, workspace=ws, paused=False)
        event.crisis_on = False
        event.save(update_fields=["crisis_on"])
        unpinned = messages_unpin(workspace=ws, key=crisis_pin_key(event))
        text = "关闭危机开关：" + ("恢复排期发布" if not others else "仍有其他事件开着危机开关，发布保持暂停")
        if unpinned:
            text += f"；取消 {unpinned} 条互动消息的置顶"
        _entry(event, EntryKind.CRISIS, text, actor=actor)
        record(Action.UPDATE, obj=event, workspace=ws, actor=actor, before={"危机开关": "开"},
               after={"危机开关": "关", "恢复发布": not others, "取消置顶": unpinned}, message=f"关闭危机开关：{event.title}")
    return event


# --- 文档 -------------------------------------------------------------------------------------------------


@transaction.atomic
def document_request(*, actor, workspace, kind: str, event: Event | None = None, params: dict | None = None,
                     title: str = "") -> OpinionDocument:
    """生成舆情文档（后台任务）：月报按月份，专报与应对方案针对一个事件。"""
    require_perm(actor, workspace, ResponsePerm.DOCUMENTS)
    params = dict(params or {})
    if kind not in (DocKind.MONTHLY, DocKind.SPECIAL, DocKind.RESPONSE_PLAN):
        raise ValidationError({"kind": "请选择文档类型"})
    if kind in (DocKind.SPECIAL, DocKind.RESPONSE_PLAN) and event is None:
        raise ValidationError({"event": "专报与应对方案要选择事件"})
    if event is not None and event.workspace_id != workspace.pk:
        raise ValidationError({"event": "事件不属于本工作区"})
    if kind == DocKind.MONTHLY:
        month = params.get("month") or clock.today().replace(day=1).isoformat()[:7]
        try:
            first = dt.date.fromisoformat(f"{month}-01")
        except ValueError:
            raise ValidationError({"month": "月份格式应为 2026-10"}) from None
        params["month"] = first.isoformat()[:7]
    title = title or opinion_documents.default_title(kind, workspace, event, params)
    doc = OpinionDocument.objects.create(workspace=workspace, kind=kind, title=title[:200], event=event,
                                         params=params, created_by=actor)
    record(Action.CREATE, obj=doc, workspace=workspace, actor=actor, message=f"生成{doc.get_kind_display()}：{doc.title}")
    job_enqueue("opinion.document_generate", doc.pk, label=f"生成{doc.get_kind_display()}", workspace=workspace,
                actor=actor)
    return doc


@transaction.atomic
def plan_save(*, actor, workspace, title: str, sections: dict, note: str = "") -> OpinionDocument:
    """应急预案新增一个版本（正文分章节）；生成 Word。旧版本保留，事件可关联任一版本。"""
    require_perm(actor, workspace, ResponsePerm.DOCUMENTS)
    if not title.strip():
        raise ValidationError({"title": "请填写预案名称"})
    missing = {k: f"请填写“{label}”" for k, label in opinion_documents.PLAN_SECTIONS
               if not (sections.get(k) or "").strip()}
    if missing:
        raise ValidationError(missing)
    last = (OpinionDocument.objects.filter(workspace=workspace, kind=DocKind.EMERGENCY_PLAN)
            .order_by("-version").first())
    version = (last.version + 1) if last else 1
    doc = OpinionDocument.objects.create(
        workspace=workspace, kind=DocKind.EMERGENCY_PLAN, title=title.strip()[:200], version=version,
        sections={k: (sections.get(k) or "").strip() for k, _ in opinion_documents.PLAN_SECTIONS},
        params={"note": note.strip()[:200]}, created_by=actor)
    record(Action.CREATE, obj=doc, workspace=workspace, actor=actor,
           message=f"应急预案第 {version} 版：{doc.title}" + (f"（{note.strip()}）" if note.strip() else ""))
    job_enqueue("opinion.document_generate", doc.pk, label="生成应急预案", workspace=workspace, actor=actor)
    return doc


@transaction.atomic
def event_set_plan(*, actor, event: Event, plan: OpinionDocument | None) -> Event:
    require_perm(actor, event.workspace, ResponsePerm.MANAGE_EVENTS)
    if plan is not None and (plan.workspace_id != event.workspace_id or plan.kind != DocKind.EMERGENCY_PLAN):
        raise ValidationError({"plan": "请选择本工作区的应急预案"})
    event.plan = plan
    event.save(update_fields=["plan"])
    text = f"启动应急预案：{plan.title}（第 {plan.version} 版）" if plan else "取消关联应急预案"
    _entry(event, EntryKind.DECISION, text, actor=actor)
    record(Action.UPDATE, obj=event, workspace=event.workspace, actor=actor, message=text)
    return event


def document_generate(doc_id: int) -> OpinionDocument:
    """后台任务：生成 Word（中文图表），与参数、关键数字一起保存。失败时状态为“生成失败”并保存原因。"""
    doc = OpinionDocument.objects.select_related("workspace", "event").get(pk=doc_id)
    OpinionDocument.objects.filter(pk=doc.pk).update(state=DocState.RUNNING, error="")
    try:
        report, numbers = opinion_documents.build(doc)
        with tempfile.TemporaryDirectory(prefix="rongmei-opinion-") as tmp:
            path = report.save_docx(Path(tmp) / f"{doc.title.replace('/', '-')}.docx")
            if doc.docx:
                doc.docx.delete(save=False)
            doc.docx.save(path.name, ContentFile(path.read_bytes()), save=False)
    except Exception as exc:
        log.exception("舆情文档生成失败：%s", doc)
        doc.state, doc.error, doc.finished_at = DocState.FAILED, (str(exc) or type(exc).__name__)[:2000], clock.now()
        doc.save()
        return doc
    doc.numbers, doc.state, doc.finished_at = numbers, DocState.DONE, clock.now()
    doc.save()
    return doc
