"""团队：名册核对、请销假、人员更换次数、排班与换班（调休日）、此刻值班（core.duty）、合同事实、检查、考核、权限。"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from rongmei.contracts import selectors as contract_selectors
from rongmei.contracts.services import contract_save
from rongmei.core import duty, facts
from rongmei.team import selectors, services
from rongmei.team.choices import ChangeState, LeaveState, SwapState
from rongmei.team.models import Leave, Shift

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2024, 2, 1, 10, 0, tzinfo=TZ)  # 星期四；2 月 4 日、18 日是调休上班的星期日

CONTRACT = """schema: rongmei/contract-v1
id: t-team
name: 测试合同（人员条款）
period: {start: 2024-01-01, end: 2024-12-31}
obligations:
  - {id: posts, name: 发布, facts: {type: publication}, target: 10}
  - id: staffing_cover
    name: 合同岗位每个工作日人员到岗
    facts: {type: staffing}
    measure: share
    threshold: {field: filled_share, min: 1}
    target: 1.0
    scored: false
    advisory: true
staffing:
  max_changes: 1
  leave_client_approval: true
  posts:
    - {id: pm, name: 项目经理, count: 1, min_years: 2, on_site: true}
    - {id: ed, name: 驻场编辑, count: 2, min_years: 2, on_site: true}
  duty:
    - {id: onsite, name: 驻场值守, start: "09:00", end: "18:00", days: workday, on_site: true}
    - {id: oncall, name: 夜间值班, start: "18:00", end: "09:00", days: every}
    - {id: holiday, name: 节假日值班, start: "09:00", end: "18:00", days: non_workday}
