"""自查规则（纯核心）：表驱动，日期都由参数给出。"""

from __future__ import annotations

import datetime as dt

from rongmei.engines.inspection import (
    AT_RISK,
    FAILING,
    NO_DATA,
    Account,
    AccountEvent,
    ChannelStat,
    Filing,
    Hit,
    Inputs,
    PublishedItem,
    inspect,
    load_pack,
)

D = dt.date


def acc(id=1, name="某某发布", platform="wechat", label="微信公众号", **kw) -> Account:
    return Account(id, name, platform, label, owner_unit=kw.pop("owner_unit", "某某局"), **kw)


def rules_of(result, rule):
    return [f for f in result.findings if f.rule == rule]


def test_pack_has_a_version_and_every_rule_a_label():
    pack = load_pack()
    assert pack.version
    assert pack.rule("update.national")["days"] == 14
    assert all(r["label"] for r in pack.rules.values())


def test_brief_example_last_update_june_3_fails_from_june_17():
    a = acc(last_update=D(2025, 6, 3), last_update_title="政策解读")
    before = inspect(Inputs(as_of=D(2025, 6, 12), accounts=(a,)))
    (f,) = rules_of(before, "update.national")
    assert f.state == AT_RISK and f.veto_on == D(2025, 6, 17)
    assert "最后更新 2025-06-03：2025-06-17 起判为不合格" in f.message
    after = inspect(Inputs(as_of=D(2025, 6, 17), accounts=(a,)))
    (f,) = rules_of(after, "update.national")
    assert f.state == FAILING and f.severity == "high"
    # 更新过的账号、7 天预警期之外的账号都没有发现
    fresh = inspect(Inputs(as_of=D(2025, 6, 9), accounts=(a,)))
    assert not rules_of(fresh, "update.national")


def test_local_line_warns_before_the_national_one_and_closed_accounts_are_skipped():
    a = acc(last_update=D(2025, 6, 1))
    closed = acc(2, status="closed", closed_on=D(2025, 1, 5), last_update=D(2024, 1, 1))
    r = inspect(Inputs(as_of=D(2025, 6, 11), accounts=(a, closed), local_update_days=10))
    (f,) = rules_of(r, "update.local")
    assert f.account_id == 1 and f.veto_on == D(2025, 6, 15) and "10 天" in f.message
    assert not any(f.account_id == 2 and f.rule.startswith("update") for f in r.findings)
    # 没有自定要求时不报本地规则
    assert not rules_of(inspect(Inputs(as_of=D(2025, 6, 11), accounts=(a,))), "update.local")


def test_never_updated_counts_from_opening():
    a = acc(opened_on=D(2025, 3, 1))
    (f,) = rules_of(inspect(Inputs(as_of=D(2025, 4, 1), accounts=(a,))), "update.national")
    assert f.veto_on == D(2025, 3, 15) and "从未更新" in f.message


def test_interaction_without_data_says_no_data_and_with_data_flags_overdue():
    a = acc()
    r = inspect(Inputs(as_of=D(2025, 6, 1), accounts=(a,)))
    (status,) = [s for s in r.rules if s.rule == "interaction.response"]
    assert status.status == NO_DATA and not rules_of(r, "interaction.response")
    stats = (ChannelStat(1, "公众号留言", received=10, overdue=2, oldest_overdue_on=D(2025, 5, 20),
                         limit_label="24 小时"),)
    r = inspect(Inputs(as_of=D(2025, 6, 1), accounts=(a,), interaction=stats))
    (f,) = rules_of(r, "interaction.response")
    assert "2 条" in f.message and f.veto_on == D(2025, 5, 20)


def test_published_hits_and_error_rate_cap():
    a = acc(last_update=D(2025, 6, 1))
    items = (PublishedItem(1, "稿一", D(2025, 5, 30), "https://x/1", hits=(Hit("残废人", "banned_expression", "高", "歧视"),),
                           error_rate=7.5, changed_after=D(2025, 5, 31)),
             PublishedItem(1, "稿二", D(2025, 5, 30), hits=(Hit("的", "typo", "低", "的地得"),), error_rate=4.0))
    r = inspect(Inputs(as_of=D(2025, 6, 2), accounts=(a,), published=items))
    (s,) = rules_of(r, "content.sensitive")
    assert "残废人" in s.message and any("修改过正文" in e.label for e in s.evidence)
    (e,) = rules_of(r, "content.error_rate")
    assert "稿一" in e.message and "7.5" in e.message


