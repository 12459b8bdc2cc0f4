"""事实来源：互动答复的按时/超时条数，按日、按平台，供合同考核与月度报告（core.facts.register("interaction", ...)）。

    {"type": "metric", "date": "2025-11-17", "platform": "wechat", "name": "replies_on_time", "value": 12,
     "ref": "interaction.day:2025-11-17"}
    {"type": "metric", ..., "name": "replies_late", "value": 1, ...}

口径与互动统计页同一个函数（selectors.stats）：只计需答复的消息；按收到日期归日。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count

from rongmei.engines.kpi.vocab import PLATFORMS as FACT_PLATFORMS
from rongmei.workspaces.models import OfficialAccount

from . import selectors
from .choices import ReplyState
from .models import Reply


def interaction_facts(workspace, start: dt.date, end: dt.date) -> Iterator[dict]:
    # 消息的平台就是它所在账号的平台：读账号表，不必在百万条消息里找有哪些平台
    platforms = sorted(set(OfficialAccount.objects.filter(workspace=workspace).values_list("platform__code", flat=True)))
    for platform in platforms:
        if platform not in FACT_PLATFORMS:
            continue
        data = selectors.stats(workspace, start, end, by="day", platform=platform, hours=False)
        for row in data["rows"]:
            for name, value in (("replies_on_time", row.on_time), ("replies_late", row.late)):
                if value:
                    yield {"type": "metric", "date": row.key, "platform": platform, "name": name, "value": value,
                           "ref": f"interaction.day:{row.key}"}


def interaction_facts_revision(workspace) -> tuple:
    return selectors.facts_revision(workspace)


def replies_by_writer(workspace, start: dt.date, end: dt.date) -> dict[int, float]:
    """每人在 start..end 撰写并已发出的答复条数（core.performance → 团队考核的个人互动数据）。"""
    rows = (Reply.objects.filter(message__workspace=workspace, sent_at__date__range=(start, end),
                                 state__in=[ReplyState.SENT, ReplyState.SENT_MANUAL])
            .exclude(written_by=None).values("written_by_id").annotate(n=Count("id")))
    return {r["written_by_id"]: float(r["n"]) for r in rows}
