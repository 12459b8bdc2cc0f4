"""内置登记表（领导职务姓名、落马官员）的数据与匹配行为：核对后的名单在文中能被认出来、按文章日期判断职务。"""

from __future__ import annotations

import re

import pytest

from rongmei.engines.proofing import Engine
from rongmei.engines.proofing.packs import load_yaml


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(packs=["fallen_official", "leader_title"])


def _rules(engine: Engine, text: str, date: str, category: str) -> list[str]:
    return [f.rule for f in engine.check(text, date=date) if f.category == category]


# ---- 登记表本身 ----


def test_every_entry_carries_its_evidence_or_says_it_was_not_verified() -> None:
    for pack in ("leader_title", "fallen_official"):
        data = load_yaml(pack)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["as_of"])
        for entry in data["entries"]:
            assert isinstance(entry.get("evidence"), list), entry["name"]
            for ev in entry["evidence"]:
                assert ev["url"].startswith("http") and ev["publisher"] and re.match(r"\d{4}", str(ev["date"])), ev


def test_fallen_register_dates_are_not_after_as_of_and_names_are_unique() -> None:
    data = load_yaml("fallen_official")
    names = [e["name"] for e in data["entries"]]
    assert len(names) == len(set(names))
    assert max(e["date"] for e in data["entries"]) <= data["as_of"]
    assert len(names) >= 50


def _current(entry: dict, date: str) -> list[str]:
    return [p["title"] for p in entry.get("positions") or ()
            if str(p.get("from") or "") <= date and (not p.get("until") or date < str(p["until"]))]


def test_leader_register_holds_the_politburo_as_published() -> None:
    entries = load_yaml("leader_title")["entries"]
    # 二十届一中全会选出 24 名政治局委员；何卫东 2025-10-17 被开除党籍后为 23 人（截至存储网页 2026-03）
    at_start = [e["name"] for e in entries if {"中共中央政治局委员", "中共中央政治局常委"} & set(_current(e, "2022-11-01"))]
    standing_at_start = [e["name"] for e in entries if "中共中央政治局常委" in _current(e, "2022-11-01")]
    now = [e["name"] for e in entries if {"中共中央政治局委员", "中共中央政治局常委"} & set(_current(e, "2026-03-11"))]
    # 习近平的总书记职务代表其常委身份
    assert len(at_start) + 1 == 24 and len(standing_at_start) + 1 == 7
    assert len(now) + 1 == 23 and "何卫东" not in now
    ranked = sorted((e for e in entries if e.get("rank")), key=lambda e: e["rank"])
    assert [e["name"] for e in ranked][:7] == ["习近平", "李强", "赵乐际", "王沪宁", "蔡奇", "丁薛祥", "李希"]


# ---- 匹配行为 ----


@pytest.mark.parametrize(("text", "date"), [
    ("据报道，孙绍骋曾在内蒙古工作多年。", "2026-02-01"),  # 2026-01-29 通报
    ("王祥喜出席安全生产会议并讲话。", "2026-02-01"),
    ("会上，林向阳同志作了发言。", "2026-01-01"),  # 2025-10-17 国防部通报的九名上将之一
])
def test_newly_added_fallen_official_is_flagged_in_running_text(engine: Engine, text: str, date: str) -> None:
    assert _rules(engine, text, date, "fallen_official") == ["fallen_official.registry"]


def test_fallen_official_message_says_what_was_announced(engine: Engine) -> None:
    [f] = [f for f in engine.check("魏凤和出席了会议。") if f.category == "fallen_official"]
    assert "2024-06-27" in f.message and "开除党籍" in f.message and "接受审查调查" not in f.message
    [f] = [f for f in engine.check("孙绍骋出席了会议。") if f.category == "fallen_official"]
    assert "2026-01-29" in f.message and "接受审查调查" in f.message


def test_corrected_dates_are_used(engine: Engine) -> None:
    [f] = [f for f in engine.check("唐一军出席了会议。") if f.category == "fallen_official"]
    assert "2024-04-02" in f.message
    [f] = [f for f in engine.check("傅政华出席了会议。") if f.category == "fallen_official"]
    assert "2021-10-02" in f.message


