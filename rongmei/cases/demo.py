"""典型案例征集的演示数据：一个“吉林省广播电视局”的征集工作区，里面两次征集——
2024 年的征集（通知原文：吉广电明电〔2024〕38号，截止 2024-04-17）已评审完并通报（匿名评审、三位专家、
一位因同地区自动回避、结果与推荐上报名单）；今年的征集正在进行，案例处于填写中、待初审、退回修改、
初审通过并排序等各个状态，还有一个待确认的注册单位。可重复执行。"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from rongmei.accounts.models import User
from rongmei.accounts.services import user_create
from rongmei.core import clock
from rongmei.core.demo import ADMIN_USERNAME, demo_password_hash, register
from rongmei.workspaces.choices import Role
from rongmei.workspaces.models import Membership, Workspace
from rongmei.workspaces.services import member_set_role, workspace_create

from . import documents, services
from .choices import CallStatus, CaseStatus, Decision, FileKind, UnitStatus
from .models import (
    Call,
    CallAttachment,
    Case,
    CaseFile,
    CaseVersion,
    Panel,
    PanelExpert,
    RegionReport,
    Score,
    Unit,
)

SLUG = "jl-cases"
NOTICE = ("为进一步推动我省广播电视媒体深度融合发展，按照国家广电总局相关做法和要求，省广电局决定开展全省广播电视"
          "媒体融合典型案例征集和评选工作。本次征集分为新媒体平台建设、融合生产传播、综合信息服务、体制机制改革四个"
          "类别。申报材料应条理清晰，突出整体性，要求特色鲜明、亮点突出、数据充实、可量化，不超过5000字。")

PEOPLE = [  # (用户名, 姓名, 角色, 单位, 地区)
    ("jl-manager", "媒体融合发展处周科长", Role.MANAGER, "吉林省广播电视局", ""),
    ("jl-leader", "局领导吴局长", Role.CLIENT_LEADER, "吉林省广播电视局", ""),
    ("jl-regional-cc", "长春市文广旅局钱科长", Role.REGIONAL, "长春市文广旅局", "长春市"),
    ("jl-regional-jl", "吉林市文广旅局郑科长", Role.REGIONAL, "吉林市文广旅局", "吉林市"),
    ("jl-expert-1", "评审专家孙教授", Role.EXPERT, "某大学新闻与传播学院", ""),
    ("jl-expert-2", "评审专家冯研究员", Role.EXPERT, "某广电发展研究中心", ""),
    ("jl-expert-3", "评审专家陈主任", Role.EXPERT, "某日报社融媒体中心", "长春市"),
]
UNITS = [  # (用户名, 单位, 简称, 类型, 地区, 联系人)
    ("jl-unit-cc", "长春广播电视台", "长春台、长春广电", "station", "长春市", "长春台小王"),
    ("jl-unit-na", "农安县融媒体中心", "农安融媒", "county", "长春市", "农安融媒小刘"),
    ("jl-unit-jl", "吉林市广播电视台", "江城广电", "station", "吉林市", "吉林市台小赵"),
    ("jl-unit-tv", "吉林广播电视台", "吉林卫视", "station", "省直单位", "吉林台小李"),
]


def _text(unit: str, element: str, n: int) -> str:
    return (f"{unit}围绕“{element[:14]}”开展工作。一是建立“策、采、编、发、评”一体化流程，日均生产融媒体产品"
            f"{30 + 7 * n}条；二是打通客户端、微信公众号、抖音号等{3 + n}个平台账号，形成传播矩阵，全年累计阅读量"
            f"{2 + n}.{n}亿次；三是与本地{5 + n}个政务部门合作开设服务专区，用户满意度{90 + n}%。与上年相比，"
            f"活跃用户增长{12 + 3 * n}%，经营收入增长{8 + n}%。下一步，{unit}将继续深化融合改革，提升全媒体传播效能。")


def _user(username: str, name: str, *, active: bool = True) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(actor=None, username=username, password_hash=demo_password_hash(), display_name=name,
                           must_change_password=False)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def _units(ws, admin, call) -> dict[str, Unit]:
    out = {}
    for username, name, short, kind, region, contact in UNITS:
        user = _user(username, contact)
        unit = Unit.objects.filter(workspace=ws, name=name).first()
        if unit is None:
            unit = Unit.objects.create(workspace=ws, call=call, name=name, short_names=short, unit_type=kind,
                                       region=region, contact_name=contact, contact_phone="0431-8000000",
                                       account=user, status=UnitStatus.CONFIRMED, confirmed_by=admin,
                                       confirmed_at=call.published_at)
        if not Membership.objects.filter(workspace=ws, user=user).exists():
            member_set_role(actor=admin, workspace=ws, user=user, role=Role.APPLICANT, unit=name, region=region)
        out[username] = unit
    pending = _user("jl-unit-sp", "四平市融媒体中心小孙", active=False)
    if not Unit.objects.filter(workspace=ws, name="四平市融媒体中心").exists():
        Unit.objects.create(workspace=ws, call=call, name="四平市融媒体中心", short_names="四平融媒", unit_type="county",
                            region="四平市", contact_name="四平融媒小孙", contact_phone="0434-8000000", account=pending)
    return out


def _case(call, category, unit, title, status, *, at=None, version=True, rank=None, decision="", reason=""):
    case = Case.objects.create(call=call, category=category, unit=unit, title=title, status=status,
                               elements=[_text(unit.name, e, i) for i, e in enumerate(category.elements)],
                               data={"scale": str(4 + len(title) % 5), "users": str(120 + len(title) * 3),
                                     "revenue": "1860", "expense": "1420", "compare": "用户规模较上年增长 18%"},
                               regional_rank=rank, decision=decision, review_reason=reason)
    for kind, name in ((FileKind.FORM_WORD, f"{title}申请表.docx"), (FileKind.FORM_PDF, f"{unit.name}申请表（盖章）.pdf")):
        CaseFile.objects.create(case=case, kind=kind, name=name, size=0, uploaded_by=unit.account)
    CaseFile.objects.create(case=case, kind=FileKind.LINK, name=f"{unit.short_names.split('、')[0]}佐证视频（网盘）",
                            url="https://pan.example.cn/s/demo", uploaded_by=unit.account)
    if version and at is not None:
        CaseVersion.objects.create(case=case, number=1, submitted_by=unit.account, submitted_at=at,
                                   snapshot={"title": title, "category": category.name, "elements": case.elements,
                                             "element_names": category.elements, "data": case.data,
                                             "files": [{"id": f.pk, "kind": f.kind, "name": f.name, "url": f.url,
                                                        "size": 0} for f in case.files.all()]})
        case.version, case.submitted_at, case.first_submitted_at = 1, at, at
        case.save(update_fields=["version", "submitted_at", "first_submitted_at"])
    return case


def _finished_call(ws, admin) -> None:
    """2024 年的征集：已评审、已通报。"""
    call = Call.objects.filter(workspace=ws, doc_number="吉广电明电〔2024〕38号").first()
    if call is not None:
        return
    call = services.call_create(actor=admin, workspace=ws, title="2024年全省广播电视媒体融合典型案例征集和评选",
                                deadline=dt.date(2024, 4, 17), doc_number="吉广电明电〔2024〕38号",
                                issuer="吉林省广播电视局", notice=NOTICE,
                                contacts="吉林省广播电视局媒体融合发展处，联系电话：0431-85816713")
    Call.objects.filter(pk=call.pk).update(status=CallStatus.FINISHED, published_at=_aware(dt.date(2024, 3, 27), 9),
                                           blind=True, method="mean")
    call.refresh_from_db()
    units = _units(ws, admin, call)
    cats = list(call.categories.all())
    day = dt.date(2024, 4, 15)
    plan = [(cats[0], "jl-unit-cc", "“长春+”客户端：城市服务一端通"), (cats[0], "jl-unit-tv", "吉林卫视新媒体矩阵“造船出海”"),
            (cats[0], "jl-unit-jl", "江城融媒账号矩阵建设"), (cats[1], "jl-unit-na", "农安县“田间直播间”助农传播"),
            (cats[2], "jl-unit-na", "农安融媒“政务服务+”专区")]
    experts = [User.objects.get(username=f"jl-expert-{i}") for i in (1, 2, 3)]
    marks = {0: [(36, 17, 22, 14), (34, 16, 21, 13), (35, 18, 20, 14)],
             1: [(38, 18, 23, 15), (37, 17, 22, 14), (36, 18, 24, 15)],
             2: [(30, 14, 18, 12), (31, 15, 19, 12), (22, 10, 12, 9)],
             3: [(35, 17, 21, 14), (36, 16, 22, 13), (34, 18, 21, 14)],
             4: [(32, 15, 20, 13), (33, 16, 19, 14), (31, 15, 20, 13)]}
    criteria = list(call.criteria.all())
    for i, (cat, username, title) in enumerate(plan):
        unit = units[username]
        case = _case(call, cat, unit, title, CaseStatus.PASSED, at=_aware(day, 10 + i), rank=1 + i % 2,
                     decision=[Decision.RECOMMEND, Decision.RECOMMEND, Decision.NOT_SELECTED, Decision.TYPICAL,
                               Decision.TYPICAL][i])
        Case.objects.filter(pk=case.pk).update(reviewed_by=admin, reviewed_at=_aware(day, 16))
    for cat in cats:
        panel = Panel.objects.create(call=call, category=cat, closed_at=_aware(dt.date(2024, 5, 10), 17))
        for n, user in enumerate(experts):
            m = Membership.objects.get(workspace=ws, user=user)
            pe = PanelExpert.objects.create(panel=panel, user=user, unit=m.unit, region=m.region,
                                            declared_at=_aware(dt.date(2024, 5, 6), 9 + n), declaration="")
            for i, case in enumerate(Case.objects.filter(call=call, category=cat).order_by("pk")):
                if pe.region and case.unit.region == pe.region:
                    pe.conflicts.create(case=case, reason="与申报单位同属一个地区", automatic=True)
                    continue
                index = [p[2] for p in plan].index(case.title)
                values = dict(zip([str(c.pk) for c in criteria], [str(v) for v in marks[index][n]], strict=True))
                Score.objects.create(expert=pe, case=case, values=values, comment="材料翔实，数据可量化。" if i == 0 else "",
                                     submitted_at=_aware(dt.date(2024, 5, 8), 10 + n))
    RegionReport.objects.get_or_create(call=call, region="长春市", defaults={"ranked_at": _aware(day, 17)})


def _open_call(ws, admin) -> None:
    """今年正在征集的一次：各状态都有。"""
    year = clock.today().year
    if Call.objects.filter(workspace=ws, title__startswith=f"{year}年").exists():
        return
    call = services.call_create(actor=admin, workspace=ws, title=f"{year}年全省广播电视媒体融合典型案例征集和评选",
                                deadline=clock.today() + dt.timedelta(days=14), doc_number=f"吉广电明电〔{year}〕12号",
                                issuer="吉林省广播电视局", notice=NOTICE,
                                contacts="吉林省广播电视局媒体融合发展处，联系电话：0431-85816713")
    services.call_publish(actor=admin, call=call)
    call.refresh_from_db()
    blank = documents.ranking_xlsx(call, "（地区）", [])
    CallAttachment.objects.create(call=call, title="附件1：推荐排序表（空白，Excel）",
                                  file=ContentFile(blank, name="附件1-推荐排序表.xlsx"))
    units = {u.account.username: u for u in Unit.objects.filter(workspace=ws).exclude(account=None)}
    cats = list(call.categories.all())
    now = clock.now()
    _case(call, cats[1], units["jl-unit-cc"], "“长春发布”短视频主题宣传", CaseStatus.SUBMITTED,
          at=now - dt.timedelta(hours=5))
    c = _case(call, cats[3], units["jl-unit-na"], "县级融媒体中心“一体化考核”改革", CaseStatus.PASSED,
              at=now - dt.timedelta(days=2), rank=1)
    Case.objects.filter(pk=c.pk).update(reviewed_by=User.objects.get(username="jl-regional-cc"),
                                        reviewed_at=now - dt.timedelta(days=1))
    _case(call, cats[2], units["jl-unit-jl"], "江城“智慧广电+社区服务”", CaseStatus.RETURNED, at=now - dt.timedelta(days=3),
          reason="第 3 项缺少用户量与收入数据，请补充对比性数据后重新提交")
    draft = _case(call, cats[0], units["jl-unit-tv"], "吉林卫视客户端改版", CaseStatus.DRAFT, version=False)
    Case.objects.filter(pk=draft.pk).update(elements=draft.elements[:3] + ["", "", ""])


@register(98, "典型案例征集")
def load(workspaces: dict, users: dict) -> None:
    admin = users.get(ADMIN_USERNAME) or User.objects.get(username=ADMIN_USERNAME)
    ws = Workspace.objects.filter(slug=SLUG).first()
    if ws is None:
        ws = workspace_create(actor=admin, slug=SLUG, name="吉林省广电局媒体融合典型案例征集",
                              client_name="吉林省广播电视局", operator_name="吉林省广播电视局媒体融合发展处",
                              region="吉林省", description="全省广播电视媒体融合典型案例的征集、地区初审推荐与专家评审")
    for username, name, role, unit, region in PEOPLE:
        user = _user(username, name)
        users[username] = user
        if not Membership.objects.filter(workspace=ws, user=user).exists():
            member_set_role(actor=admin, workspace=ws, user=user, role=role, unit=unit, region=region)
    _finished_call(ws, admin)
    _open_call(ws, admin)
    for username, *_rest in UNITS:
        users[username] = User.objects.get(username=username)