def test_registry_completeness():
    accounts = (
        acc(1, "某某发布", "wechat", owner_unit=""),
        acc(2, "某某发布", "weibo", "微博"),
        acc(3, "某某发布厅", "douyin", "抖音"),
        acc(4, "某某发布", "douyin", "抖音"),
        acc(5, "某某发布", "toutiao", "头条号"),
    )
    r = inspect(Inputs(as_of=D(2025, 6, 2), accounts=accounts))
    assert [f.account_id for f in rules_of(r, "registry.host_unit")] == [1]
    assert [f.account_id for f in rules_of(r, "registry.name")] == [3]
    assert sorted(f.account_id for f in rules_of(r, "registry.one_per_platform")) == [3, 4]


def test_filing_within_five_official_workdays():
    # 2025-09-30 开设：十一假期后 10 月 11 日（周六调休上班）起算，第 5 个工作日是 10 月 14 日
    opened = AccountEvent("opened", D(2025, 9, 30))
    a = acc(events=(opened,))
    r = inspect(Inputs(as_of=D(2025, 10, 10), accounts=(a,)))
    (f,) = rules_of(r, "registry.filing")
    assert f.state == AT_RISK and f.veto_on == D(2025, 10, 15) and "2025-10-14 前" in f.message
    on_time = acc(events=(opened,), filings=(Filing("opened", D(2025, 9, 30), D(2025, 10, 14)),))
    assert not rules_of(inspect(Inputs(as_of=D(2025, 10, 20), accounts=(on_time,))), "registry.filing")
    late = acc(events=(opened,), filings=(Filing("opened", D(2025, 9, 30), D(2025, 10, 16)),))
    (f,) = rules_of(inspect(Inputs(as_of=D(2025, 10, 20), accounts=(late,))), "registry.filing")
    assert f.state == FAILING and "才备案" in f.message


def test_closing_needs_a_notice_first():
    closed = acc(status="closed", closed_on=D(2025, 5, 10))
    (f,) = rules_of(inspect(Inputs(as_of=D(2025, 6, 1), accounts=(closed,))), "registry.closure_notice")
    assert "停更公告" in f.message
    noticed = acc(status="closed", closed_on=D(2025, 5, 10), filings=(Filing("notice", D(2025, 4, 20)),))
    assert not rules_of(inspect(Inputs(as_of=D(2025, 6, 1), accounts=(noticed,))), "registry.closure_notice")


def test_abnormal_follower_jump_against_history():
    gains = {D(2025, 5, 1) + dt.timedelta(days=i): 40.0 for i in range(20)}
    gains[D(2025, 5, 21)] = 6000.0
    gains[D(2025, 5, 22)] = 90.0
    a = acc(follower_gains=gains)
    (f,) = rules_of(inspect(Inputs(as_of=D(2025, 5, 25), accounts=(a,))), "growth.followers")
    assert "2025-05-21" in f.message and "6,000" in f.message
    steady = acc(follower_gains={D(2025, 5, 1) + dt.timedelta(days=i): 400.0 + i for i in range(24)})
    assert not rules_of(inspect(Inputs(as_of=D(2025, 5, 25), accounts=(steady,))), "growth.followers")


def test_failing_findings_come_first_and_serialise():
    accounts = (acc(1, last_update=D(2025, 6, 10)), acc(2, "某某发布", "weibo", "微博", last_update=D(2025, 5, 1)))
    r = inspect(Inputs(as_of=D(2025, 6, 20), accounts=accounts))
    assert [f.state for f in r.findings][:1] == [FAILING]
    d = r.to_dict()
    assert d["findings"][0]["veto_on"] == "2025-05-15" and d["pack_version"]
