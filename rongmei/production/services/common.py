"""采编服务共用的小工具：权限、通知、时限、修订号与审核记录。"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import models
from django.urls import reverse

from rongmei.core import clock
from rongmei.core.notifications import notify, users_with_role
from rongmei.engines import richtext, workdays

from ..choices import BodyFormat
from ..models import (
    ReviewDecision,
    Revision,
)

log = logging.getLogger(__name__)

def _name(user) -> str:
    return str(user) if user is not None else "（未知）"


def item_url(item) -> str:
    return reverse("production:item_detail", kwargs={"ws": item.workspace.slug, "pk": item.pk})


def _notify(users, item, title: str, body: str = "", kind: str = "production") -> None:
    users = [u for u in users if u is not None]
    if users:
        notify(users=users, workspace=item.workspace, title=title, body=body, url=item_url(item), kind=kind)


def stage_deciders(item, stage) -> list:
    people = list(stage.people.all())
    if stage.roles:
        people += list(users_with_role(item.workspace, *stage.roles))
    return list({u.pk: u for u in people}.values())


def _due(days: int) -> dt.date:
    today = clock.today()
    try:
        return workdays.add_workdays(today, max(days, 0))
    except workdays.CalendarCoverageError:
        return today + dt.timedelta(days=max(days, 0))


def _new_revision(item, *, actor, title: str, body: str, summary: str = "", body_format: str | None = None) -> Revision:
    """新修订。``body_format`` 不给时沿用当前修订的格式；富文本在这里（服务器端）统一清洗。"""
    current = item.current_revision if item.current_revision_id else None
    body_format = body_format or (current.body_format if current else BodyFormat.MARKDOWN)
    if body_format == BodyFormat.HTML:
        body = richtext.sanitize(body)
    last = Revision.objects.filter(item=item).aggregate(n=models.Max("number"))["n"] or 0
    rev = Revision.objects.create(item=item, number=last + 1, title=title, body=body, summary=summary[:200],
                                  body_format=body_format, created_by=actor)
    item.current_revision = rev
    item.title = title
    return rev


def _decision(item, *, stage, actor, verdict: str, comments: str = "", stage_name: str = "") -> ReviewDecision:
    return ReviewDecision.objects.create(
        item=item, stage=stage, stage_name=stage_name or (stage.name if stage else ""),
        stage_order=stage.order if stage else 0, stage_type=stage.stage_type if stage else "review",
        revision=item.current_revision, actor=actor, verdict=verdict, comments=comments,
    )
