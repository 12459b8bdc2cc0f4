"""舆情的后台任务：专题改版后重新匹配历史信息；定时抓取到期的订阅；把互动消息同步为舆情信息；舆情应对（预警推送与升级、文档生成、定级）。"""

from __future__ import annotations

import logging

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from rongmei.core import clock, jobs
from rongmei.engines.topics import compile_topic

from . import adapters, inbox, services
from .choices import DocState, ReevalState
from .ingest import match_text
from .models import Mention, Topic, TopicMatch
from .services import due_sources, source_fetch

log = logging.getLogger(__name__)
CHUNK = 2000


@jobs.register
@db_task(name="opinion.reevaluate_topic")
def reevaluate_topic(topic_id: int, version: int) -> str:
    return run_reevaluate(topic_id, version)


def run_reevaluate(topic_id: int, version: int) -> str:
    """按专题的某个版本重新匹配工作区的全部信息：删旧命中、写新命中，分块推进并记录进度。

    期间专题又被修改（版本变了）就停下，由新版本的任务接着做。
    """
    topic = Topic.objects.filter(pk=topic_id).first()
    if topic is None or topic.version != version:
        return "专题已修改或删除，跳过"
    compiled = compile_topic(topic.expression)
    mentions = Mention.objects.filter(workspace_id=topic.workspace_id)
    total = mentions.count()
    Topic.objects.filter(pk=topic_id, version=version).update(
        reeval_state=ReevalState.RUNNING, reeval_total=total, reeval_done=0, reeval_error=""
    )
    TopicMatch.objects.filter(topic_id=topic_id).exclude(version=version).delete()
    done, last_id, matched = 0, 0, 0
    try:
        while True:
            chunk = list(
                mentions.filter(id__gt=last_id)
                .order_by("id")
                .only("id", "norm_text", "published_at", "sentiment")[:CHUNK]
            )
            if not chunk:
                break
            rows = [
                TopicMatch(
                    topic_id=topic_id,
                    mention_id=m.pk,
                    version=version,
                    published_at=m.published_at,
                    sentiment=m.sentiment,
                )
                for m in chunk
                if topic.active and compiled.matches_folded(match_text(m))
            ]
            with transaction.atomic():
                if Topic.objects.filter(pk=topic_id, version=version).count() == 0:
                    return "专题又被修改，交给新版本的任务"
                TopicMatch.objects.filter(
                    topic_id=topic_id, mention_id__gte=chunk[0].pk, mention_id__lte=chunk[-1].pk
                ).delete()
                TopicMatch.objects.bulk_create(rows, batch_size=1000)
                done += len(chunk)
                matched += len(rows)
                last_id = chunk[-1].pk
                Topic.objects.filter(pk=topic_id, version=version).update(reeval_done=done)
    except Exception as exc:
        Topic.objects.filter(pk=topic_id, version=version).update(
            reeval_state=ReevalState.FAILED, reeval_error=str(exc)[:500]
        )
        raise
    Topic.objects.filter(pk=topic_id, version=version).update(reeval_state=ReevalState.DONE, reeval_done=done)
    return f"专题“{topic.name}”第 {version} 版：检查 {done} 条，命中 {matched} 条"


@db_periodic_task(crontab(minute="*/5"), name="opinion.fetch_sources")
def fetch_sources() -> list[str]:
    """每 5 分钟：抓取到期的订阅（各来源自己的间隔与退避决定是否到期）。"""
    return run_fetch_sources()


def run_fetch_sources() -> list[str]:
    out = []
    for source in due_sources(clock.now()).select_related("workspace"):
        try:
            result = source_fetch(source=source)
            out.append(f"{source.name}：新增 {result.count} 条")
        except adapters.FetchError as exc:
            out.append(f"{source.name}：{exc.message}")
    return out


@db_periodic_task(crontab(minute="*/5"), name="opinion.sync_inbox")
def sync_inbox() -> list[str]:
    """每 5 分钟：把本工作区新收到的互动消息写成舆情信息。"""
    return inbox.sync_inbox()


# --- 舆情应对 ---------------------------------------------------------------------------------------------


@jobs.register
@db_task(name="opinion.alert_deliver")
def alert_deliver(alert_id: int, round_name: str = "first") -> str:
    results = services.alert_deliver(alert_id, round_name)
    failed = [r for r in results if not r["ok"]]
    return f"推送 {len(results)} 个群机器人，失败 {len(failed)} 个" + (
        "：" + "；".join(f"{r['channel']}：{r['error']}" for r in failed) if failed else "")


@jobs.register
@db_task(name="opinion.document_generate")
def document_generate(doc_id: int) -> str:
    doc = services.document_generate(doc_id)
    if doc.state == DocState.FAILED:
        raise RuntimeError(f"{doc.title}：{doc.error}")
    return f"{doc.title}：{doc.get_state_display()}"


@db_periodic_task(crontab(minute="*"), name="opinion.alerts_escalate")
def alerts_escalate() -> int:
    """每分钟：超过升级时限仍无人确认的预警升级通知。"""
    return services.alerts_escalate(now=clock.now())


@db_periodic_task(crontab(minute="*/5"), name="opinion.assess_recent")
def assess_recent() -> int:
    """每 5 分钟：给有新信息的信息组重新定级（达到起报级别即预警）。"""
    return services.assess_recent(now=clock.now())
