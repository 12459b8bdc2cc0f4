"""的/地/得（typo.de）：定语“的”、状语“地”、补语“得”，应报 / 不应报（表驱动）。"""

from __future__ import annotations

import pytest

from rongmei.engines.proofing import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(packs=["typo"])


# (文本, 应报的字或 None, 建议)
CASES = [
    # 状语“地”：副形词/副词/叠音词 + 的/得 + 动词
    ("他认真的学习了文件。", "的", "地"),
    ("要稳步的推进各项工作。", "的", "地"),
    ("我们积极的发挥作用。", "的", "地"),
    ("大家默默的奉献着青春。", "的", "地"),
    # 补语“得”：动词/形容词 + 的/地 + 程度副词
    ("他跑的很快。", "的", "得"),
    ("这件事做的非常好。", "的", "得"),
    ("他做的不好。", "的", "得"),
    ("经济发展的更快了。", "的", "得"),
    ("她唱地十分动听。", "地", "得"),
    # 定语“的”：名词/代词/形容词/动词 + 地/得 + 名词
    ("这是我们地责任。", "地", "的"),
    ("我们得任务很重。", "得", "的"),
    ("美丽地风景让人难忘。", "地", "的"),
    ("这是大家提出地意见。", "地", "的"),
    # 不应报
    ("重要的不是结果。", None, None),
    ("大家都得去。", None, None),
    ("迎来一个又一个灿烂的太阳。", None, None),
    ("认真的学习态度。", None, None),
    ("彻底的批判精神是马克思主义的鲜明品格。", None, None),
    ("又要有坚决的维护定力和能力。", None, None),
    ("与奉献相比，得到的更多。", None, None),
    ("这药必须得吃一段时间。", None, None),
    ("适用侵权人经常居所地法律。", None, None),
    ("吓得孩子哭了起来。", None, None),
    ("这是一种积极的作用。", None, None),
    ("他们来到营地休息。", None, None),
]


@pytest.mark.parametrize(("text", "hit", "sugg"), CASES)
def test_de(engine: Engine, text: str, hit: str | None, sugg: str | None) -> None:
    found = [f for f in engine.check(text) if f.rule == "typo.de"]
    if hit is None:
        assert not found, found
    else:
        assert any(f.text == hit and f.suggestion == sugg for f in found), found


def test_comparative_attributive_is_not_complement(engine: Engine) -> None:
    text = "对科技工作提出新的更高要求。"
    assert not [f for f in engine.check(text) if f.rule == "typo.de"]