def test_whole_names_only_for_new_entries(engine: Engine) -> None:
    # “王昊”登记在名单里；“王昊天”是另一个人名的一部分时不报（名字末字与后字组成常用词“天下”等时同理）
    assert _rules(engine, "王昊出席会议。", "2025-01-01", "fallen_official") == ["fallen_official.registry"]
    assert _rules(engine, "国王昊天罔极。", "2025-01-01", "fallen_official") == []


LEADER_DATED = [
    # 马兴瑞 2025-07-01 卸任新疆维吾尔自治区党委书记
    ("新疆维吾尔自治区党委书记马兴瑞出席会议。", "2025-12-01", ["leader_title.outdated"]),
    ("新疆维吾尔自治区党委书记马兴瑞出席会议。", "2024-12-01", []),
    ("中共中央政治局委员马兴瑞出席会议。", "2025-12-01", []),
    # 张升民 2025-10-23 由中央军委委员增补为副主席
    ("中央军委委员张升民出席会议。", "2026-01-10", ["leader_title.outdated"]),
    ("中央军委副主席张升民出席会议。", "2026-01-10", []),
    ("中央军委委员张升民出席会议。", "2024-01-10", []),
    # 秦刚 2023-07-25 被免去外交部部长
    ("外交部部长秦刚会见外宾。", "2024-01-01", ["leader_title.outdated"]),
    ("外交部部长秦刚会见外宾。", "2023-05-01", []),
    # 石泰峰、李干杰 2025-04-02 对调
    ("中央组织部部长石泰峰出席会议。", "2025-06-01", []),
    ("全国人大常委会副委员长李鸿忠出席会议。", "2025-06-01", []),
    # 蔡奇 2022-11-13 卸任北京市委书记；现职里也有“书记”（中央书记处书记），写全的旧职务仍是过时
    ("北京市委书记蔡奇出席会议。", "2024-05-01", ["leader_title.outdated"]),
    ("北京市委书记蔡奇出席会议。", "2020-05-01", []),
    ("中央书记处书记蔡奇出席会议。", "2024-05-01", []),
    ("书记处书记蔡奇出席会议。", "2024-05-01", []),
    ("中办主任蔡奇出席会议。", "2024-05-01", []),
    ("上海市委书记李强出席会议。", "2024-05-01", ["leader_title.outdated"]),
    ("总理李强出席会议。", "2024-05-01", []),
]


@pytest.mark.parametrize(("text", "date", "rules"), LEADER_DATED)
def test_leader_title_against_article_date(engine: Engine, text: str, date: str, rules: list[str]) -> None:
    assert _rules(engine, text, date, "leader_title") == rules


def test_outdated_military_title_names_the_current_holder(engine: Engine) -> None:
    [f] = [f for f in engine.check("中央军委委员张升民出席会议。", date="2026-01-10") if f.category == "leader_title"]
    assert "2025-10-23" in f.message and f.suggestion.startswith("中央军委副主席")


@pytest.mark.parametrize(("text", "expected"), [
    ("王沪宁、赵乐际出席会议。", "赵乐际、王沪宁"),
    ("蔡奇、丁薛祥、李希、王沪宁出席会议。", "王沪宁、蔡奇、丁薛祥、李希"),
])
def test_wrong_order_of_standing_members_is_flagged(engine: Engine, text: str, expected: str) -> None:
    [f] = [f for f in engine.check(text, date="2025-06-01") if f.category == "leader_title"]
    assert f.rule == "leader_title.order" and f.suggestion == expected


def test_standing_members_in_official_order_pass(engine: Engine) -> None:
    text = "习近平、李强、赵乐际、王沪宁、蔡奇、丁薛祥、李希出席会议。"
    assert _rules(engine, text, "2025-06-01", "leader_title") == []


def test_workspace_leader_entry_replaces_the_builtin_row_of_the_same_name() -> None:
    eng = Engine(packs=["leader_title"], extra={"leader_title": [
        {"name": "马兴瑞", "title": "中共中央政治局委员、某委员会主任",
         "positions": [{"title": "某委员会主任", "from": "2025-08-01"}]}]})
    assert _rules(eng, "某委员会主任马兴瑞出席会议。", "2025-12-01", "leader_title") == []
    # 只按工作区的那一条检查一次（不会内置、工作区各报一条）
    assert _rules(eng, "新疆维吾尔自治区党委书记马兴瑞出席会议。", "2025-12-01", "leader_title") == ["leader_title.mismatch"]
