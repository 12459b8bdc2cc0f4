"""基层网络的演示数据（内蒙古残联工作区，种子 000）：12 个盟市及下辖旗县、乡镇；134 名基层信息供稿员和
20 名视频采集员；近一年的新闻线索（采用、待核实、不采用、已发布）与积分；省级、国家级媒体采用；互推伙伴；
两门培训课程（每人应完成 12 课时，有人落后）；100,000 关注目标的涨粉活动（单位渠道码、取关与互动、触发护栏的单位）；
一次线上答题与已开奖、可复核的抽奖。

确定性（固定随机种子）；已有单位时整段跳过，``rongmei demo`` 可重复运行。必须在合同演示事实（第 90 步）之前载入：
合同读到本应用提供的媒体采用与培训事实，就不再生成同类演示事实。"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from rongmei.core import clock
from rongmei.core.demo import register
from rongmei.workspaces.models import OfficialAccount

from . import drawing, services
from .choices import (
    Attendance,
    Audience,
    ClueStatus,
    DrawState,
    ExchangeDirection,
    ExchangeState,
    FollowEventKind,
    MemberKind,
    Method,
    PlacementLevel,
    PointKind,
    PortraitConsent,
    RuleBasis,
    RuleEffect,
    SessionMode,
    UnitKind,
)
from .models import (
    Campaign,
    CampaignChannel,
    CampaignUnit,
    Clue,
    Course,
    Draw,
    Enrolment,
    Exchange,
    FollowEvent,
    FollowImport,
    Member,
    Partner,
    Placement,
    PointEntry,
    Prize,
    Quiz,
    QuizEntry,
    RewardRule,
    Session,
    Unit,
)
from .selectors import month_key

SLUG = "nmg-dpf"
# 盟市（常住人口，约数）→ 旗县区 → 乡镇苏木
LEAGUES = [
    ("呼和浩特市", 3550000, [("新城区", 700000, ["海拉尔东路街道"]), ("武川县", 100000, ["可可以力更镇"])]),
    ("包头市", 2740000, [("昆都仑区", 800000, ["少先路街道"]), ("固阳县", 120000, ["金山镇"])]),
    ("呼伦贝尔市", 2200000, [("海拉尔区", 340000, ["胜利街道"]), ("鄂温克族自治旗", 140000, ["巴彦托海镇"])]),
    ("兴安盟", 1400000, [("乌兰浩特市", 350000, ["和平街道"]), ("科尔沁右翼前旗", 300000, ["大坝沟镇"])]),
    ("通辽市", 2850000, [("科尔沁区", 900000, ["西门街道"]), ("开鲁县", 330000, ["开鲁镇"])]),
    ("赤峰市", 4000000, [("红山区", 500000, ["西屯街道"]), ("巴林左旗", 330000, ["林东镇"])]),
    ("锡林郭勒盟", 1110000, [("锡林浩特市", 350000, ["宝力根苏木"]), ("多伦县", 100000, ["多伦淖尔镇"])]),
    ("乌兰察布市", 1700000, [("集宁区", 350000, ["新体路街道"]), ("凉城县", 170000, ["岱海镇"])]),
    ("鄂尔多斯市", 2200000, [("东胜区", 600000, ["交通街道"]), ("达拉特旗", 330000, ["树林召镇"])]),
    ("巴彦淖尔市", 1530000, [("临河区", 550000, ["车站街道"]), ("五原县", 250000, ["隆兴昌镇"])]),
    ("乌海市", 560000, [("海勃湾区", 330000, ["滨河街道"])]),
    ("阿拉善盟", 260000, [("阿拉善左旗", 170000, ["巴彦浩特镇"])]),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ["晓燕", "海峰", "其其格", "巴特尔", "乌云", "志强", "丽娟", "建军", "萨仁", "宝音", "红梅", "文博", "敖登", "慧敏",
         "斯琴", "国庆", "春花", "那日苏", "俊杰", "玉兰", "图雅", "永刚", "明轩", "格日勒"]
TOPICS = [
    ("为残疾人送去康复辅具", "辅具适配服务走进{place}，为 {n} 名残疾人免费适配轮椅、助行器和助听器。"),
    ("残疾人就业招聘会举行", "{place}举办残疾人专场招聘会，{n} 家企业提供岗位，现场达成就业意向。"),
    ("盲人按摩培训班结业", "{place}盲人医疗按摩培训班结业，{n} 名学员通过考核。"),
    ("无障碍改造入户完成", "{place}为 {n} 户困难重度残疾人家庭完成无障碍改造。"),
    ("特殊教育学校开学第一课", "{place}特殊教育学校开展开学第一课，{n} 名学生参加。"),
    ("助残志愿者上门服务", "{place}助残志愿者走访 {n} 户残疾人家庭，送去生活用品。"),
    ("残疾人文化体育活动", "{place}举办残疾人趣味运动会，{n} 名残疾人参加。"),
    ("全国助残日主题活动", "{place}开展全国助残日主题宣传活动，发放宣传资料 {n} 份。"),
]
OUTLETS = [("内蒙古日报", PlacementLevel.PROVINCIAL), ("内蒙古广播电视台", PlacementLevel.PROVINCIAL),
           ("正北方网", PlacementLevel.PROVINCIAL), ("草原云", PlacementLevel.PROVINCIAL),
           ("人民网", PlacementLevel.CENTRAL), ("新华网", PlacementLevel.CENTRAL), ("中国残疾人联合会官网", PlacementLevel.NATIONAL)]


def _aware(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _units(ws) -> tuple[list[Unit], list[Unit], list[Unit]]:
    leagues, banners, towns = [], [], []
    for name, pop, children in LEAGUES:
        lg = services.unit_save(actor=None, workspace=ws, name=name, kind=UnitKind.LEAGUE, population=pop)
        leagues.append(lg)
        for bname, bpop, tnames in children:
            b = services.unit_save(actor=None, workspace=ws, name=bname, kind=UnitKind.BANNER, parent=lg,
                                   population=bpop)
            banners.append(b)
            for tname in tnames:
                towns.append(services.unit_save(actor=None, workspace=ws, name=tname, kind=UnitKind.TOWNSHIP,
                                                parent=b, population=bpop // 8))
    return leagues, banners, towns


def _members(ws, rng, units: list[Unit], users) -> list[Member]:
    out, used = [], set()
    for i in range(154):
        while True:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            if name not in used:
                used.add(name)
                break
        kind = MemberKind.CONTRIBUTOR if i < 134 else MemberKind.COLLECTOR
        out.append(Member(workspace=ws, unit=units[i % len(units)], name=name, kind=kind,
                          phone=f"1390471{i:04d}"))
    Member.objects.bulk_create(out)
    me = users.get("nm-contributor")
    if me is not None:  # 演示登录“基层供稿员小徐”：新城区海拉尔东路街道的信息供稿员
        town = Unit.objects.get(workspace=ws, name="海拉尔东路街道")
        Member.objects.create(workspace=ws, unit=town, name="徐供稿", kind=MemberKind.CONTRIBUTOR,
                              phone="13904710999", user=me)
    return list(Member.objects.filter(workspace=ws))


def _clues(ws, rng, people: list[Member], editor) -> None:
    today = clock.today()
    start = dt.date(2025, 3, 1)
    span = (today - start).days
    me = next((m for m in people if m.user_id), None)
    rows = []
    for i in range(420):
        m = me if me is not None and i % 35 == 0 else rng.choice(people)
        day = start + dt.timedelta(days=int(span * (i / 420)) + rng.randint(0, 3))
        day = min(day, today)
        title, body = rng.choice(TOPICS)
        place = m.unit.name
        rows.append((m, day, f"{place}{title}", body.format(place=place, n=rng.randint(8, 120))))
    for i, (m, day, title, body) in enumerate(rows):
        c = Clue.objects.create(workspace=ws, member=m, unit=m.unit, submitted_by=m.user, title=title, body=body,
                                place=m.unit.name, happened_on=day - dt.timedelta(days=1),
                                contact=f"{m.name} {m.phone}", consent_publish=True, rights_holder=f"本人（{m.name}）",
                                portrait=rng.choice(list(PortraitConsent.values)[:2]))
        Clue.objects.filter(pk=c.pk).update(created_at=_aware(day, 9 + i % 8, i % 60))
        r = rng.random()
        recent = (today - day).days < 4
        if recent:
            continue  # 最近几天的线索还在待处理
        if r < 0.5:
            decided = _aware(day + dt.timedelta(days=1), 15)
            c.status, c.reason, c.decided_by, c.decided_at = ClueStatus.ADOPTED, "", editor, decided
            c.save(update_fields=["status", "reason", "decided_by", "decided_at"])
            PointEntry(workspace=ws, member=m, unit=m.unit, kind=PointKind.ADOPTED, points=5, clue=c,
                       reason=f"线索“{c.title}”被采用", month=month_key(decided.date()), created_by=editor,
                       created_at=decided).save()
            if rng.random() < 0.7:
                pub = decided + dt.timedelta(days=rng.randint(1, 3))
                c.published_at, c.published_url = pub, f"https://mp.weixin.qq.com/s/nmgdpf-demo-{c.pk}"
                c.save(update_fields=["published_at", "published_url"])
                PointEntry(workspace=ws, member=m, unit=m.unit, kind=PointKind.PUBLISHED, points=10, clue=c,
                           reason=f"据线索“{c.title}”写的稿件已发布", month=month_key(pub.date()),
                           created_at=pub).save()
        elif r < 0.58:
            c.status, c.reason = ClueStatus.VERIFY, "请补充受助人数的出处和现场照片"
            c.decided_by, c.decided_at = editor, _aware(day + dt.timedelta(days=1), 11)
            c.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        else:
            c.status, c.reason = ClueStatus.REJECTED, "与本周已发布的同类报道重复"
            c.decided_by, c.decided_at = editor, _aware(day + dt.timedelta(days=1), 11)
            c.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    # 最近的两条采用走真实流程：采用时在采编里新建稿件（编辑可以顺着链接打开）
    for c in Clue.objects.filter(workspace=ws, status=ClueStatus.SUBMITTED).order_by("-created_at")[:2]:
        services.clue_decide(actor=editor, clue=c, decision=ClueStatus.ADOPTED)
    # 一次冲销：同一事件被重复报送、误采用
    wrong = PointEntry.objects.filter(workspace=ws, kind=PointKind.ADOPTED).order_by("pk")[7:8].first()
    if wrong is not None:
        PointEntry(workspace=ws, member=wrong.member, unit=wrong.unit, kind=PointKind.REVERSAL, points=-wrong.points,
                   clue=wrong.clue, reverses=wrong, reason="与另一乡镇报送的同一活动重复，改计给首报人",
                   month=wrong.month, created_at=wrong.created_at + dt.timedelta(days=2)).save()


def _placements(ws, rng) -> None:
    rows = []
    n_prov = n_nat = 0
    day = dt.date(2025, 1, 20)
    while day <= dt.date(2025, 12, 20):
        outlet, level = rng.choice(OUTLETS[:4]) if n_nat >= 6 or rng.random() < 0.9 else rng.choice(OUTLETS[4:])
        if level == PlacementLevel.PROVINCIAL:
            n_prov += 1
        else:
            n_nat += 1
        title, _ = rng.choice(TOPICS)
        rows.append(Placement(workspace=ws, outlet=outlet, level=level, date=day, title=f"内蒙古：{title}",
                              url=f"https://news.example.cn/nmg/2025/{day:%m%d}/{len(rows) + 1}.html"))
        day += dt.timedelta(days=rng.randint(3, 6))
    Placement.objects.bulk_create(rows)


def _partners(ws) -> None:
    for name, owner in (("内蒙古发布", "内蒙古自治区人民政府新闻办公室"), ("内蒙古妇联", "内蒙古自治区妇女联合会"),
                        ("呼和浩特残联", "呼和浩特市残疾人联合会")):
        p = Partner.objects.create(workspace=ws, name=name, owner=owner, contact="宣传科")
        Exchange.objects.create(partner=p, direction=ExchangeDirection.BOTH, title="全国助残日主题推文互推",
                                planned_on=dt.date(2025, 5, 18), state=ExchangeState.DONE, done_on=dt.date(2025, 5, 18),
                                our_url="https://mp.weixin.qq.com/s/nmgdpf-zhucanri",
                                their_url=f"https://mp.weixin.qq.com/s/partner-{p.pk}-zhucanri")
        Exchange.objects.create(partner=p, direction=ExchangeDirection.OUT, title="国际残疾人日专题",
                                planned_on=dt.date(2025, 12, 3), state=ExchangeState.PLANNED)


def _training(ws, rng, people: list[Member]) -> None:
    plans = [
        ("基层信息供稿员培训", Audience.CONTRIBUTOR, MemberKind.CONTRIBUTOR,
         [("新闻线索的发现与报送", 3), ("消息写作基本功", 2.5), ("手机摄影与图片说明", 2.5), ("政务新媒体规范与安全", 2),
          ("优秀稿件点评", 3)]),
        ("基层视频采集员培训", Audience.COLLECTOR, MemberKind.COLLECTOR,
         [("手机短视频拍摄", 3), ("现场采访与收音", 3), ("剪辑入门", 3), ("肖像权与素材授权", 3)]),
    ]
    for name, audience, kind, sessions in plans:
        course = Course.objects.create(workspace=ws, name=name, audience=audience, year=2025, target_hours=12,
                                       description="2025 年度培训计划：每季度至少一次，线上线下结合，每人不少于 12 课时。")
        group = [m for m in people if m.kind == kind]
        for i, (title, hours) in enumerate(sessions):
            s = Session.objects.create(course=course, title=title, date=dt.date(2025, 3 + i * 2, 15),
                                       mode=SessionMode.ONLINE if i % 2 else SessionMode.OFFLINE,
                                       place="腾讯会议" if i % 2 else "内蒙古残联报告厅", teacher="内蒙古广播电视台 记者",
                                       hours=Decimal(str(hours)))
            rows = []
            for m in group:
                missed = i > 0 and rng.random() < (0.06 if kind == MemberKind.CONTRIBUTOR else 0.1)
                rows.append(Enrolment(session=s, member=m, state=Attendance.ABSENT if missed else Attendance.ATTENDED))
            Enrolment.objects.bulk_create(rows)


def _campaign(ws, rng, leagues: list[Unit]) -> None:
    account = OfficialAccount.objects.filter(workspace=ws, platform__code="wechat").first()
    if account is None:
        return
    c = Campaign.objects.create(
        workspace=ws, account=account, name="“关注内蒙古残联”2025 年关注人数提升活动", goal=100000,
        start=dt.date(2025, 3, 1), deadline=dt.date(2025, 12, 31),
        methods=[Method.EVENT, Method.QUIZ, Method.DRAW, Method.EXCHANGE, Method.CONTENT],
        rewards="每月按净增关注与 7 天留存综合排名，前三名盟市在全区通报表扬。",
        penalties="不摊派、不强制关注；发现组织刷粉、强制关注的单位，当月排名作废并通报。")
    fast_unit = "乌兰察布市"
    events = []
    openid_n = 0
    for lg in leagues:
        target = 30000 if lg.name == "乌海市" else max(2000, lg.population // 400)  # 乌海市的目标明显偏高（护栏）
        cu = CampaignUnit.objects.create(campaign=c, unit=lg, target=target, scene_str=f"c{c.pk}u{lg.pk}",
                                         qr_ticket=f"gQDEMO{lg.pk}", qr_url=f"http://weixin.qq.com/q/DEMO{lg.pk}")
        for _ in range(rng.randint(60, 160)):
            openid_n += 1
            openid = f"oDEMO{openid_n:06d}"
            at = _aware(dt.date(2025, 3, 1) + dt.timedelta(days=rng.randint(0, 290)), rng.randint(8, 21))
            events.append(FollowEvent(workspace=ws, account=account, openid=openid, kind=FollowEventKind.SUBSCRIBE,
                                      scene_str=cu.scene_str, campaign_unit=cu, at=at))
            fast = lg.name == fast_unit
            if rng.random() < (0.55 if fast else 0.08):
                events.append(FollowEvent(workspace=ws, account=account, openid=openid,
                                          kind=FollowEventKind.UNSUBSCRIBE,
                                          at=at + dt.timedelta(days=rng.randint(1, 6), hours=1)))
            elif rng.random() < (0.05 if fast else 0.45):
                events.append(FollowEvent(workspace=ws, account=account, openid=openid, kind=FollowEventKind.ACTIVE,
                                          at=at + dt.timedelta(days=rng.randint(1, 40))))
    FollowEvent.objects.bulk_create(events)
    # 抖音没有带参数二维码：各盟市的专属链接 ?from=渠道码，平台后台按来源渠道导出的粉丝数据导入一次
    ch = CampaignChannel.objects.create(campaign=c, platform="douyin", name="内蒙古残联抖音号",
                                        landing_url="https://www.douyin.com/user/nmgcl-demo")
    batch = FollowImport.objects.create(channel=ch, filename="抖音粉丝来源-2025.xlsx", rows=0)
    imported = []
    for n, cu in enumerate(c.units.order_by("pk")[:6]):
        for i in range(rng.randint(20, 60)):
            uid = f"dyDEMO{n:02d}{i:04d}"
            at = _aware(dt.date(2025, 4, 1) + dt.timedelta(days=rng.randint(0, 250)), rng.randint(8, 21))
            common = {"workspace": ws, "channel": ch, "batch": batch, "openid": uid}
            imported.append(FollowEvent(kind=FollowEventKind.SUBSCRIBE, scene_str=cu.scene_str, campaign_unit=cu,
                                        at=at, **common))
            if rng.random() < 0.1:
                imported.append(FollowEvent(kind=FollowEventKind.UNSUBSCRIBE,
                                            at=at + dt.timedelta(days=rng.randint(2, 25)), **common))
            elif rng.random() < 0.4:
                imported.append(FollowEvent(kind=FollowEventKind.ACTIVE, at=at + dt.timedelta(days=rng.randint(1, 30)),
                                            **common))
    FollowEvent.objects.bulk_create(imported)
    FollowImport.objects.filter(pk=batch.pk).update(rows=sum(1 for e in imported if e.kind == FollowEventKind.SUBSCRIBE))
    RewardRule.objects.bulk_create([
        RewardRule(campaign=c, basis=RuleBasis.RANK_TOP, n=3, effect=RuleEffect.REWARD, text="全区通报表扬"),
        RewardRule(campaign=c, basis=RuleBasis.FLAGGED, effect=RuleEffect.PENALTY,
                   text="当月排名作废，书面说明涨粉方式"),
    ])
    quiz = Quiz.objects.create(workspace=ws, title="全国助残日线上答题", token="demo-quiz-2025",
                               opens_at=_aware(dt.date(2025, 5, 12), 9),
                               closes_at=_aware(dt.date(2025, 5, 20), 18), questions=[
                                   {"q": "全国助残日是每年五月的第几个星期日？", "options": ["第一个", "第二个", "第三个"], "answer": 2},
                                   {"q": "盲道的颜色通常是？", "options": ["黄色", "红色", "绿色"], "answer": 0},
                                   {"q": "残疾人证由哪个部门核发？", "options": ["民政部门", "残联", "公安部门"], "answer": 1}])
    entries = [QuizEntry(quiz=quiz, identity=f"oDEMO{i:06d}", answers=[2, 0, 1], score=3 - (i % 4 == 0),
                         submitted_at=_aware(dt.date(2025, 5, 12 + i % 8), 12)) for i in range(1, 241)]
    QuizEntry.objects.bulk_create(entries)
    seed = "8f1c2d3e4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0"
    frozen = drawing.freeze(e.identity for e in entries)
    winners = drawing.draw(seed, frozen, 10)
    d = Draw.objects.create(workspace=ws, quiz=quiz, title="全国助残日答题抽奖", prize="助残主题文创礼包", winners_count=10,
                            seed_hash=drawing.sha256(seed), sealed_seed=seed, seed=seed, entrants=frozen,
                            entrants_hash=drawing.entrants_hash(frozen), winners=winners, state=DrawState.DRAWN,
                            committed_at=_aware(dt.date(2025, 5, 11), 10), drawn_at=_aware(dt.date(2025, 5, 21), 10))
    Prize.objects.bulk_create([Prize(draw=d, identity=w, delivered_at=_aware(dt.date(2025, 5, 28), 10) if i < 7
                                     else None, note="邮寄" if i < 7 else "") for i, w in enumerate(winners)])


@register(75, "基层网络")
def load(workspaces, users) -> None:
    ws = workspaces.get(SLUG)
    if ws is None or Unit.objects.filter(workspace=ws).exists():
        return
    rng = random.Random(20250517)
    leagues, banners, towns = _units(ws)
    people = _members(ws, rng, banners + towns, users)
    editor = users.get("nm-editor")
    _clues(ws, rng, people, editor)
    _placements(ws, rng)
    _partners(ws)
    _training(ws, rng, people)
    _campaign(ws, rng, leagues)


