"""易混字语境规则（typo.context）与语言模型层（typo.lm）：应报 / 不应报。"""

from __future__ import annotations

import pytest

from rongmei.engines.proofing import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(packs=["typo"])


# (文本, 应命中的字或 None, 建议)
CASES = [
    ("截止目前全市共有3000余名志愿者。", "截止", "截至"),
    ("报名截止日期为11月30日。", None, None),
    ("他带着口罩走进会场。", "带", "戴"),
    ("请随身携带口罩。", None, None),
    ("会上佩带党徽。", "佩带", "佩戴"),
    ("他戴领群众致富。", "戴", "带"),
    ("他戴领带出席。", None, None),
    ("我们要做出更大贡献。", "做", "作"),
    ("我们要做好工作。", None, None),
    ("要作好准备。", "作", "做"),
    ("即要发展经济，又要保护环境。", "即", "既"),
    ("要坚持即定目标。", "即", "既"),
    ("会议即将召开。", None, None),
    ("他们以经完成任务。", "以", "已"),
    ("坚持以经济建设为中心。", None, None),
    ("好象下雨了。", "象", "像"),
    ("这是一种社会现象。", None, None),
    ("必需坚持党的领导。", "必需", "必须"),
    ("粮食是生活必需品。", None, None),
    ("困难再所难免。", "再所难免", "在所难免"),
]


@pytest.mark.parametrize(("text", "hit", "sugg"), CASES)
def test_context(engine: Engine, text: str, hit: str | None, sugg: str | None) -> None:
    found = [f for f in engine.check(text) if f.rule in ("typo.context", "typo.jiezhi_jiezhi", "typo.wordpair")]
    if hit is None:
        assert not found, found
    else:
        assert any(f.text == hit and f.suggestion == sugg for f in found), found


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [("加快建设现代化径济体系。", "径", "经"), ("要进一步提高工作效律。", "律", "率")],
)
def test_lm_flags_nonword(engine: Engine, text: str, wrong: str, right: str) -> None:
    found = [f for f in engine.check(text) if f.rule == "typo.lm"]
    assert any(f.text == wrong and f.suggestion == right and f.severity == "低" for f in found), found


@pytest.mark.parametrize("text", ["习近平总书记在北京出席会议。", "全市经济运行稳中有进。", "抗疫一线的医务人员辛苦了。"])
def test_lm_quiet_on_clean_text(engine: Engine, text: str) -> None:
    assert not [f for f in engine.check(text) if f.rule == "typo.lm"]


# 误报修正（issue 15，人民日报 / 学习强国无错句里看到的三类构式）：原来被 typo.lm 报成错字的句子现在不报，
# 同一条规则针对的真错字仍然报出。
@pytest.mark.parametrize(
    ("clean", "typo", "wrong", "right"),
    [
        # 音译外国人名后跟头衔：人名里的“契奇”不是错字；同句里真正的非词错字照报
        ("我期待同武契奇总统继续保持密切沟通。", "武契奇总统强调要提高工作效律。", "律", "率"),
        # “动词 + 点/些/下”是“动词 + 一点/一些/一下”省去“一”；别的量词（讨轮 -> 讨论）照报
        ("让年轻人看书看报，懂点科学。", "我们跟同学一起讨轮。", "轮", "论"),
        # 由“对、和、与……”连着的两个人名（比赛对阵名单）：“对伍霞”不是“队伍”；真的“对伍”照报
        ("黄薇对高华、胡明对伍霞。", "他们组成了一支很强的对伍。", "对", "队"),
    ],
)
def test_lm_no_longer_flags_names_and_verb_measure(engine: Engine, clean: str, typo: str, wrong: str, right: str) -> None:
    assert not [f for f in engine.check(clean) if f.rule == "typo.lm"]
    found = [f for f in engine.check(typo) if f.rule == "typo.lm"]
    assert any(f.text == wrong and f.suggestion == right for f in found), found
