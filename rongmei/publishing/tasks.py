"""Huey 任务：只负责调度，逻辑在 worker.py / planning.py。"""

from __future__ import annotations

import logging

from django.urls import reverse
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from rongmei.core import clock, jobs
from rongmei.core.notifications import notify
from rongmei.workspaces.choices import Role
from rongmei.workspaces.selectors import members_of

from . import planning, selectors, worker
from .choices import PubState
from .models import Publication
from .services import accounts_needing_reauthorization

log = logging.getLogger(__name__)


@jobs.register
@db_task(name="publishing.publish_one")
def publish_one(pk: int, force: bool = False) -> str:
    pub = worker.run(pk, force=force)
    return pub.state if pub is not None else "skipped"


@db_periodic_task(crontab(minute="*"), name="publishing.publish_due")
def publish_due() -> int:
    """每分钟：计划时间已到的发布逐条交给 worker（暂停的工作区只标注原因）。"""
    now = clock.now()
    count = 0
    for pk in list(selectors.due_publications(now).values_list("pk", flat=True)[:200]):
        worker.run(pk, now=now)
        count += 1
    return count


@db_periodic_task(crontab(minute="*"), name="publishing.poll_publishing")
def poll_publishing() -> int:
    """每分钟：查询“发布中”的结果（也接续被中断的发布）。"""
    now = clock.now()
    count = 0
    for pk in list(selectors.polling_publications(now).values_list("pk", flat=True)[:200]):
        worker.run(pk, now=now)
        count += 1
    return count


@db_periodic_task(crontab(minute="*/10"), name="publishing.detect_stuck")
def detect_stuck() -> int:
    """每 10 分钟：发布中超过平台最长时间的，标记“卡住”并通知。"""

    now = clock.now()
    rows = Publication.objects.filter(state=PubState.PUBLISHING, stuck_reported_at__isnull=True).select_related(
        "workspace", "account", "account__platform", "revision", "scheduled_by", "published_by")
    return sum(worker.check_stuck(p, now) for p in rows)


@db_periodic_task(crontab(minute="*/15"), name="publishing.manual_reminders")
def manual_reminders() -> int:
    """每 15 分钟：人工发布的计划时间到了，提醒负责人。"""

    now = clock.now()
    rows = Publication.objects.filter(state=PubState.MANUAL, planned_at__lte=now, reminded_at__isnull=True
                                      ).select_related("workspace", "account", "account__platform", "revision",
                                                       "scheduled_by", "published_by")
    return sum(worker.remind_manual(p, now) for p in rows)


@db_periodic_task(crontab(hour="8", minute="0"), name="publishing.daily_digest")
def daily_digest() -> int:
    """每天 8:00：未来 10 天的排期预警（频次不足、长期无更新）发给项目经理和编辑。"""

    return planning.send_digests(clock.today())


@db_periodic_task(crontab(hour="9", minute="0"), name="publishing.reauthorization_reminder")
def reauthorization_reminder() -> int:
    """每天 9:00：授权 7 天内到期（或已过期）的抖音、快手、微博账号，提醒该工作区的管理员与技术维护人员。"""
    return notify_reauthorization()


def notify_reauthorization(now: float | None = None) -> int:
    sent = 0
    for workspace, items in accounts_needing_reauthorization(now).items():
        users = [m.user for m in members_of(workspace).filter(role__in=[Role.MANAGER, Role.TECH])]
        if not users:
            continue
        lines = []
        for account, info in items:
            deadline = info["refresh_expires_at"] or info["expires_at"]
            state = "已过期" if info["expired"] else "即将过期"
            lines.append(f"{account}：授权{state}（{deadline:%Y-%m-%d %H:%M}），请重新授权")
        notify(users=users, workspace=workspace, kind="publishing.reauthorize",
               title=f"{len(items)} 个平台账号需要重新授权",
               body="\n".join(lines), url=reverse("publishing:credentials", kwargs={"ws": workspace.slug}))
        sent += len(users)
    return sent
