"""词级 3 元语言模型（KenLM 二进制格式，来自 fcitx 的 libime 数据，LGPL-2.1+），统计纠错层用来比较换字前后的句子。

模型文件 ``packs/wordlm/zh_CN.lm`` 是 Debian 包 ``libime-data-language-model`` 1.0.16-1 里的
``/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm``，原样随代码发布（许可与来源见同目录的 ``README``）。查询用 PyPI 的
``kenlm``（内存映射加载，约 3 ms）。分词用 jieba 词典（:func:`..words.cut`），词不在模型词表里时按 ``<unk>`` 计。
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Sequence
from pathlib import Path

from . import words
from .packs import PACK_DIR

_LN10 = math.log(10)
#: 换字前后比较的窗口：目标字左右各这么多个字（不越出所在的汉字串）
SPAN = 6


def model_path() -> Path:
    return Path(os.environ.get("RONGMEI_WORDLM", PACK_DIR / "wordlm" / "zh_CN.lm"))


@functools.cache
def model():
    """已加载的 kenlm 模型；模型文件或 kenlm 不可用时为 None（统计层照常工作，只是少这一项特征）。"""
    path = model_path()
    if not path.exists():
        return None
    try:
        import kenlm
    except ImportError:
        return None
    return kenlm.Model(str(path))


def _score(m, s: str, bos: bool, eos: bool) -> float:
    return m.score(" ".join(words.cut(s)), bos=bos, eos=eos) * _LN10


def delta(text: str, i: int, alts: Sequence[str], lo: int = 0, hi: int | None = None) -> list[float]:
    """把第 i 个字换成 ``alts`` 中各字后，``text[lo:hi]`` 里以第 i 个字为中心的窗口的对数概率（自然对数）变化。"""
    m = model()
    if m is None:
        return [0.0] * len(alts)
    hi = len(text) if hi is None else hi
    a = max(lo, i - SPAN)
    b = min(hi, i + SPAN + 1)
    win = text[a:b]
    j = i - a
    bos, eos = a == lo, b == hi
    base = _score(m, win, bos, eos)
    return [_score(m, win[:j] + c + win[j + 1 :], bos, eos) - base for c in alts]
