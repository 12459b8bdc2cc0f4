"""合同的人员条款（staffing）：解析与报错、岗位核对、值班时段在官方日历上的落点（含调休上班的星期日）。"""

from __future__ import annotations

import datetime as dt

import pytest

from rongmei.engines.kpi import load_template, parse_contract
from rongmei.engines.kpi import staffing as st
from rongmei.engines.kpi.facts import fact_from_mapping

HEAD = """schema: rongmei/contract-v1
id: t
name: 测试
period: {start: 2024-01-01, end: 2024-12-31}
obligations:
  - {id: a, name: 发布, facts: {type: publication}, target: 1}
"""

STAFFING = HEAD + """staffing:
  max_changes: 1
  leave_client_approval: true
  min_on_site: 2
  posts:
    - {id: pm, name: 项目经理, count: 1, min_years: 2, on_site: true}
    - {id: ed, name: 驻场编辑, count: 2, min_years: 2, on_site: true}
  duty:
    - {id: onsite, name: 驻场值守, start: "09:00", end: "18:00", days: workday, on_site: true}
    - {id: oncall, name: 夜间值班, start: "18:00", end: "09:00", days: every}
    - {id: holiday, name: 节假日值班, start: "09:00", end: "18:00", days: non_workday}
    - {id: weibo, name: 微博后台, start: "08:00", end: "24:00", days: every}
"""


@pytest.fixture(scope="module")
def staffing():
    report = parse_contract(STAFFING)
    assert report.ok, report.errors
    return report.contract.staffing


def test_staffing_clause_is_parsed(staffing):
    assert [p.name for p in staffing.posts] == ["项目经理", "驻场编辑"]
    assert staffing.post("ed").count == 2 and staffing.post("ed").min_years == 2 and staffing.post("ed").on_site
    assert staffing.max_changes == 1 and staffing.leave_client_approval and staffing.min_on_site == 2
    assert [b.hours() for b in staffing.duty] == ["09:00–18:00", "18:00–次日09:00", "09:00–18:00", "08:00–24:00"]


def test_contract_without_staffing_has_none():
    assert parse_contract(HEAD).contract.staffing is None


@pytest.mark.parametrize("clause, message", [
    ("staffing:\n  posts:\n    - {id: a, name: 甲}\n    - {id: a, name: 乙}\n", "岗位 id“a”重复"),
    ("staffing:\n  duty:\n    - {id: x, name: 夜班, start: \"25:00\", end: \"09:00\"}\n", "应为“时:分”"),
    ("staffing:\n  duty:\n    - {id: x, name: 夜班, start: \"18:00\", end: \"09:00\", days: sometimes}\n", "days"),
    ("staffing:\n  posts:\n    - {id: a, name: 甲, count: 0}\n", "count"),
    ("staffing:\n  headcount: 3\n", "headcount"),
])
def test_bad_staffing_clauses_are_reported_with_their_line(clause, message):
    report = parse_contract(HEAD + clause)
    assert not report.ok
    text = "\n".join(str(i) for i in report.errors)
    assert message in text
    assert all(i.line > 6 for i in report.errors)


def test_on_site_minimum_above_the_posts_is_warned():
    text = HEAD + "staffing:\n  min_on_site: 5\n  posts:\n    - {id: a, name: 甲, count: 2, on_site: true}\n"
    report = parse_contract(text)
    assert report.ok and any("驻场人数下限 5 人" in str(w) for w in report.warnings)


def test_demo_templates_carry_the_seed_staffing_clauses():
    bj = load_template("beijing-planning-2023").staffing  # 种子 001
    assert bj.max_changes == 1 and all(p.min_years >= 2 for p in bj.posts if p.id != "designer")
    assert {b.hours() for b in bj.duty} >= {"09:00–18:00", "18:00–次日09:00", "08:00–24:00"}
    ay = load_template("anyuan-employment").staffing  # 种子 002：七个岗位各 1 人
    assert [p.name for p in ay.posts] == ["运营总监", "后台运营", "拍摄", "剪辑", "主播", "客服", "视频号运营"]
    assert all(p.count == 1 for p in ay.posts)
    nm = load_template("inner-mongolia-dpf-2025").staffing  # 种子 000：驻场不少于 5 人
    assert nm.min_on_site == 5 and sum(p.count for p in nm.posts if p.on_site) >= 5


# ---------------------------------------------------------------- 岗位核对
def _people(absent=()):
    return [
        st.Person(1, "老张", "pm", 8, True, dt.date(2024, 1, 1)),
        st.Person(2, "小王", "ed", 3, True, dt.date(2024, 1, 1), absences=tuple(absent)),
        st.Person(3, "小钱", "ed", 2.5, True, dt.date(2024, 1, 1)),
        st.Person(4, "新人", "ed", 1, True, dt.date(2024, 1, 1)),  # 不满 2 年：不计入到岗
    ]


