"""按类别的表驱动测试：每类都有应报与不应报的例子。"""

from __future__ import annotations

import re

import pytest

from rongmei.engines.proofing import RULEPACK_VERSION, Checker, Engine, Finding, check, error_rate
from rongmei.engines.proofing.rules.patterns import id_checksum_ok, luhn_ok


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _hits(engine: Engine, text: str, category: str) -> list[Finding]:
    return [f for f in engine.check(text) if f.category == category]


# (类别, 文本, 应命中的片段或 None 表示不应报, 期望建议)
CASES = [
    # sensitive：白名单与语境例外
    ("sensitive", "网上有人兜售法轮功宣传品。", "法轮功", None),
    ("sensitive", "政府和中国共产党始终关心残疾人事业。", None, None),
    ("sensitive", "坚决反对“台独”分裂行径。", None, None),
    ("sensitive", "研究方法论很重要。", None, None),
    # banned_expression：禁用 -> 推荐
    ("banned_expression", "社区为残废人提供上门服务。", "残废人", "残疾人"),
    ("banned_expression", "学校招收聋哑人学生。", "聋哑人", "聋人/听力残疾人"),
    ("banned_expression", "不要叫他弱智。", "弱智", "智力障碍者"),
    ("banned_expression", "残疾人、盲人和聋人都能享受补贴。", None, None),
    ("banned_expression", "这是一个瞎子摸象的故事。", None, None),
    ("banned_expression", "北朝鲜发射了卫星。", "北朝鲜", "朝鲜"),
    # fallen_official：按人名匹配
    ("fallen_official", "孙政才同志出席活动并讲话。", "孙政才", None),
    ("fallen_official", "傅政华表示要加强监管。", "傅政华", None),
    ("fallen_official", "他的高明远见令人佩服。", None, None),
    # typo：词对与语境
    ("typo", "截止目前，全市共接待游客30万人次。", "截止", "截至"),
    ("typo", "报名截止日期为11月30日。", None, None),
    ("typo", "我们迫不急待地出发了。", "迫不急待", "迫不及待"),
    ("typo", "疫情期间请带口罩出行。", "带口罩", "戴口罩"),
    ("typo", "既使困难再大也要完成任务。", "既使", "即使"),
    ("typo", "他跑的很快。", "的", "得"),
    ("typo", "这是动物地本能。", "地", "的"),
    ("typo", "我们的的目标很明确。", "的的", "的"),
    ("typo", "这件事最后不了了之。", None, None),
    ("typo", "达到目的的手段。", None, None),
    ("typo", "推动经济发展转变方式。", None, None),
    # punctuation
    ("punctuation", "我们要加强协调,形成合力。", ",", "，"),
    ("punctuation", "会议强调，，要抓好落实。", "，，", "，"),
    ("punctuation", "他说：“我们一定完成任务。", "“", None),
    ("punctuation", "他说：“我们一定完成任务。”", None, None),
    ("punctuation", "春天来了...花开了。", "...", "……"),
    ("punctuation", "时间是10:30，地点在1.5号楼。", None, None),
    # number
    ("number", "二0二四年全市经济稳中有进。", "二0二四年", None),
    ("number", "2023年2月30日召开会议。", "2023年2月30日", None),
    ("number", "2024年2月29日召开会议。", None, None),
    ("number", "约400万左右的流动人口。", "约400万左右", "约400万"),
    # law_title
    ("law_title", "依照中华人民共和国个人信息保护法的规定。", "中华人民共和国个人信息保护法", "《中华人民共和国个人信息保护法》"),
    ("law_title", "依照《中华人民共和国个人信息保护法》的规定。", None, None),
    # traditional
    ("traditional", "這是一篇文章。", "這", "这"),
    ("traditional", "乾坤朗朗，著作等身。", None, None),
    # headline
    ("headline", "震惊！史上最严禁令来了", "震惊！", None),
    ("headline", "九一八事变震惊中外。", None, None),
    # privacy
    ("privacy", "身份证号11010519491231002X。", "11010519491231002X", None),
    ("privacy", "编号110105194912310021。", None, None),
    ("privacy", "卡号6222 0000 0000 0000 007已冻结。", None, None),
    ("privacy", "联系电话13812345678。", "13812345678", None),
    # secrecy
    ("secrecy", "秘密★1年 关于某事项的通知", "秘密★", None),
    ("secrecy", "本材料为内部资料，注意保密。", "内部资料", None),
    ("secrecy", "加强涉密人员管理，保护商业机密。", None, None),
]


@pytest.mark.parametrize(("category", "text", "hit", "suggestion"), CASES)
def test_category(engine: Engine, category: str, text: str, hit: str | None, suggestion: str | None) -> None:
    found = _hits(engine, text, category)
    if hit is None:
        assert found == [], [f.to_dict() for f in found]
        return
    match = [f for f in found if f.text == hit]
    assert match, f"应报出“{hit}”，实际：{[f.to_dict() for f in found]}"
    f = match[0]
    assert text[f.start : f.end] == f.text
    assert f.message and f.severity in ("高", "中", "低")
    assert f.rulepack.startswith(RULEPACK_VERSION)
    if suggestion is not None:
        assert f.suggestion == suggestion


