"""成语一字之差（typo.idiom）：应报 / 不应报（表驱动）。

直接调用规则本身（``idiom.run``），因为“再接再励”等常见误写同时也在 ``typo.yaml`` 词对表里，
经引擎去重后只保留词对表那一条。"""

from __future__ import annotations

import pytest

from rongmei.engines.proofing import Engine
from rongmei.engines.proofing.context import Context
from rongmei.engines.proofing.rules import idiom


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(packs=["typo"])


POSITIVE = [
    ("我们要再接再励，争取更大胜利。", "励", "厉"),
    ("他迫不急待地打开了信。", "急", "及"),
    ("工作要按步就班地推进。", "步", "部"),
    ("他们在工作中兢兢业叶。", "叶", "业"),
    ("会上大家各抒己建。", "建", "见"),
    ("他做事总是虎头蛇委。", "委", "尾"),
    ("那就事伴功倍了。", "伴", "半"),
]

NEGATIVE = [
    "我们要再接再厉，争取更大胜利。",  # 正确成语
    "他迫不及待地打开了信。",
    "一心一意为人民服务。",
    "实事求是是党的思想路线。",
    "张家界市人民政府发布通知。",  # 专名
    "南京长江大桥通车了。",
    "中华人民共和国万岁。",
    "解放和增强社会活力的总开关。",  # 两个词拼成：社会|活力（≈社会活动）
    "科学预见形势发展走势。",  # 发展|走势（≈发展趋势）
    "像散步这样的活动以促进机体代谢。",  # 跨词：这样的活|动（≈这样的话）
    "保持肝功能，防止消化道出血。",  # 跨词：防|止消化道（≈上消化道）
    "离不开老师为人处世的言传身教。",  # 两种写法都规范
]


@pytest.mark.parametrize(("text", "wrong", "right"), POSITIVE)
def test_idiom_positive(engine: Engine, text: str, wrong: str, right: str) -> None:
    found = idiom.run(Context(text), engine._compiled)
    assert [(f.text, f.suggestion, f.rule) for f in found] == [(wrong, right, "typo.idiom")]
    # 引擎输出里一定有一条 typo 发现指向这个字（可能是词对表那一条）
    assert any(f.category == "typo" and f.start <= text.index(wrong) < f.end for f in engine.check(text))


@pytest.mark.parametrize("text", NEGATIVE)
def test_idiom_negative(engine: Engine, text: str) -> None:
    assert idiom.run(Context(text), engine._compiled) == []
