"""团队的演示数据（北京规自委工作区，种子 001）：按合同岗位登记的名册（项目经理、内容策划主编、两名驻场编辑……），
一次已获甲方同意的人员更换（合同只允许 1 次，所以已用完），合同期内一次造成缺岗的请假，本月与下月的排班
（其中一名驻场编辑下周请假 → 岗位缺人、值班缺班），一条待批的换班，值守检查记录，一份已签署的季度考核。
内蒙古残联工作区（种子 000）登记 5 名驻场人员。可重复执行（已有名册就跳过）。"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rongmei.core import clock
from rongmei.core.demo import register
from rongmei.engines import months
from rongmei.engines.kpi.staffing import calendar_end

from . import services
from .choices import CheckKind, LeaveState
from .models import Leave, Member

BJ = "bj-planning"
NM = "nmg-dpf"


def _member(ws, name, post, years, *, user=None, on_site=True, joined=None, quals="", post_name="") -> Member:
    return services.member_create(actor=None, workspace=ws, name=name, post=post, years=Decimal(str(years)),
                                  on_site=on_site, joined_on=joined or dt.date(2023, 7, 1), user=user,
                                  qualifications=quals, post_name=post_name)


def _beijing(ws, users) -> None:
    u = lambda role: users.get(f"bj-{role}")  # noqa: E731
    pm = _member(ws, "组长老张", "pm", 8, user=u("manager"), quals="新媒体运营 8 年，政务号项目经理")
    chief = _member(ws, "审核员老李", "chief_editor", 10, user=u("reviewer"), on_site=False,
                    quals="报社编辑 10 年，城市规划议题采编")
    editor = _member(ws, "编辑小王", "onsite_editor", 3, user=u("editor"), quals="政务新媒体编辑 3 年")
    qian = _member(ws, "钱晓雯", "onsite_editor", 2.5, quals="新媒体运营 2.5 年，文物保护专题")
    analyst = _member(ws, "数据分析小赵", "analyst", 4, user=u("analyst"), on_site=False, quals="数据分析 4 年")
    old_designer = _member(ws, "孟凡", "designer", 3, on_site=False)
    support = _member(ws, "客服小杨", "other", 2, user=u("support"), post_name="客服", quals="留言回复与用户维护")
    tech = _member(ws, "运维小黄", "other", 5, user=u("tech"), on_site=False, post_name="技术保障",
                   quals="网络安全与设备运维")
    # 合同只允许更换 1 次：2023 年 10 月视觉设计孟凡离职，由设计师小陈接替（甲方已同意）
    change = services.change_request(actor=None, workspace=ws, leaving=old_designer, replacement_name="设计师小陈",
                                     replacement_years=Decimal(4), replacement_user=u("designer"),
                                     replacement_qualifications="视觉设计 4 年，动态海报",
                                     effective_on=dt.date(2023, 10, 9), reason="原设计人员孟凡因个人原因离职")
    services.change_decide(actor=u("client-leader"), change=change, approve=True, note="同意，接替人资历符合要求")
    # 合同期内：驻场编辑小王 2024 年 3 月请了一周病假（已销假），那一周驻场编辑只到岗 1 人
    past = services.leave_request(actor=None, workspace=ws, member=editor, kind="sick", start=dt.date(2024, 3, 11),
                                  end=dt.date(2024, 3, 15), reason="急性肠胃炎住院")
    Leave.objects.filter(pk=past.pk).update(state=LeaveState.RETURNED, returned_on=dt.date(2024, 3, 16),
                                            approved_by=u("manager"), client_by=u("client-leader"))
    # 值班：时段按合同；2024 年 2 月（春节与两个调休上班的星期日）与本月、下月排满
    services.bands_setup(actor=None, workspace=ws)
    bands = {b.code: b for b in ws.team_bands.all()}
    plan = {"onsite": [editor, qian], "oncall": [pm, editor, analyst, tech], "holiday": [pm, chief, support],
            "weibo": [editor, qian, support]}
    today = clock.today()
    spans = [(dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
             (months.month_start(today), calendar_end(months.month_end(months.next_month(today))))]
    for start, end in spans:
        for code, members in plan.items():
            services.rota_fill(actor=None, workspace=ws, band=bands[code], start=start, end=end, members=members)
    # 下周：编辑小王请假三天（组长已批，待甲方审批）→ 驻场编辑缺 1 人，排给她的班缺班
    nxt = today + dt.timedelta(days=7 - today.weekday())  # 下周一
    soon = services.leave_request(actor=u("editor"), workspace=ws, kind="personal", start=nxt,
                                  end=nxt + dt.timedelta(days=2), reason="回老家办理房产手续")
    services.leave_decide(actor=u("manager"), leave=soon, approve=True, note="请提前交接微博后台值守")
    services.leave_request(actor=u("support"), workspace=ws, kind="annual", start=nxt + dt.timedelta(days=14),
                           end=nxt + dt.timedelta(days=15), reason="年休假")
    # 一条待批的换班：数据分析小赵把后天的夜间值班换给运维小黄
    shift = ws.team_shifts.filter(member=analyst, day__gt=today, band=bands["oncall"]).order_by("day").first()
    if shift is not None:
        services.swap_request(actor=u("analyst"), shift=shift, to_member=tech, reason="当晚要参加业务培训")
    # 值守检查：办公每天、设备与网络安全每周；网络安全已经超期
    for days_ago, kind, items, findings, problem, who in [
        (0, CheckKind.OFFICE, "门窗水电、办公电脑锁屏、涉密材料归档", "", False, "support"),
        (1, CheckKind.OFFICE, "门窗水电、办公电脑锁屏", "", False, "support"),
        (3, CheckKind.EQUIPMENT, "直播与拍摄设备、备用电源、移动硬盘", "一块移动硬盘接口松动，已更换", True, "tech"),
        (12, CheckKind.NETSEC, "各平台账号登录设备与密码强度、后台操作日志、杀毒软件更新", "", False, "tech"),
    ]:
        services.check_record(actor=u(who), workspace=ws, kind=kind, checked_on=today - dt.timedelta(days=days_ago),
                              items=items, findings=findings, problem=problem)
    # 考核：上一季度，团队整体与编辑小王，已签署
    q = (today.month - 1) // 3
    year, period = (today.year, f"q{q}") if q else (today.year - 1, "q4")
    team = services.assessment_save(actor=u("client-leader"), workspace=ws, year=year, period=period,
                                    scores={"quality": 23, "reach": 21, "interaction": 22, "security": 24},
                                    comment="内容质量稳定，重点宣传按时完成；微博互动量仍需提升。")
    services.assessment_sign(actor=u("client-leader"), assessment=team)
    mine = services.assessment_save(actor=u("manager"), workspace=ws, member=editor, year=year, period=period,
                                    scores={"quality": 22, "reach": 20, "interaction": 23, "security": 25},
                                    comment="稿件差错少，节假日值班到位。")
    services.assessment_sign(actor=u("manager"), assessment=mine)


def _inner_mongolia(ws, users) -> None:
    u = lambda role: users.get(f"nm-{role}")  # noqa: E731
    joined = dt.date(2025, 1, 1)
    _member(ws, "组长老张", "lead", 6, user=u("manager"), joined=joined)
    _member(ws, "编辑小王", "editor", 3, user=u("editor"), joined=joined)
    _member(ws, "审核员老李", "editor", 7, user=u("reviewer"), joined=joined)
    _member(ws, "剪辑师小刘", "video", 4, user=u("video"), joined=joined)
    _member(ws, "设计师小陈", "designer", 3, user=u("designer"), joined=joined)
    services.bands_setup(actor=None, workspace=ws)


@register(92, "团队：名册、请销假、值班、检查、考核")
def load(workspaces: dict, users: dict) -> None:
    for slug, fn in ((BJ, _beijing), (NM, _inner_mongolia)):
        ws = workspaces.get(slug)
        if ws is None or Member.objects.filter(workspace=ws).exists():
            continue
        fn(ws, users)