def test_offsets_are_code_points_in_chinese_text(engine: Engine) -> None:
    text = "《通知》指出：𠀋截止目前，残废人、聋哑人都要照顾。"
    found = engine.check(text)
    assert found
    for f in found:
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    ("number", "ok"),
    [("11010519491231002X", True), ("110105194912310021", False), ("44030719900307123X", False)],
)
def test_id_checksum(number: str, ok: bool) -> None:
    assert id_checksum_ok(number) is ok


@pytest.mark.parametrize(
    ("number", "ok"), [("4111111111111111", True), ("4111111111111112", False), ("6222000000000000007", False)]
)
def test_luhn(number: str, ok: bool) -> None:
    assert luhn_ok(number) is ok


def test_bank_card_flagged_only_with_valid_luhn(engine: Engine) -> None:
    assert [f.rule for f in _hits(engine, "请转账到4111 1111 1111 1111。", "privacy")] == ["privacy.bank_card"]
    assert _hits(engine, "请转账到4111 1111 1111 1112。", "privacy") == []


def test_fallen_official_in_crackdown_context_is_low(engine: Engine) -> None:
    [f] = _hits(engine, "唐仁健因严重违纪违法被查。", "fallen_official")
    assert f.severity == "低"
    [f] = _hits(engine, "唐仁健出席开幕式。", "fallen_official")
    assert f.severity == "高" and "2024-05-18" in f.message and "中央纪委国家监委" in f.message


LEADER_CASES = [
    ("国务院总理李强主持会议。", "2024-05-01", []),
    ("李强总理主持会议。", "2024-05-01", []),
    ("国务院总理李克强主持会议。", "2024-05-01", ["leader_title.outdated"]),  # 2023-03-11 卸任
    ("国务院总理李克强主持会议。", "2020-05-01", []),  # 当时在任
    ("原国务院总理李克强的遗体在北京火化。", "2023-11-02", []),
    ("国务院副总理李强主持会议。", "2024-05-01", ["leader_title.mismatch"]),
    ("习近平、李强、赵乐际出席会议。", "2024-05-01", []),
    ("赵乐际、习近平出席会议。", "2024-05-01", ["leader_title.order"]),
    ("中共中央总书记、国家主席、中央军委主席习近平出席会议。", "2024-05-01", []),
    ("国家主席、中共中央总书记习近平出席会议。", "2024-05-01", ["leader_title.title_order"]),
    ("李强调研时指出。", "2024-05-01", []),  # “李|强调”：不是人名
    ("王毅、何立峰出席会议。", "2024-05-01", []),  # 没有固定排序的领导不查排序
]


@pytest.mark.parametrize(("text", "date", "rules"), LEADER_CASES)
def test_leader_title(engine: Engine, text: str, date: str, rules: list[str]) -> None:
    assert [f.rule for f in engine.check(text, date=date) if f.category == "leader_title"] == rules


def test_leader_title_order_suggests_the_official_order(engine: Engine) -> None:
    [f] = [f for f in engine.check("国家主席、中共中央总书记习近平出席会议。") if f.category == "leader_title"]
    assert f.text == "国家主席、中共中央总书记习近平"
    assert f.suggestion == "中共中央总书记、国家主席、中央军委主席习近平"


def test_outdated_title_names_the_successor(engine: Engine) -> None:
    [f] = [f for f in engine.check("国务院总理李克强主持会议。", date="2024-01-10") if f.category == "leader_title"]
    assert "2023-03-11" in f.message and "现任国务院总理为李强" in f.message and f.severity == "高"


def test_registers_are_real_dated_and_sourced() -> None:
    from rongmei.engines.proofing.packs import load_yaml

    for pack in ("leader_title", "fallen_official"):
        data = load_yaml(pack)
        assert not data.get("example") and data["version"] and data["as_of"]
        for entry in data["entries"]:
            assert entry["source"], entry
            assert "示例" not in str(entry)
    for entry in load_yaml("fallen_official")["entries"]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["date"])
    for entry in load_yaml("leader_title")["entries"]:
        for p in entry["positions"]:  # 起始日期未核实的现任职务可以不写 from（见 test_registers.py）
            assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(p[k])) for k in ("from", "until") if p.get(k)), p


NAME_BOUNDARY_CASES = [
    ("高明远非常人可及。", "远非", False),  # 工作区登记了“高明远”，“远非”是常用词：不是人名
    ("高明远同志出席会议。", "", True),
    ("高明远表示同意。", "", True),
    ("他的高明远见令人佩服。", "远见", False),
]


