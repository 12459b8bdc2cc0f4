"""词级 3 元语言模型 wordlm：随包的 libime 模型能区分对错；模型缺失时返回 0、统计层照常工作；kenlm 按需才导入。"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rongmei.engines.proofing import Engine, wordlm
from rongmei.engines.proofing.rules import statistical


@pytest.fixture
def fresh_model():
    """每个测试前后清掉已加载的模型，环境变量的改动不会漏到别的测试里。"""
    wordlm.model.cache_clear()
    yield
    wordlm.model.cache_clear()


def test_bundled_model_loads_and_prefers_the_correct_character(fresh_model) -> None:
    assert wordlm.model_path().is_file()
    m = wordlm.model()
    assert m is not None
    assert m.order == 3
    # 错字改对：“严历打击”→“严厉打击”，窗口的对数概率明显上升
    wrong = "王再明同志表示要严历打击"
    assert wrong[9] == "历"
    (up,) = wordlm.delta(wrong, 9, ["厉"])
    assert up > 5
    # 对的改错：“严厉打击”→“严历打击”，概率下降
    right = "我们要严厉打击犯罪"
    assert right[4] == "厉"
    (down,) = wordlm.delta(right, 4, ["历"])
    assert down < 0
    # 换成原字本身，差值为 0；每个候选各给一个值
    assert wordlm.delta(right, 4, ["厉", "历", "力"])[0] == pytest.approx(0.0)
    assert len(wordlm.delta(right, 4, ["厉", "历", "力"])) == 3


def test_missing_model_gives_zero_deltas_and_the_statistical_layer_still_works(
    fresh_model, monkeypatch
) -> None:
    monkeypatch.setenv("RONGMEI_WORDLM", "/nonexistent/rongmei-wordlm/zh_CN.lm")
    wordlm.model.cache_clear()
    assert wordlm.model() is None
    assert wordlm.delta("王再明同志表示要严历打击", 9, ["厉", "立"]) == [0.0, 0.0]

    seen: list[list[float]] = []
    real_delta = wordlm.delta

    def spy(*args, **kwargs):
        out = real_delta(*args, **kwargs)
        seen.append(out)
        return out

    monkeypatch.setattr(wordlm, "delta", spy)
    # 没有词级模型时把握偏低（权重是带着这一项拟合的）：默认级别可能不报，细查仍能查出
    thorough = Engine(packs=["statistical"], stat_confidence=statistical.THOROUGH_CONFIDENCE)
    found = [(f.text, f.suggestion, f.rule) for f in thorough.check("进一步提高服务水品。")]
    assert ("品", "平", "typo.stat") in found
    # 统计层确实问过词级模型，拿到的都是 0
    assert seen
    assert all(x == 0.0 for out in seen for x in out)


def test_kenlm_is_not_imported_until_the_word_model_is_needed() -> None:
    code = (
        "import sys\n"
        "from rongmei.engines.proofing import Engine\n"
        "Engine()\n"
        "Engine(packs=['statistical'])\n"
        "assert 'kenlm' not in sys.modules, 'kenlm imported at engine creation'\n"
        "from rongmei.engines.proofing import wordlm\n"
        "assert 'kenlm' not in sys.modules, 'kenlm imported with wordlm'\n"
        "assert wordlm.model() is not None\n"
        "assert 'kenlm' in sys.modules\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "RONGMEI_WORDLM"}
    root = Path(__file__).resolve().parents[4]
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, cwd=root
    )
    assert r.returncode == 0, r.stderr
