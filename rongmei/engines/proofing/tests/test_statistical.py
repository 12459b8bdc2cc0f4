"""统计纠错层 typo.stat：音近/形近候选 + 词典语言模型打分；人名、训练集里见过的公文说法不改。"""

from __future__ import annotations

import pytest

from rongmei.engines.proofing import Engine
from rongmei.engines.proofing.rules import statistical


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(packs=["statistical"])


@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("进一步提高服务水品。", "品", "平"),
    ("今天天汽很好。", "汽", "气"),
    ("提高工作效律。", "律", "率"),
    ("我门一起去学校。", "门", "们"),
])
def test_statistical_layer_corrects_single_character_slips(engine: Engine, text: str, wrong: str, right: str) -> None:
    found = [(f.text, f.suggestion, f.severity) for f in engine.check(text)]
    assert (wrong, right, "中") in found or (wrong, right, "低") in found


def test_low_confidence_guesses_are_left_out_by_default_but_shown_in_a_thorough_check(engine: Engine) -> None:
    text = "各部门要密切配和，形成工作合力。"
    assert engine.check(text) == []
    thorough = Engine(packs=["statistical"], stat_confidence=statistical.THOROUGH_CONFIDENCE)
    assert [(f.text, f.suggestion) for f in thorough.check(text)] == [("和", "合")]


def test_confidence_is_stated_in_the_message_and_sets_the_severity(engine: Engine) -> None:
    (f,) = engine.check("进一步提高服务水品。")
    assert "把握" in f.message and "%" in f.message
    h = statistical.raw_hits("进一步提高服务水品。")[0]
    assert f.severity == ("中" if statistical.confidence(h) >= statistical.SURE else "低")


@pytest.mark.parametrize("text", ["副市长张建明同志指出。", "记者王晓丽报道。", "村民赵铁柱说。", "他叫李小龙。"])
def test_person_names_are_never_corrected(engine: Engine, text: str) -> None:
    assert engine.check(text) == []


@pytest.mark.parametrize("text", ["深化“放管服”改革。", "各地要依法依规开展工作。", "推进提标改造工程。"])
def test_newer_official_phrases_seen_in_training_text_are_left_alone(engine: Engine, text: str) -> None:
    assert engine.check(text) == []


def test_statistical_pack_is_on_by_default_and_can_be_switched_off() -> None:
    assert [f.rule for f in Engine().check("今天天汽很好。")] == ["typo.stat"]
    assert Engine(packs=["typo"]).check("今天天汽很好。") == []


def test_suggest_reports_the_language_model_gain() -> None:
    right, gain = statistical.suggest("提高服务水品", 5)
    assert right == "平" and gain >= statistical.THRESHOLD


def test_a_single_check_can_ask_for_the_thorough_level(engine: Engine) -> None:
    text = "各部门要密切配和，形成工作合力。"
    assert engine.check(text) == []
    found = engine.check(text, stat_confidence=statistical.THOROUGH_CONFIDENCE)
    assert [(f.text, f.suggestion) for f in found] == [("和", "合")]
    assert engine.check(text) == []  # 只影响这一次


def test_a_zai_for_zai_homophone_slip_in_official_copy_is_corrected_by_the_character_model(engine: Engine) -> None:
    # “再全市范围内”：两个字都是常用字、各自成词，只有字级 4 元语言模型看得出这里该用“在”
    found = [(f.text, f.suggestion) for f in engine.check("会议要求各地再全市范围内开展安全隐患排查。")]
    assert found == [("再", "在")]
    assert engine.check("会议要求各地在全市范围内开展安全隐患排查。") == []
    assert engine.check("问题整改后要再组织验收。") == []


@pytest.mark.parametrize("text", ["市长王再明在会上讲话。", "副县长李在军主持会议。"])
def test_zai_inside_a_person_name_is_not_corrected(engine: Engine, text: str) -> None:
    assert engine.check(text) == []


def test_character_model_prefers_the_right_homophone_in_context() -> None:
    from rongmei.engines.proofing import charlm

    lm = charlm.model()
    (d,) = lm.delta("依法严历打击违法犯罪", 3, ["厉"])
    assert d > 5  # 换成“严厉”后整句更像正常的公文
    (d,) = lm.delta("依法严厉打击违法犯罪", 3, ["历"])
    assert d < -5


@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("我们参观了毛主席记念堂。", "记", "纪"),
    ("他是这栋楼的官理员。", "官", "管"),
])
def test_a_slip_inside_a_rare_word_is_corrected_and_said_so(engine: Engine, text: str, wrong: str, right: str,
                                                            monkeypatch) -> None:
    # 分词把错字并进了一个少见的词（“记念”“官理”），换字后是常用词；词级与字级语言模型都认为换后更通顺
    (f,) = engine.check(text)
    assert (f.text, f.suggestion) == (wrong, right)
    assert "更常见的词" in f.message and "把握" in f.message
    monkeypatch.setattr(statistical, "INWORD_MAXF", None)  # 不查多字词里的字时查不出
    assert engine.check(text) == []


def test_a_swap_that_forms_no_word_is_corrected_when_both_language_models_agree(engine: Engine, monkeypatch) -> None:
    # “钻很多钱”：换成“赚”后不组成词典词（原来的统计层不看这类候选）；“钻→赚”是训练集错字对，词级与字级模型都支持
    text = "做这份工作就可以钻很多钱。"
    assert [(f.text, f.suggestion) for f in engine.check(text)] == [("钻", "赚")]
    monkeypatch.setattr(statistical, "RESCUE_CLM", None)  # 关掉这条路就查不出
    assert engine.check(text) == []


@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("这是一个很好得办法。", "得", "的"),
    ("我们今天玩地很开心。", "地", "得"),
    ("简单得说，就是要抓落实。", "得", "地"),
])
def test_de_di_de_mixups_the_grammar_rules_miss_are_caught_when_both_language_models_agree(
        engine: Engine, text: str, wrong: str, right: str, monkeypatch) -> None:
    found = [(f.text, f.suggestion) for f in engine.check(text)]
    assert found == [(wrong, right)]
    monkeypatch.setattr(statistical, "WORD_SWAP_CLM", None)
    assert engine.check(text) == []


@pytest.mark.parametrize("text", ["他说得很对。", "这是我做的饭。", "他高兴地笑了。", "我的妈妈是老师。"])
def test_correct_de_di_de_is_left_alone(engine: Engine, text: str) -> None:
    assert engine.check(text) == []
