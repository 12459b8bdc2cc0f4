"""事实来源：媒体采用（placement）、培训场次（training）、采用的基层线索（deliverable 不计，只做 metric），
供合同考核读取（core.facts.register("grassroots", ...)）。

    {"type": "placement", "date": "2025-06-03", "outlet": "人民网", "level": "national", "url": "https://…",
     "title": "…", "ref": "grassroots.placement:12"}
    {"type": "training", "date": "2025-04-10", "course": "基层信息供稿员培训", "hours": 3, "attendees": 118,
     "title": "新闻线索发现与写作", "ref": "grassroots.session:4"}

级别：中央级媒体按国家级计（合同里的“国家级主流媒体”）；市级也给出，合同没有市级义务时不计。
培训场次的 attendees 是本场“已签到”人数（报名未到不计），hours 是本场课时；每人累计课时见培训进度页。
培训资料里的培训视频按时长给出“培训视频课时”交付物（合同按分钟 ÷ 60 计课时）：

    {"type": "deliverable", "date": "2025-04-10", "kind": "training_video", "minutes": 95.5,
     "title": "基层视频采集员培训：手机拍摄要领.mp4", "ref": "grassroots.material:3"}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from rongmei.core.links import is_web_url

from . import selectors
from .choices import FACT_LEVEL


def grassroots_facts(workspace, start: dt.date, end: dt.date) -> Iterator[dict]:
    for p in selectors.placements_of(workspace, start=start, end=end):
        fact = {"type": "placement", "date": p.date.isoformat(), "outlet": p.outlet, "level": FACT_LEVEL[p.level],
                "title": p.title, "ref": f"grassroots.placement:{p.pk}"}
        if is_web_url(p.url):
            fact["url"] = p.url
        yield fact
    for s in selectors.training_sessions(workspace, start, end):
        if not s.attended:
            continue
        yield {"type": "training", "date": s.date.isoformat(), "course": s.course.name, "hours": float(s.hours),
               "attendees": s.attended, "title": s.title, "ref": f"grassroots.session:{s.pk}"}
    for m in selectors.training_videos(workspace, start, end):
        day = m.session.date if m.session_id else timezone.localtime(m.uploaded_at).date()
        yield {"type": "deliverable", "date": day.isoformat(), "kind": "training_video",
               "minutes": round(m.duration_seconds / 60, 1), "title": f"{m.course.name}：{m.name}",
               "ref": f"grassroots.material:{m.pk}"}


def grassroots_facts_revision(workspace) -> tuple:
    return selectors.facts_revision(workspace)
