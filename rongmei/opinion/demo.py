"""舆情的演示数据：值班名单、北京规自委的一起较大舆情事件（带时间线）与一起已结案的案例、应急预案。"""

from __future__ import annotations

import datetime as dt
import hashlib

from rongmei.core import clock
from rongmei.core.demo import register

from . import services
from .choices import DocKind, EntryKind, RiskGrade, Sentiment, SourceKind
from .documents import PLAN_DEFAULTS
from .models import DutySlot, Event, Mention, MentionGroup, OpinionDocument, Source

PREFIX = {"anyuan-jobs": "ay", "nmg-dpf": "nm", "bj-planning": "bj"}

#: 演示事件：北京规自委的一起较大舆情（处置中，有时间线），和一起已结案的一般舆情（进案例库）
OPEN_EVENT = ("某小区规划调整公示引发居民质疑", [
    ("某小区规划调整公示引发居民质疑，有居民称楼间距缩小影响采光", Sentiment.NEG),
    ("转发：小区规划调整，居民质疑楼间距缩小、采光受影响", Sentiment.NEG),
    ("业主群热议规划调整：施工围挡倒塌致2人受伤，质疑监管缺位", Sentiment.NEG),
    ("规划部门回应：公示期内欢迎居民提出意见", Sentiment.NEU),
])
PENDING_ALERT = ("地铁站口施工围挡占道，市民出行不便", [
    ("地铁站口施工围挡占了半条人行道，早高峰挤得走不动", Sentiment.NEG),
    ("围挡占道一个多月了，什么时候能完工？", Sentiment.NEG),
    ("转发：地铁站口施工围挡占道，出行太不方便", Sentiment.NEG),
    ("施工围挡占道，老人孩子只能走机动车道，太危险", Sentiment.NEG),
    ("有施工公告吗？想知道工期", Sentiment.NEU),
    ("施工方已在围挡旁增设临时通道", Sentiment.POS),
])
CLOSED_EVENT = ("网传某地块规划用途变更", [("网传某地块由绿地改为商业用地，市民询问是否属实", Sentiment.NEG)])


def _mentions(ws, title: str, rows, *, hours_ago: float) -> MentionGroup:
    group = MentionGroup.objects.filter(workspace=ws, title=title).first()
    if group is not None:
        return group
    source, _ = Source.objects.get_or_create(workspace=ws, kind=SourceKind.MANUAL, url="",
                                             defaults={"name": "人工录入"})
    start = clock.now() - dt.timedelta(hours=hours_ago)
    group = MentionGroup.objects.create(workspace=ws, title=title, first_source=source, first_source_name="本地论坛",
                                        first_published_at=start, last_published_at=start, size=len(rows),
                                        negative=sum(1 for _t, s in rows if s == Sentiment.NEG))
    for index, (text, sentiment) in enumerate(rows):
        at = start + dt.timedelta(minutes=37 * index)
        digest = hashlib.sha256(f"demo:{ws.slug}:{text}".encode()).hexdigest()
        m = Mention.objects.create(workspace=ws, source=source, source_name=("本地论坛", "微博网友", "业主群转发",
                                                                             "区融媒体中心")[index % 4],
                                   dedupe_key=f"demo:{digest[:40]}", title=title if index == 0 else "", text=text,
                                   norm_text=text, published_at=at, fetched_at=at, content_hash=digest,
                                   sentiment=sentiment, group=group, is_first=index == 0)
        if index == 0:
            group.first_mention = m
        group.last_published_at = at
    group.save()
    return group


@register(85, "舆情应对：值班、事件、预案")
def load(workspaces, users):
    for slug, ws in workspaces.items():
        prefix = PREFIX.get(slug, "ay")
        analyst, manager = users.get(f"{prefix}-analyst"), users.get(f"{prefix}-manager")
        editor = users.get(f"{prefix}-editor")
        if not DutySlot.objects.filter(workspace=ws).exists():
            for person, start, end, days in ((analyst, dt.time(8, 30), dt.time(18, 0), [0, 1, 2, 3, 4]),
                                             (editor, dt.time(18, 0), dt.time(8, 30), []),
                                             (manager, dt.time(8, 30), dt.time(18, 0), [5, 6])):
                if person is not None:
                    services.duty_slot_save(actor=None, workspace=ws, user=person, start=start, end=end,
                                            weekdays=days, note="工作日白班" if days == [0, 1, 2, 3, 4] else "")
        if slug != "bj-planning":
            continue
        if not MentionGroup.objects.filter(workspace=ws, title=PENDING_ALERT[0]).exists():
            # 一条待确认的预警（负面占比高，尚未转为事件）
            services.group_assess(group=_mentions(ws, PENDING_ALERT[0], PENDING_ALERT[1], hours_ago=2))
        if Event.objects.filter(workspace=ws).exists():
            continue
        # 应急预案第 1 版
        plan = OpinionDocument.objects.filter(workspace=ws, kind=DocKind.EMERGENCY_PLAN).first()
        if plan is None:
            plan = services.plan_save(actor=None, workspace=ws, title=f"{ws.client_name or ws.name}网络舆情应急预案",
                                      sections=PLAN_DEFAULTS, note="首版")
            services.document_generate(plan.pk)  # 同步生成：演示数据不依赖后台 worker
        # 已结案的一般事件（案例库）
        closed_group = _mentions(ws, CLOSED_EVENT[0], CLOSED_EVENT[1], hours_ago=24 * 20)
        services.group_assess(group=closed_group)
        closed = services.event_open(actor=analyst, workspace=ws, title=CLOSED_EVENT[0], grade=RiskGrade.GENERAL,
                                     group=closed_group, owner=analyst)
        services.event_add_entry(actor=analyst, event=closed, kind=EntryKind.STATEMENT,
                                 text="发布《关于某地块规划用途的说明》：该地块规划用途未作调整，仍为公园绿地。")
        services.event_close(actor=manager, event=closed, cause="网友误读规划公示图例，将“商业服务设施配建”理解为用途变更。",
                             handling="当日核实并发布说明，在评论区置顶答复，联系原帖作者更正。",
                             lessons="公示图例要配通俗说明；涉及用地性质的公示同步发布解读。")
        # 处置中的较大事件：预警 → 事件 → 时间线
        group = _mentions(ws, OPEN_EVENT[0], OPEN_EVENT[1], hours_ago=5)
        assessment = services.group_assess(group=group)
        alert = group.alerts.first()
        event = services.event_open(actor=analyst, workspace=ws, title=OPEN_EVENT[0], alert=alert, group=group,
                                    grade=assessment.grade, owner=analyst,
                                    summary="居民对小区规划调整公示提出质疑，部分帖子提及施工围挡倒塌致人受伤，需核实并回应。")
        services.assessment_confirm(actor=analyst, assessment=assessment, grade=assessment.grade,
                                    note="涉及人员受伤，按较大舆情处置")
        services.event_add_entry(actor=analyst, event=event, kind=EntryKind.ACTION,
                                 text="已联系街道与建设单位核实围挡倒塌情况，受伤 2 人已送医，伤情稳定。")
        services.event_add_entry(actor=manager, event=event, kind=EntryKind.DECISION,
                                 text="按较大舆情处置：2 小时内发布先期回应，公示期延长 7 天。")
        services.event_add_entry(actor=editor or analyst, event=event, kind=EntryKind.STATEMENT,
                                 text="规划调整仍在公示期，我委将认真听取居民意见；围挡倒塌事故已责成建设单位整改。")
        services.event_set_plan(actor=analyst, event=event, plan=plan)
