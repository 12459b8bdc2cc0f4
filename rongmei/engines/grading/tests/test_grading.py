"""舆情分级：信号提取、各条件、规则校验。"""

from __future__ import annotations

import pytest

from rongmei.engines.grading import (
    DEFAULT_RULES,
    GradingRules,
    GradingRulesError,
    GroupFacts,
    Signals,
    default_lexicon,
    grade,
    merge_signals,
    scan,
)

LEX = default_lexicon()


def test_scan_finds_casualties_with_counts_and_ignores_no_casualty_wording():
    s = scan("某路段积水致3人受伤，其中一人重伤，市民质疑排水不力", LEX)
    assert s.casualties == 3 and s.mentions_casualties
    assert scan("事故造成十二名工人遇难", LEX).casualties == 12
    assert scan("现场多人受伤", LEX).casualties == 2
    none = scan("暴雨导致道路积水，未造成人员伤亡", LEX)
    assert not none.mentions_casualties


def test_scan_finds_sensitive_terms_fallen_officials_and_named_leaders():
    s = scan("网传原司法部部长傅政华之事与李强有关，另有人兜售代开发票", LEX)
    cats = dict((c, t) for t, c in s.sensitive)
    assert cats["fallen_official"] == "傅政华" and cats["sensitive"] == "代开发票"
    assert ("李强", "中共中央政治局常委、国务院总理") in s.officials
    secret = scan("文件标注机密★1年，内部资料请勿外传", LEX)
    assert any(c == "secrecy" for _, c in secret.sensitive)


def test_quiet_small_group_is_general_with_a_reason():
    g = grade(GroupFacts(volume=3, negative=1, previous_volume=2))
    assert g.level == "general" and g.label == "一般"
    assert "未达到较大标准" in g.reasons[0]


def test_one_negative_mention_with_casualties_is_larger():
    g = grade(GroupFacts(volume=1, negative=1, signals=scan("积水致2人受伤", LEX)))
    assert g.level == "larger"
    assert any("伤亡 2 人" in r for r in g.reasons)


def test_negative_share_needs_enough_volume():
    assert grade(GroupFacts(volume=2, negative=2)).level == "general"
    g = grade(GroupFacts(volume=10, negative=6))
    assert g.level == "larger" and any("负面占比 60%" in r for r in g.reasons)


def test_growth_from_previous_window():
    g = grade(GroupFacts(volume=12, previous_volume=4))
    assert g.level == "larger" and any("增长 200%" in r and "4 → 12" in r for r in g.reasons)


def test_major_needs_two_conditions_by_default():
    facts = GroupFacts(volume=150, negative=120, previous_volume=30,
                       signals=scan("事故已致5人死亡", LEX))
    g = grade(facts)
    assert g.level == "major" and g.label == "重大"
    assert g.reasons[0].startswith("满足重大标准的 4 项条件")
    only_volume = grade(GroupFacts(volume=150, negative=10))
    assert only_volume.level == "larger"  # 只有信息量一项达到重大


def test_workspace_rules_change_the_outcome():
    rules = GradingRules.from_dict({"larger": {"volume": 5, "growth": "", "negative_share": "", "sensitive": False,
                                               "officials": False, "casualties": ""}})
    assert grade(GroupFacts(volume=6), rules).level == "larger"
    assert grade(GroupFacts(volume=1, signals=scan("2人受伤", LEX)), rules).level == "general"
    assert GradingRules.from_dict(rules.to_dict()) == rules


def test_sensitive_categories_can_be_switched_off():
    facts = GroupFacts(volume=1, signals=scan("傅政华", LEX))
    assert grade(facts).level == "larger"
    rules = GradingRules.from_dict({**DEFAULT_RULES.to_dict(), "categories": ["sensitive"]})
    assert grade(facts, rules).level == "general"


def test_bad_rules_are_reported_in_chinese_per_field():
    with pytest.raises(GradingRulesError) as err:
        GradingRules.from_dict({"larger": {"volume": "很多", "negative_share": 150},
                                "major": {"min_conditions": 9}})
    e = err.value.errors
    assert e["larger.volume"] == "较大：信息量（条）应为数字"
    assert e["larger.negative_share"] == "较大：负面占比（%）不能超过 100"
    assert "1 到 6 之间" in e["major.min_conditions"]
    with pytest.raises(GradingRulesError, match="至少要设一项条件"):
        GradingRules.from_dict({"larger": {"volume": "", "growth": "", "negative_share": "", "sensitive": False,
                                           "officials": False, "casualties": ""}})


def test_signals_merge_and_round_trip():
    merged = merge_signals([scan("3人受伤", LEX), scan("5人受伤，李强到场", LEX)])
    assert merged.casualties == 5 and merged.officials
    assert Signals.from_json(merged.to_json()) == merged
