"""正则预筛（prefilter.needles）：推出的子串必须是“任何匹配都含有其中一个”，推不出时不预筛。

预筛错了就会漏报（规则本该命中的句子被跳过），所以这里用会命中的句子逐条核对。"""

from __future__ import annotations

import re

import pytest

from rongmei.engines.proofing.prefilter import absent, needles
from rongmei.engines.proofing.rules import confusion, patterns


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(截止)(?=目前|今年)", ("截止",)),
        (r"震惊[！!：:]|^震惊|惊呆了", ("惊呆了", "震惊")),
        (r"a?b", ("b",)),          # 可选的部分不算
        (r"(?:ab|)c", ("c",)),     # 有空分支的分组不算
        (r"x(?=yz)", ("yz",)),     # 肯定环视的内容也必须在文本里（取更长的一个）
        (r"(?<!不)好", ("好",)),    # 否定环视不算
        (r"[^，]+", None),          # 推不出
        (r"(?i)abc", None),         # 忽略大小写时不预筛
    ],
)
def test_needles(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert needles(re.compile(pattern)) == expected


@pytest.mark.parametrize(
    "text",
    ["他带着口罩走进会场。", "困难再所难免。", "截止目前全市共有3000余名志愿者。", "好象下雨了。", "必需坚持党的领导。"],
)
def test_context_rules_still_run_when_their_text_is_present(text: str) -> None:
    hits = [p for p, *_ in confusion.CONTEXT_RULES if p.search(text)]
    assert hits
    for p in hits:
        assert not absent(needles(p), text)


def test_punctuation_needles_keep_real_errors() -> None:
    for pattern, text in ((patterns._DASH_RE, "靠别人还是靠自己－－－西班牙队"), (patterns._APPROX_RE, "约400万左右的人口")):
        assert pattern.search(text)
        assert not absent(needles(pattern), text)
