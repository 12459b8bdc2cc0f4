"""舆情的演示数据：每个演示工作区最近 30 天的舆情信息（有正面、中性、负面，一次转载突增），两个监测专题，
一个指向本机离线地址的 RSS 订阅（抓取失败，展示来源出错时的样子）。可重复执行：信息按编号去重。
舆情应对：值班名单、北京规自委的一起较大舆情事件（带时间线）与一起已结案的案例、应急预案。"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.db import transaction
from django.utils import timezone

from rongmei.core import clock
from rongmei.core.demo import register
from rongmei.workspaces.models import Workspace

from . import inbox, services
from .adapters import FetchError
from .choices import DocKind, EntryKind, RiskGrade, Sentiment, SourceKind
from .documents import PLAN_DEFAULTS
from .ingest import MentionInput
from .models import DutySlot, Event, Mention, MentionGroup, OpinionDocument, Source, Topic
from .services import (
    mention_create,
    mentions_ingest,
    source_create,
    source_fetch,
    system_source,
    topic_create,
)
from .tasks import run_reevaluate

OFFLINE_FEED = "http://127.0.0.1:9/opinion-demo/rss.xml"  # 端口 9（discard）通常不开：演示“连不上”的样子

THEMES = {
    "nmg-dpf": {
        "media": [
            "内蒙古日报",
            "正北方网",
            "人民网内蒙古频道",
            "新浪微博",
            "抖音",
            "今日头条",
            "呼和浩特新闻网",
            "包头日报",
        ],
        "good": [
            "内蒙古自治区残联开展助残就业专场招聘会，{n}家企业提供岗位{k}个，现场达成意向{m}人。",
            "{city}市为{k}名困难残疾人免费适配辅助器具，残疾人家属点赞服务贴心。",
            "自治区残疾人两项补贴标准提高，{city}已全部发放到位，惠及{k}人。",
            "{city}无障碍环境建设成效明显，公共场所无障碍设施改造{k}处。",
            "残疾儿童康复救助覆盖面扩大，{city}新增定点康复机构{n}家。",
        ],
        "neutral": [
            "内蒙古残联召开{n}月份工作例会，部署残疾人证换发工作。",
            "{city}残联发布通知：残疾人职业技能培训报名开始，截止到本月底。",
            "自治区残疾人运动会筹备工作有序推进，{city}赛区完成场地验收。",
            "残疾人证办理流程说明：可在{city}政务服务大厅或线上办理。",
        ],
        "bad": [
            "网友反映{city}某旗残疾人补贴迟迟未到账，多次打电话无人接听，很失望。",
            "{city}一处盲道被违规占用长达数月，残疾人出行困难，投诉后仍未整改。",
            "有残疾人家属称{city}康复机构收费不透明，质疑补贴被挪用。",
        ],
        "spike": "网友投诉：{city}某旗残疾人两项补贴连续三个月没有发放，家属多次反映无人处理，十分失望，残联回应称正在核查。",
        "spike_city": "鄂尔多斯",
        "cities": ["呼和浩特", "包头", "赤峰", "通辽", "鄂尔多斯", "呼伦贝尔", "乌兰察布"],
        "topics": [
            ("残疾人补贴", "(残疾人|残联) + 补贴 - 广告"),
            ("无障碍与康复", "无障碍 | 盲道 | 康复 | 辅助器具"),
        ],
    },
    "anyuan-jobs": {
        "media": ["萍乡日报", "萍乡新闻网", "江西日报", "大江网", "抖音", "新浪微博", "今日头条", "安源发布"],
        "good": [
            "安源区就业之家举办春风行动招聘会，{n}家企业提供岗位{k}个，{m}人达成就业意向。",
            "萍乡市安源区发放创业担保贷款{k}万元，扶持{n}名返乡青年创业。",
            "安源区零工市场上线运行，灵活就业人员找活更方便，已服务{k}人次。",
            "安源区开展技能培训进社区活动，{k}名居民拿到职业技能等级证书。",
        ],
        "neutral": [
            "安源区就业创业服务中心发布{n}月份岗位信息，涉及制造、物流、家政等行业。",
            "萍乡市公布就业补贴申领指南，符合条件的高校毕业生可线上申请。",
            "安源区召开稳就业工作推进会，部署下半年重点任务。",
        ],
        "bad": [
            "求职者反映安源区某招聘会上部分岗位信息与实际不符，工资待遇严重缩水，感觉被骗。",
            "有网友投诉萍乡某培训机构打着政府补贴旗号收费，培训后补贴迟迟不到账。",
            "灵活就业人员反映社保补贴申请材料繁琐，跑了三趟还没办成。",
        ],
        "spike": "网友投诉：安源区一场招聘会上多家企业发布虚假岗位，求职者白跑一趟，感觉被骗，质疑主办方把关不严。",
        "spike_city": "萍乡",
        "cities": ["萍乡", "安源", "湘东", "芦溪"],
        "topics": [("招聘会", "招聘会 | 岗位 + (求职|招聘)"), ("就业补贴", "(就业|创业|社保) + 补贴")],
    },
    "bj-planning": {
        "media": [
            "北京日报",
            "北京青年报",
            "新京报",
            "千龙网",
            "新浪微博",
            "今日头条",
            "北京号",
            "人民网北京频道",
        ],
        "good": [
            "北京城市更新行动持续推进，{city}区{n}个老旧小区完成综合整治，居民生活环境明显改善。",
            "{city}区街区控规获批，将新增公共绿地{k}公顷、便民服务设施{n}处。",
            "北京市规划和自然资源委员会推出规划公示线上查询，方便市民参与。",
            "{city}区一处腾退空间变身口袋公园，周边居民纷纷点赞。",
        ],
        "neutral": [
            "北京市规自委发布{city}区某地块控制性详细规划草案公示，公示期{n}天。",
            "{city}区召开城市更新专题会，研究街区更新实施方案。",
            "北京发布不动产登记便民措施，部分业务可全程网办。",
        ],
        "bad": [
            "{city}区居民反映小区旁规划建设变电站，公示期短、沟通不足，强烈反对。",
            "网友投诉{city}区某违建举报多次仍未拆除，质疑执法不力。",
            "有业主称{city}区回迁房规划一再延期，交房遥遥无期，十分不满。",
        ],
        "spike": "{city}区某小区居民集中投诉：小区绿地被规划为商业用地，公示信息不透明，居民强烈不满，要求规自委公开说明。",
        "spike_city": "丰台",
        "cities": ["海淀", "丰台", "通州", "昌平", "大兴", "西城", "东城"],
        "topics": [
            ("规划公示", "(规划|控规) + 公示"),
            ("城市更新", "城市更新 | 老旧小区 | (腾退 NEAR/8 公园)"),
        ],
    },
}


TAILS = [
    "相关负责人表示，下一步将继续做好政策宣传和服务保障。",
    "据了解，此项工作已纳入年度重点任务清单。",
    "市民可拨打12345政务服务热线咨询相关事宜。",
    "活动现场还设置了政策咨询台，工作人员逐一解答群众疑问。",
    "记者在现场看到，前来咨询的群众络绎不绝。",
    "下一步，有关部门将加强督促检查，确保各项措施落到实处。",
    "该负责人介绍，今年以来已累计开展类似工作十余次。",
    "具体办理流程可关注官方公众号查询。",
    "有关部门表示将及时公布后续进展。",
    "本次工作由多个部门联合组织开展。",
    "此前，当地已出台多项配套措施。",
    "不少网友在评论区留言讨论。",
    "业内人士认为，这一做法值得其他地区借鉴。",
    "截至目前，各项工作进展顺利。",
]


def _fill(template: str, rnd: random.Random, cities: list[str], city: str | None = None) -> str:
    return template.format(
        city=city or rnd.choice(cities), n=rnd.randint(3, 12), k=rnd.randint(20, 900), m=rnd.randint(10, 200)
    )


def demo_items(slug: str, today: dt.date) -> list[MentionInput]:
    """确定性的演示信息：30 天，每天 2–6 条，三天前一次转载突增（同一负面消息被十几个媒体转载、小改动）。"""
    theme = THEMES[slug]
    rnd = random.Random(f"opinion-{slug}")
    tz = timezone.get_current_timezone()
    items = []
    for back in range(29, -1, -1):
        day = today - dt.timedelta(days=back)
        for i in range(rnd.randint(2, 6)):
            kind = rnd.choices(["good", "neutral", "bad"], weights=[5, 4, 2])[0]
            text = _fill(rnd.choice(theme[kind]), rnd, theme["cities"]) + "".join(rnd.sample(TAILS, 2))
            at = dt.datetime.combine(day, dt.time(rnd.randint(7, 22), rnd.randint(0, 59)), tzinfo=tz)
            items.append(
                MentionInput(
                    text=text,
                    title=text.split("，")[0][:40],
                    author=rnd.choice(["", "记者 王敏", "网友"]),
                    source_name=rnd.choice(theme["media"]),
                    published_at=at,
                    external_id=f"demo-{slug}-{back}-{i}",
                )
            )
        if back == 3:
            base = _fill(theme["spike"], rnd, theme["cities"], theme["spike_city"])
            for j in range(18):
                tail = ["", "（转）", " 来源：网络", "，引发网友热议", "。网友：希望尽快解决！"][j % 5]
                at = dt.datetime.combine(day, dt.time(9 + j // 3, (j * 7) % 60), tzinfo=tz)
                media = theme["media"][j % len(theme["media"])]
                items.append(
                    MentionInput(
                        text=base + tail,
                        title=base.split("，")[0][:40],
                        author="网友" if j % 2 else "",
                        source_name=media,
                        published_at=at,
                        external_id=f"demo-{slug}-spike-{j}",
                    )
                )
    return items


@register(70, "舆情")
def load(workspaces, users) -> None:
    today = clock.today()
    for slug, theme in THEMES.items():
        ws = workspaces.get(slug) or Workspace.objects.filter(slug=slug).first()
        if ws is None:
            continue
        with transaction.atomic():
            for name, expr in theme["topics"]:
                if not Topic.objects.filter(workspace=ws, name=name).exists():
                    topic_create(workspace=ws, actor=None, name=name, expression=expr)
            source = system_source(workspace=ws, kind=SourceKind.IMPORT)
            mentions_ingest(source=source, items=demo_items(slug, today))
            mention_create(
                workspace=ws,
                actor=None,
                text=f"{theme['cities'][0]}本地论坛帖子：市民对近期相关工作总体认可，也希望信息公开更及时。",
                title="本地论坛帖子（人工录入示例）",
                url=f"https://bbs.example.cn/{slug}/thread/1001",
                source_name="本地论坛",
            )
            for topic in Topic.objects.filter(workspace=ws):
                run_reevaluate(topic.pk, topic.version)  # 演示数据当场匹配完（不等后台任务）
        feed = Source.objects.filter(workspace=ws, kind=SourceKind.FEED, url=OFFLINE_FEED).first()
        if feed is None:
            feed = source_create(
                workspace=ws,
                actor=None,
                name="本机演示订阅（离线）",
                kind=SourceKind.FEED,
                url=OFFLINE_FEED,
                interval_minutes=60,
            )
        if feed.last_fetch_at is None:
            try:
                source_fetch(source=feed)
            except FetchError:
                pass  # 预期：演示环境没有这个订阅服务，来源页显示出错与下次重试时间



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
    # 这些演示信息不经入库流程（情感与分组是写定的），专题命中要补上，否则第二次运行第 70 步的重新匹配才把它们算进去
    for topic in Topic.objects.filter(workspace=ws):
        run_reevaluate(topic.pk, topic.version)
    return group


@register(84, "舆情：互动消息同步为舆情信息")
def load_inbox(workspaces, users) -> None:
    """互动收件箱的演示消息（第 80 步）也是舆情信息；按消息编号去重，可重复执行。"""
    for ws in workspaces.values():
        inbox.sync_workspace(ws)


@register(85, "舆情应对：值班、事件、预案")
def load_response(workspaces, users):
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