def test_post_cover_counts_only_qualified_people_present(staffing):
    day = dt.date(2024, 2, 5)
    covers = {c.post.id: c for c in st.post_cover(staffing, _people(), day)}
    assert (covers["ed"].required, covers["ed"].filled, covers["ed"].present) == (2, 2, 2)
    assert [p.name for p, why in covers["ed"].unqualified] == ["新人"]
    assert "岗位要求 ≥ 2 年" in covers["ed"].unqualified[0][1][0]
    away = {c.post.id: c for c in st.post_cover(staffing, _people([(day, day)]), day)}
    assert away["ed"].present == 1 and away["ed"].short == 1 and not away["ed"].ok


def test_gaps_fall_on_official_workdays_only_including_make_up_sundays(staffing):
    # 小王 2024-02-03（周六）至 02-19 请假：春节 02-10–02-17 放假，02-04 与 02-18 两个星期日调休上班
    people = _people([(dt.date(2024, 2, 3), dt.date(2024, 2, 19))])
    days = [g.day for g in st.gaps(staffing, people, dt.date(2024, 2, 3), dt.date(2024, 2, 19))]
    assert dt.date(2024, 2, 4) in days and dt.date(2024, 2, 18) in days  # 调休上班的星期日
    assert dt.date(2024, 2, 3) not in days and dt.date(2024, 2, 12) not in days  # 周六、春节假期
    assert days == [dt.date(2024, 2, d) for d in (4, 5, 6, 7, 8, 9, 18, 19)]  # 除夕 2 月 9 日仍是工作日


def test_days_beyond_the_published_calendar_are_not_judged(staffing):
    last = st.calendar_end(dt.date(2999, 1, 1))
    assert st.gaps(staffing, _people([(last, last + dt.timedelta(days=30))]), last + dt.timedelta(days=1),
                   last + dt.timedelta(days=30)) == []


def test_staffing_facts_are_valid_facts_v1(staffing):
    facts = st.staffing_facts(staffing, _people([(dt.date(2024, 2, 5), dt.date(2024, 2, 5))]),
                              dt.date(2024, 2, 3), dt.date(2024, 2, 5))
    assert {f["date"] for f in facts} == {"2024-02-04", "2024-02-05"}  # 周六不算，调休星期日算
    short = [f for f in facts if f["filled_share"] < 1]
    assert short == [{**short[0], "date": "2024-02-05", "post": "驻场编辑", "required": 2, "filled": 1,
                      "filled_share": 0.5}]
    for n, f in enumerate(facts):
        fact, errors = fact_from_mapping(f, line=n + 1)
        assert errors == [] and fact.get("filled_share") == f["filled_share"]


# ---------------------------------------------------------------- 值班时段
@pytest.mark.parametrize("day, applies", [
    (dt.date(2024, 2, 4), {"onsite", "oncall", "weibo"}),  # 调休上班的星期日：驻场日
    (dt.date(2024, 2, 18), {"onsite", "oncall", "weibo"}),
    (dt.date(2024, 2, 10), {"holiday", "oncall", "weibo"}),  # 春节：节假日值班
    (dt.date(2024, 2, 3), {"holiday", "oncall", "weibo"}),  # 普通星期六
    (dt.date(2024, 2, 5), {"onsite", "oncall", "weibo"}),
])
def test_bands_follow_the_official_calendar(staffing, day, applies):
    assert {b.id for b in staffing.duty if st.band_applies(b, day)} == applies


def test_band_at_a_moment_overnight_belongs_to_the_day_it_started(staffing):
    at = dt.datetime(2024, 2, 4, 2, 30)  # 星期日凌晨：属于 2 月 3 日（星期六）18:00 开始的夜班
    assert [(b.id, d) for b, d in st.bands_at(staffing.duty, at)] == [("oncall", dt.date(2024, 2, 3))]
    at = dt.datetime(2024, 2, 4, 10, 0)  # 调休上班的星期日上午：驻场值守 + 微博后台
    assert {b.id for b, _ in st.bands_at(staffing.duty, at)} == {"onsite", "weibo"}
    at = dt.datetime(2024, 2, 4, 23, 59)
    assert {b.id for b, _ in st.bands_at(staffing.duty, at)} == {"oncall", "weibo"}
    start, end = st.band_window(staffing.duty[1], dt.date(2024, 2, 3))
    assert (start, end) == (dt.datetime(2024, 2, 3, 18), dt.datetime(2024, 2, 4, 9))