"""


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def team(workspace, personas):
    contract_save(actor=None, workspace=workspace, yaml_text=CONTRACT)
    joined = dt.date(2024, 1, 1)
    mk = services.member_create
    out = {
        "pm": mk(actor=None, workspace=workspace, name="组长老张", post="pm", years=Decimal(8), on_site=True,
                 joined_on=joined, user=personas["manager"]),
        "editor": mk(actor=None, workspace=workspace, name="编辑小王", post="ed", years=Decimal(3), on_site=True,
                     joined_on=joined, user=personas["editor"]),
        "reviewer": mk(actor=None, workspace=workspace, name="审核员老李", post="ed", years=Decimal(6), on_site=True,
                       joined_on=joined, user=personas["reviewer"]),
        "tech": mk(actor=None, workspace=workspace, name="运维小黄", post="other", post_name="技术保障",
                   years=Decimal(5), joined_on=joined, user=personas["tech"]),
    }
    services.bands_setup(actor=None, workspace=workspace)
    return out


def _band(workspace, code):
    return workspace.team_bands.get(code=code)


# ---------------------------------------------------------------- 名册
def test_roster_checks_required_against_filled(workspace, team):
    r = selectors.roster(workspace)
    assert [(c.post.name, c.required, c.filled, c.present) for c in r.covers] == [("项目经理", 1, 1, 1),
                                                                                  ("驻场编辑", 2, 2, 2)]
    assert [p.name for p in r.others] == ["运维小黄"] and r.gaps == []
    assert (r.changes_used, r.max_changes) == (0, 1)


def test_member_below_the_contract_experience_is_refused(workspace, team, personas):
    with pytest.raises(ValidationError) as exc:
        services.member_create(actor=personas["manager"], workspace=workspace, name="新人", post="ed",
                               years=Decimal("1.5"), on_site=True, joined_on=dt.date(2024, 2, 1))
    assert "从业 1.5 年，岗位要求 ≥ 2 年" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.member_create(actor=personas["manager"], workspace=workspace, name="外包", post="ed",
                               years=Decimal(3), on_site=False, joined_on=dt.date(2024, 2, 1))
    assert "岗位要求驻场" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.member_create(actor=personas["editor"], workspace=workspace, name="某人", post="ed",
                               years=Decimal(3), on_site=True, joined_on=dt.date(2024, 2, 1))


# ---------------------------------------------------------------- 请销假
def test_leave_that_uncovers_a_post_is_flagged_ahead_on_workdays(workspace, team, personas):
    lv = services.leave_request(actor=personas["editor"], workspace=workspace, kind="personal",
                                start=dt.date(2024, 2, 3), end=dt.date(2024, 2, 5), reason="回老家")
    # 2 月 3 日星期六休息；4 日是调休上班的星期日；5 日星期一
    assert [u["day"] for u in lv.uncovered] == ["2024-02-04", "2024-02-05"]
    assert all(u["post"] == "驻场编辑" and u["present"] == 1 for u in lv.uncovered)
    gaps = selectors.roster(workspace).gaps  # 待批的请假也提前算进去
    assert [(g.day, g.post.name, g.absent) for g in gaps] == [
        (dt.date(2024, 2, 4), "驻场编辑", ("编辑小王",)), (dt.date(2024, 2, 5), "驻场编辑", ("编辑小王",))]


def test_leave_bad_input_is_refused_in_chinese(workspace, team, personas):
    with pytest.raises(ValidationError) as exc:
        services.leave_request(actor=personas["editor"], workspace=workspace, start=dt.date(2024, 2, 9),
                               end=dt.date(2024, 2, 8), reason="病假")
    assert "结束日期不能早于开始日期" in str(exc.value)
    services.leave_request(actor=personas["editor"], workspace=workspace, start=dt.date(2024, 2, 5),
                           end=dt.date(2024, 2, 7), reason="事假")
    with pytest.raises(ValidationError) as exc:
        services.leave_request(actor=personas["editor"], workspace=workspace, start=dt.date(2024, 2, 7),
                               end=dt.date(2024, 2, 9), reason="再请")
    assert "时间重叠" in str(exc.value)
    with pytest.raises(ValidationError) as exc:  # 不在名册上的人
        services.leave_request(actor=personas["designer"], workspace=workspace, start=dt.date(2024, 2, 5),
                               end=dt.date(2024, 2, 5), reason="事假")
    assert "不在本工作区的团队名册上" in str(exc.value)
    assert Leave.objects.count() == 1


def test_leave_goes_manager_then_client_then_return(workspace, team, personas):
    lv = services.leave_request(actor=personas["editor"], workspace=workspace, start=dt.date(2024, 1, 29),
                                end=dt.date(2024, 2, 2), reason="病假", kind="sick")
    with pytest.raises(PermissionDenied):  # 员工不能批
        services.leave_decide(actor=personas["reviewer"], leave=lv, approve=True)
    with pytest.raises(PermissionDenied):  # 甲方不能越过组长
        services.leave_decide(actor=personas["client_leader"], leave=lv, approve=True)
    lv = services.leave_decide(actor=personas["manager"], leave=lv, approve=True)
    assert lv.state == LeaveState.CLIENT  # 合同约定请假须甲方同意
    with pytest.raises(PermissionDenied):
        services.leave_decide(actor=personas["manager"], leave=lv, approve=True)
    lv = services.leave_decide(actor=personas["client_officer"], leave=lv, approve=True, note="同意")
    assert lv.state == LeaveState.APPROVED and lv.client_by == personas["client_officer"]
    with pytest.raises(ValidationError):  # 回岗不能晚于今天
        services.leave_return(actor=personas["editor"], leave=lv, returned_on=dt.date(2024, 2, 2))
    lv = services.leave_return(actor=personas["editor"], leave=lv, returned_on=dt.date(2024, 2, 1))
    assert lv.state == LeaveState.RETURNED
    # 提前销假：2 月 1 日起算到岗，2 日不缺人
    assert selectors.roster(workspace, dt.date(2024, 2, 2)).covers[1].present == 2


def test_staff_see_and_request_only_their_own_leave(workspace, team, personas, login):
    mine = services.leave_request(actor=personas["editor"], workspace=workspace, start=dt.date(2024, 2, 5),
                                  end=dt.date(2024, 2, 5), reason="我的事假")
    other = services.leave_request(actor=personas["reviewer"], workspace=workspace, start=dt.date(2024, 2, 6),
                                   end=dt.date(2024, 2, 6), reason="老李的事假")
    client = login(personas["editor"])
    page = client.get(reverse("team:leaves", kwargs={"ws": workspace.slug})).content.decode()
    assert "审核员老李" not in page and "编辑小王" in page
    assert client.get(reverse("team:leave_detail", kwargs={"ws": workspace.slug, "pk": other.pk})).status_code == 404
    assert client.get(reverse("team:leave_detail", kwargs={"ws": workspace.slug, "pk": mine.pk})).status_code == 200
    resp = client.post(reverse("team:leave_decide", kwargs={"ws": workspace.slug, "pk": mine.pk}),
                       {"verdict": "approve"})
    mine.refresh_from_db()
    assert resp.status_code == 403 and mine.state == LeaveState.PENDING  # 自己批不了
    leader = login(personas["client_leader"]).get(reverse("team:leaves", kwargs={"ws": workspace.slug}))
    assert "审核员老李" in leader.content.decode() and "编辑小王" in leader.content.decode()


def test_leave_form_bad_input_shows_chinese_errors(workspace, team, personas, login):
    client = login(personas["editor"])
    url = reverse("team:leaves", kwargs={"ws": workspace.slug})
    resp = client.post(url, {"kind": "personal", "start": "2024-02-09", "end": "2024-02-08", "reason": "x"})
    assert resp.status_code == 200 and "结束日期不能早于开始日期" in resp.content.decode()
    resp = client.post(url, {"kind": "personal", "start": "2024-02-05", "end": "2024-02-05", "reason": "事假"})
    assert resp.status_code == 302
    resp = client.post(url, {"kind": "personal", "start": "2024-02-04", "end": "2024-02-06", "reason": "又一次"})
    assert "时间重叠" in resp.content.decode()
    assert Leave.objects.count() == 1


# ---------------------------------------------------------------- 人员更换
def test_change_limit_is_enforced_and_history_kept(workspace, team, personas, login):
    change = services.change_request(actor=personas["manager"], workspace=workspace, leaving=team["reviewer"],
                                     replacement_name="钱晓雯", replacement_years=Decimal(3),
                                     effective_on=dt.date(2024, 2, 19), reason="原编辑调岗")
    with pytest.raises(PermissionDenied):  # 组长不能自己同意
        services.change_decide(actor=personas["manager"], change=change, approve=True)
    with pytest.raises(ValidationError) as exc:  # 一次待批时就不能再提第二次
        services.change_request(actor=personas["manager"], workspace=workspace, leaving=team["editor"],
                                replacement_name="某人", replacement_years=Decimal(3),
                                effective_on=dt.date(2024, 3, 1), reason="离职")
    assert "只允许更换 1 次人员" in str(exc.value)
    change = services.change_decide(actor=personas["client_leader"], change=change, approve=True, note="同意")
    assert change.state == ChangeState.APPROVED
    team["reviewer"].refresh_from_db()
    assert team["reviewer"].left_on == dt.date(2024, 2, 18) and change.replacement.name == "钱晓雯"
    r = selectors.roster(workspace, dt.date(2024, 2, 19))
    assert [p.name for p in r.covers[1].people] == ["编辑小王", "钱晓雯"] and r.changes_used == 1
    with pytest.raises(ValidationError) as exc:
        services.change_request(actor=personas["manager"], workspace=workspace, leaving=team["editor"],
                                replacement_name="某人", replacement_years=Decimal(3),
                                effective_on=dt.date(2024, 3, 1), reason="离职")
    assert "合同约定服务期内只允许更换 1 次人员，已更换 1 次" in str(exc.value)
    page = login(personas["manager"]).post(reverse("team:changes", kwargs={"ws": workspace.slug}), {
        "leaving": team["editor"].pk, "replacement_name": "某人", "replacement_years": "3",
        "effective_on": "2024-03-01", "reason": "离职"}).content.decode()
    assert "只允许更换 1 次人员" in page and "已用完，不能再更换" in page
    assert "原编辑调岗" in page  # 历史保留


def test_replacement_must_meet_the_post(workspace, team, personas):
    with pytest.raises(ValidationError) as exc:
        services.change_request(actor=personas["manager"], workspace=workspace, leaving=team["editor"],
                                replacement_name="新人", replacement_years=Decimal(1),
                                effective_on=dt.date(2024, 3, 1), reason="离职")
    assert "岗位要求 ≥ 2 年" in str(exc.value)


def test_client_approves_changes_through_the_page(workspace, team, personas, login):
    change = services.change_request(actor=personas["manager"], workspace=workspace, leaving=team["reviewer"],
                                     replacement_name="钱晓雯", replacement_years=Decimal(3),
                                     effective_on=dt.date(2024, 2, 19), reason="原编辑调岗")
    url = reverse("team:change_decide", kwargs={"ws": workspace.slug, "pk": change.pk})
    assert login(personas["manager"]).post(url, {"verdict": "approve"}).status_code == 403
    assert login(personas["client_leader"]).post(url, {"verdict": "approve"}).status_code == 302
    change.refresh_from_db()
    assert change.state == ChangeState.APPROVED and change.decided_by == personas["client_leader"]


# ---------------------------------------------------------------- 值班
def test_rota_on_make_up_sundays(workspace, team, personas):
    days = {d.day: d for d in selectors.rota(workspace, dt.date(2024, 2, 1), dt.date(2024, 2, 29))}
    for sunday in (dt.date(2024, 2, 4), dt.date(2024, 2, 18)):
        d = days[sunday]
        assert d.workday and d.adjusted
        assert {c.band.code for c in d.cells if c.applies} == {"onsite", "oncall"}
    assert {c.band.code for c in days[dt.date(2024, 2, 12)].cells if c.applies} == {"holiday", "oncall"}
    n = services.rota_fill(actor=personas["manager"], workspace=workspace, band=_band(workspace, "onsite"),
                           start=dt.date(2024, 2, 1), end=dt.date(2024, 2, 29), members=[team["editor"], team["reviewer"]])
    on_site_days = set(Shift.objects.filter(band__code="onsite").values_list("day", flat=True))
    assert dt.date(2024, 2, 4) in on_site_days and dt.date(2024, 2, 18) in on_site_days
    assert not any(dt.date(2024, 2, 10) <= d <= dt.date(2024, 2, 17) for d in on_site_days)
    # 2024 年 2 月：21 个周一至周五，减去春节的 12–16 日 5 天，加上调休上班的 4 日、18 日 = 18 个工作日
    assert n == len(on_site_days) == 18
    with pytest.raises(ValidationError) as exc:
        services.shift_assign(actor=personas["manager"], workspace=workspace, band=_band(workspace, "holiday"),
                              day=dt.date(2024, 2, 4), member=team["pm"])
    assert "是工作日" in str(exc.value)


def test_gaps_and_swaps_account_for_leave(workspace, team, personas):
    shift = services.shift_assign(actor=personas["manager"], workspace=workspace, band=_band(workspace, "oncall"),
                                  day=dt.date(2024, 2, 4), member=team["editor"])
    services.leave_request(actor=personas["reviewer"], workspace=workspace, start=dt.date(2024, 2, 4),
                           end=dt.date(2024, 2, 4), reason="事假")
    with pytest.raises(ValidationError) as exc:  # 换给请假的人
        services.swap_request(actor=personas["editor"], shift=shift, to_member=team["reviewer"])
    assert "请假，不能值班" in str(exc.value)
    with pytest.raises(ValidationError):  # 员工不能换别人的班
        services.swap_request(actor=personas["reviewer"], shift=shift, to_member=team["pm"])
    swap = services.swap_request(actor=personas["editor"], shift=shift, to_member=team["pm"], reason="家里有事")
    with pytest.raises(PermissionDenied):
        services.swap_decide(actor=personas["editor"], swap=swap, approve=True)
    swap = services.swap_decide(actor=personas["manager"], swap=swap, approve=True)
    shift.refresh_from_db()
    assert swap.state == SwapState.APPROVED and shift.member == team["pm"]
    # 排班的人请假 → 那一班缺班，提前标出
    services.leave_request(actor=personas["manager"], workspace=workspace, start=dt.date(2024, 2, 4),
                           end=dt.date(2024, 2, 4), reason="出差")
    gaps = [(day, c.band.code) for day, c in selectors.rota_gaps(workspace, dt.date(2024, 2, 4), 1)]
    assert ("2024-02-04", "oncall") in [(d.isoformat(), b) for d, b in gaps]


def test_person_on_duty_now_feeds_core_duty(workspace, team, personas):
    services.shift_assign(actor=None, workspace=workspace, band=_band(workspace, "oncall"), day=dt.date(2024, 2, 3),
                          member=team["editor"])
    services.shift_assign(actor=None, workspace=workspace, band=_band(workspace, "holiday"), day=dt.date(2024, 2, 3),
                          member=team["reviewer"])
    night = dt.datetime(2024, 2, 4, 2, 0, tzinfo=TZ)  # 星期日凌晨：星期六的夜班
    assert duty.on_duty(workspace, night) == [personas["editor"]]
    assert duty.on_duty(workspace, dt.datetime(2024, 2, 3, 11, 0, tzinfo=TZ)) == [personas["reviewer"]]
    # 排班表此刻没人：退回组长
    assert duty.on_duty(workspace, dt.datetime(2024, 2, 5, 11, 0, tzinfo=TZ)) == [personas["manager"]]
    # 值班的人请假：不算在岗
    services.leave_request(actor=personas["editor"], workspace=workspace, start=dt.date(2024, 2, 3),
                           end=dt.date(2024, 2, 3), reason="病假")
    assert duty.on_duty(workspace, night) == [personas["manager"]]


def test_monthly_rota_exports_to_word(workspace, team, personas, login):
    services.rota_fill(actor=None, workspace=workspace, band=_band(workspace, "onsite"), start=dt.date(2024, 2, 1),
                       end=dt.date(2024, 2, 29), members=[team["editor"], team["reviewer"]])
    resp = login(personas["editor"]).get(reverse("team:rota_docx", kwargs={"ws": workspace.slug}) + "?m=2024-02")
    assert resp.status_code == 200
    doc = Document(io.BytesIO(resp.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2024年2月值班表" in text
    table = doc.tables[0]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows}
    assert "2月4日 周日（春节调休上班）" in rows and "编辑小王" in rows["2月4日 周日（春节调休上班）"][2]
    assert rows["2月10日 周六（春节）"][1] == "节假日" and rows["2月10日 周六（春节）"][2] == "—"
    assert "【缺班】" in rows["2月10日 周六（春节）"][3]  # 夜间值班没排


# ---------------------------------------------------------------- 合同事实
def test_staffing_facts_reach_the_contract_engine(workspace, team, personas):
    lv = services.leave_request(actor=personas["editor"], workspace=workspace, start=dt.date(2024, 1, 29),
                                end=dt.date(2024, 1, 29), reason="病假")
    rows = [f for f in facts.collect(workspace, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) if f["type"] == "staffing"]
    assert max(f["date"] for f in rows) == "2024-02-01"  # 只到今天
    short = [f for f in rows if f["filled_share"] < 1]
    assert [(f["date"], f["post"], f["filled"]) for f in short] == [("2024-01-29", "驻场编辑", 1)]
    services.leave_decide(actor=personas["manager"], leave=lv, approve=False)
    state = contract_selectors.evaluation_for(workspace, as_of=dt.date(2024, 2, 1))
    ob = next(o for o in state.evaluation.obligations if o.id == "staffing_cover")
    assert ob.actual == 1.0  # 请假未批准：不缺岗


# ---------------------------------------------------------------- 检查与考核
def test_check_records_and_reminders(workspace, team, personas):
    status = {s.kind: s for s in selectors.check_status(workspace)}
    assert status["netsec"].last is None and status["netsec"].due == dt.date(2024, 2, 1)
    services.check_record(actor=personas["tech"], workspace=workspace, kind="netsec", checked_on=dt.date(2024, 1, 20),
                          items="账号密码强度与登录设备")
    status = {s.kind: s for s in selectors.check_status(workspace)}
    assert status["netsec"].due == dt.date(2024, 1, 27) and status["netsec"].overdue
    with pytest.raises(ValidationError) as exc:
        services.check_record(actor=personas["tech"], workspace=workspace, kind="equipment",
                              checked_on=dt.date(2024, 2, 2), items="设备", problem=True)
    assert "检查日期不能晚于今天" in str(exc.value) and "请写明发现的问题" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.check_record(actor=personas["client_leader"], workspace=workspace, kind="office",
                              checked_on=dt.date(2024, 2, 1), items="门窗")


def test_assessment_signed_result_is_seen_by_the_person_only(workspace, team, personas, login):
    scores = {"quality": 22, "reach": 20.5, "interaction": 23, "security": 25}
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(actor=personas["manager"], workspace=workspace, member=team["editor"], year=2024,
                                 period="q1", scores={**scores, "reach": 30})
    assert "“传播效果”应为 0 到 25 分" in str(exc.value)
    a = services.assessment_save(actor=personas["manager"], workspace=workspace, member=team["editor"], year=2024,
                                 period="q1", scores=scores, comment="稿件差错少")
    assert float(a.total) == 90.5 and a.get_grade_display() == "优秀"
    url = reverse("team:assessment", kwargs={"ws": workspace.slug, "pk": a.pk})
    assert login(personas["editor"]).get(url).status_code == 404  # 未签署，本人还看不到
    services.assessment_sign(actor=personas["client_leader"], assessment=a)
    with pytest.raises(ValidationError):
        services.assessment_save(actor=personas["manager"], workspace=workspace, member=team["editor"], year=2024,
                                 period="q1", scores=scores)
    assert "90.5" in login(personas["editor"]).get(url).content.decode()
    assert login(personas["reviewer"]).get(url).status_code == 404  # 别人的看不到
    doc = Document(io.BytesIO(login(personas["editor"]).get(
        reverse("team:assessment_docx", kwargs={"ws": workspace.slug, "pk": a.pk})).content))
    assert "优秀" in "\n".join(p.text for p in doc.paragraphs)
    resp = login(personas["client_leader"]).get(reverse("team:assessments_xlsx", kwargs={"ws": workspace.slug}))
    ws = load_workbook(io.BytesIO(resp.content)).active
    assert any(row[0] == "编辑小王" and row[6] == 90.5 for row in ws.iter_rows(values_only=True))


# ---------------------------------------------------------------- 角色 × 页面
PAGES = ["roster", "leaves", "rota", "changes", "checks", "assessments", "member_new", "bands", "assessments_xlsx"]
STAFF_PAGES = {"roster", "leaves", "rota", "changes", "checks", "assessments"}
ALLOWED = {
    "manager": set(PAGES),
    **{role: STAFF_PAGES for role in ("editor", "reviewer", "analyst", "designer", "video", "support", "tech")},
    "client_officer": STAFF_PAGES | {"assessments_xlsx"},
    "client_leader": STAFF_PAGES | {"assessments_xlsx"},
    "contributor": set(),
    "expert": set(),
    "department": set(),
}


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_every_role_reaches_only_its_pages(workspace, team, personas, login, role):
    client = login(personas[role])
    for name in PAGES:
        status = client.get(reverse(f"team:{name}", kwargs={"ws": workspace.slug})).status_code
        assert status == (200 if name in ALLOWED[role] else 403), (role, name, status)


def test_other_workspace_is_not_found(workspace, other_workspace, team, personas, login):
    assert login(personas["manager"]).get(reverse("team:roster", kwargs={"ws": other_workspace.slug})).status_code == 404


def test_api_roster_and_own_leave(workspace, team, personas, login):
    client = login(personas["editor"])
    data = client.get(f"/api/team/{workspace.slug}/roster").json()
    assert [(p["name"], p["required"], p["present"]) for p in data["posts"]] == [("项目经理", 1, 1), ("驻场编辑", 2, 2)]
    resp = client.post(f"/api/team/{workspace.slug}/leaves", {"start": "2024-02-05", "end": "2024-02-04",
                                                              "reason": "x"}, content_type="application/json")
    assert resp.status_code == 400 and "结束日期不能早于开始日期" in str(resp.json())
    resp = client.post(f"/api/team/{workspace.slug}/leaves", {"start": "2024-02-05", "end": "2024-02-05",
                                                              "reason": "事假"}, content_type="application/json")
    assert resp.status_code == 201 and resp.json()["uncovered"][0]["post"] == "驻场编辑"
    assert login(personas["contributor"]).get(f"/api/team/{workspace.slug}/roster").status_code == 403


def test_person_figures_come_from_the_business_apps_through_core_performance(workspace, team, personas):
    from rongmei.production.models import ContentItem

    ContentItem.objects.create(workspace=workspace, author=personas["editor"], title="春节值班安排", kind="article")
    ContentItem.objects.create(workspace=workspace, author=personas["editor"], title="调休通知", kind="article")
    ContentItem.objects.create(workspace=workspace, author=personas["reviewer"], title="别人的稿", kind="article")
    figures = {f.label: f.value for f in selectors.figures_for(workspace, team["editor"], 2024, "q1")}
    assert figures["新建稿件"] == 2 and figures["发出的互动答复"] == 0 and figures["本人登记的值守检查"] == 0
    services.check_record(actor=personas["tech"], workspace=workspace, kind="netsec", checked_on=dt.date(2024, 1, 9),
                          items="密码强度", findings="一个账号弱口令，已修改", problem=True)
    unit = {f.label: f.value for f in selectors.figures_for(workspace, None, 2024, "q1")}
    assert unit["网络安全检查"] == 1 and unit["检查发现的问题"] == 1
    a = services.assessment_save(actor=personas["manager"], workspace=workspace, member=team["editor"], year=2024,
                                 period="q1", scores={"quality": 20, "reach": 20, "interaction": 20, "security": 20})
    assert {"label": "新建稿件", "value": 2.0, "unit": "条", "dimension": "quality", "source": "平台记录"} in a.figures


def test_daily_reminders_tell_the_manager_what_is_due(workspace, team, personas):
    from rongmei.core.models import Notification

    services.leave_request(actor=personas["editor"], workspace=workspace, start=dt.date(2024, 2, 4),
                           end=dt.date(2024, 2, 4), reason="事假")
    assert services.reminders_send(today=dt.date(2024, 2, 1)) == "提醒了 1 个工作区"
    note = Notification.objects.filter(user=personas["manager"], title__startswith="团队提醒").get()
    assert "网络安全检查应在 2月1日 前做，今天到期" in note.body
    assert "2月4日 驻场编辑 缺 1 人" in note.body  # 调休上班的星期日
    assert "2月3日 夜间值班 没人值班" in note.body


def test_calendar_layers_show_leave_to_whoever_may_see_it(workspace, team, personas, login):
    services.leave_request(actor=personas["reviewer"], workspace=workspace, start=dt.date(2024, 2, 5),
                           end=dt.date(2024, 2, 6), reason="事假")
    url = reverse("workcal:month", kwargs={"ws": workspace.slug}) + "?date=2024-02-05"
    assert "审核员老李" in login(personas["manager"]).get(url).content.decode()
    assert "审核员老李" not in login(personas["editor"]).get(url).content.decode()


def test_manager_corrects_the_roster_with_the_contract_still_checked(workspace, team, personas, login):
    url = reverse("team:member_edit", kwargs={"ws": workspace.slug, "pk": team["editor"].pk})
    assert login(personas["editor"]).get(url).status_code == 403
    client = login(personas["manager"])
    page = client.post(url, {"years": "1", "on_site": "on", "qualifications": ""}).content.decode()
    assert "岗位要求 ≥ 2 年" in page
    page = client.post(url, {"years": "3", "on_site": "on", "left_on": "2023-12-01"}).content.decode()
    assert "离岗日期不能早于到岗日期" in page
    assert client.post(url, {"years": "4.5", "on_site": "on", "phone": "010-1234"}).status_code == 302
    team["editor"].refresh_from_db()
    assert team["editor"].years == Decimal("4.5") and team["editor"].phone == "010-1234"


def test_duty_bands_are_configurable(workspace, team, personas, login):
    band = _band(workspace, "oncall")
    url = reverse("team:bands", kwargs={"ws": workspace.slug})
    client = login(personas["manager"])
    page = client.post(url, {"band": band.pk, f"b{band.pk}-name": "夜班", f"b{band.pk}-start": "25:00",
                             f"b{band.pk}-end": "08:00", f"b{band.pk}-days": "every"}).content.decode()
    assert "时间超出一天的范围" in page
    resp = client.post(url, {"band": band.pk, f"b{band.pk}-name": "夜班", f"b{band.pk}-start": "18:30",
                             f"b{band.pk}-end": "08:30", f"b{band.pk}-days": "every"})
    band.refresh_from_db()
    assert resp.status_code == 302 and band.hours == "18:30–次日08:30"
    services.shift_assign(actor=None, workspace=workspace, band=band, day=dt.date(2024, 2, 3), member=team["editor"])
    assert duty.on_duty(workspace, dt.datetime(2024, 2, 4, 8, 15, tzinfo=TZ)) == [personas["editor"]]  # 新的结束时间
    assert duty.on_duty(workspace, dt.datetime(2024, 2, 4, 8, 45, tzinfo=TZ)) == [personas["manager"]]  # 已下班：组长
    assert login(personas["editor"]).get(url).status_code == 403


def test_leave_page_lists_the_shifts_that_need_someone_else(workspace, team, personas, login):
    services.shift_assign(actor=None, workspace=workspace, band=_band(workspace, "onsite"), day=dt.date(2024, 2, 5),
                          member=team["editor"])
    lv = services.leave_request(actor=personas["editor"], workspace=workspace, start=dt.date(2024, 2, 5),
                                end=dt.date(2024, 2, 6), reason="事假")
    page = login(personas["manager"]).get(reverse("team:leave_detail", kwargs={"ws": workspace.slug, "pk": lv.pk}))
    text = page.content.decode()
    assert "请假期间排到的班" in text and "2月5日 驻场值守" in text