@pytest.mark.parametrize(("text", "_why", "fires"), NAME_BOUNDARY_CASES)
def test_workspace_fallen_official_matches_whole_names_only(text: str, _why: str, fires: bool) -> None:
    eng = Engine(packs=["fallen_official"], extra={"fallen_official": [{"name": "高明远", "date": "2023-03-15"}]})
    assert bool(eng.check(text)) is fires


def test_leader_title_from_workspace_extra() -> None:
    eng = Engine(packs=["leader_title"], extra={"leader_title": [
        {"name": "赵一鸣", "title": "某县县长", "rank": 1}, {"name": "钱二虎", "title": "某县副县长", "rank": 2}]})
    [f] = eng.check("副县长赵一鸣主持会议。")
    assert f.rule == "leader_title.mismatch" and f.suggestion == "某县县长赵一鸣"
    assert [f.rule for f in eng.check("钱二虎、赵一鸣参加。")] == ["leader_title.order"]


QUOTE_CASES = [
    ("习近平指出，“绿水青山就是金银山”。", "绿水青山就是金山银山"),
    ("习近平指出，“绿水青山就是金山银山”。", None),
    ("他说：“绿水青山就是金银山”。", None),  # 未归属讲话人，不核对
]


@pytest.mark.parametrize(("text", "suggestion"), QUOTE_CASES)
def test_quotation(engine: Engine, text: str, suggestion: str | None) -> None:
    found = _hits(engine, text, "quotation")
    if suggestion is None:
        assert found == []
    else:
        assert [f.suggestion for f in found] == [suggestion]
        assert found[0].severity == "高"


def test_workspace_extra_and_whitelist() -> None:
    eng = Engine(
        extra={
            "fallen_official": [{"name": "马有才", "date": "2024-05-01", "note": "测试"}],
            "sensitive": [{"term": "示例敏感词", "severity": "高"}, {"term": "政府", "severity": "高"}],
            "banned_expression": [{"term": "老赖", "suggestion": "失信被执行人"}],
        },
        whitelist=["示例敏感词汇表"],
    )
    assert eng.version.startswith(RULEPACK_VERSION + "+ws.")
    cats = {(f.category, f.text) for f in eng.check("马有才说示例敏感词和老赖都要管，政府要管。")}
    assert ("fallen_official", "马有才") in cats
    assert ("sensitive", "示例敏感词") in cats
    assert ("banned_expression", "老赖") in cats
    assert not any(t == "政府" for _c, t in cats)  # 白名单优先
    assert not [f for f in eng.check("请查阅示例敏感词汇表。") if f.category == "sensitive"]


def test_packs_selection_and_unknown_pack() -> None:
    eng = Engine(packs=["privacy"])
    assert {f.category for f in eng.check("残废人，13812345678")} == {"privacy"}
    with pytest.raises(ValueError, match="未知的规则类别"):
        Engine(packs=["nope"])


def test_compiled_rules_are_cached() -> None:
    a = Engine(extra={"sensitive": [{"term": "缓存测试词"}]})
    b = Engine(extra={"sensitive": [{"term": "缓存测试词"}]})
    assert a._compiled is b._compiled
    assert Engine()._compiled is not a._compiled


def test_finding_is_frozen_and_serialisable(engine: Engine) -> None:
    f = engine.check("残废人")[0]
    d = f.to_dict()
    assert set(d) == {"start", "end", "text", "category", "rule", "severity", "suggestion", "message", "rulepack",
                      "source"}
    assert d["source"] == "rules"
    with pytest.raises(AttributeError):
        f.start = 3  # type: ignore[misc]


def test_engine_satisfies_checker_protocol(engine: Engine) -> None:
    assert isinstance(engine, Checker)


def test_module_level_check() -> None:
    assert any(f.suggestion == "残疾人" for f in check("残废人"))
    assert check("") == []


def test_error_rate() -> None:
    text = "截止目前，全市共有残废人三千余名。" * 10  # 每句 15 个汉字
    findings = check(text)
    rate = error_rate(findings, text)
    # 每句 2 处差错（截止、残废人）/ 150 字 × 10000
    assert rate == pytest.approx(20 / 150 * 10000)
    assert error_rate([], "") == 0.0
    assert error_rate(check("联系电话13812345678。"), "联系电话13812345678。") == 0.0  # 隐私不计入差错率


@pytest.mark.parametrize(("text", "expected"), [
    ("有限公司创始人苗建全说：几年前就开始了。", []),
    ("赵乐际同希奇莱马总统会见。", []),
    ("这件事很希奇。", [("希奇", "稀奇")]),
    ("我们要建全社会保障体系。", [("建全", "健全")]),
])
def test_word_pairs_are_not_corrected_inside_person_names(text, expected) -> None:
    found = [(f.text, f.suggestion) for f in Engine(packs=["typo"]).check(text) if f.rule == "typo.wordpair"]
    assert found == expected
