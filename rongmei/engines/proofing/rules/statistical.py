"""统计纠错层（``typo.stat``，规则包 ``statistical``，默认启用，严重程度“低”）。

对每个可疑的单字（分词后是单字词、且与左右邻字都不成词，不在人名地名机构名里），从两类候选字里找替换：

* 音近/形近字：``packs/similar_chars.tsv``（派生自 pycorrector same_pinyin/same_stroke，Apache-2.0）；
* 训练集里数过的错字对：``packs/stat_pairs.tsv``（只来自 SIGHAN 2013–2015 与 ECSpell 的训练集，MIT）。

打分用词的一元语言模型（jieba 词典词频，MIT）：在以该字为中心的 7 字窗口里，求最大概率分词的对数概率；
换字后的得分比原文高出 :data:`THRESHOLD`（自然对数），再加上训练集错字对的先验 :data:`PAIR_WEIGHT`·ln(1+次数)，
才报出。阈值只在开发集（SIGHAN 2014 test）上选定，见 ``bench/proofing/tune_stat.py``。

这是“候选 + 语言模型打分”的轻量实现：没有用 kenlm（PyPI 的 kenlm 只能查询、不能训练，也没有可再分发的中文
n 元模型随包），所以用 Python 在可再分发的词频上打分。
"""

from __future__ import annotations

import functools
import math

from .. import words
from ..compiled import Compiled
from ..context import Context
from ..finding import Finding
from ..packs import PACK_DIR
from . import make

THRESHOLD = 7.0
PAIR_WEIGHT = 1.0
WINDOW = 3
#: 这些字的混用由语法规则处理（的地得）或无法从上下文判断（他她、那哪）。
_SKIP = frozenset("的地得他她它那哪在再做作")
_PROPER = ("nr", "nrt", "nrfg", "ns", "nt", "nz")
_LOG_TOTAL = math.log(60_101_967)  # jieba 0.42.1 词典总词频


@functools.lru_cache(maxsize=65536)
def _LOGF(f: int) -> float:
    return math.log(f) - _LOG_TOTAL


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@functools.cache
def candidates() -> dict[str, tuple[tuple[str, int], ...]]:
    """字 -> ((候选字, 训练集里错成它的次数), ...)。"""
    out: dict[str, dict[str, int]] = {}
    with open(PACK_DIR / "similar_chars.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            ch, _, sims = line.rstrip("\n").partition("\t")
            out.setdefault(ch, {}).update(dict.fromkeys(sims, 0))
    with open(PACK_DIR / "stat_pairs.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            wrong, right, n = line.rstrip("\n").split("\t")
            out.setdefault(wrong, {})[right] = int(n)
    return {ch: tuple(sorted(v.items())) for ch, v in out.items() if ch not in _SKIP}


@functools.cache
def seen_ngrams():
    """训练集正确句里见过的 2–4 字串（``packs/stat_ngrams.marisa``，内存映射）。"""
    import marisa_trie

    trie = marisa_trie.Trie()
    trie.mmap(str(PACK_DIR / "stat_ngrams.marisa"))
    return trie


def _seen(text: str, i: int, lo: int, hi: int) -> bool:
    """原文中覆盖第 i 个字的某个 2–4 字串在训练集正确句里见过（“放管服”“依法依规”）。"""
    seen = seen_ngrams()
    for k in (2, 3, 4):
        for start in range(max(lo, i - k + 1), min(i, hi - k) + 1):
            if text[start : start + k] in seen:
                return True
    return False


def _best(s: str) -> float:
    """``s`` 的最大概率分词的对数概率（一元词模型，词长 ≤ 4；未登录单字按词频 1 计）。"""
    t = words.trie()
    n = len(s)
    best = [0.0] + [-1e18] * n
    for j in range(1, n + 1):
        for k in range(1, min(4, j) + 1):
            w = s[j - k : j]
            hit = t.get(w) if (k == 1 or w in t) else None
            if not hit and k > 1:
                continue
            v = best[j - k] + _LOGF(hit[0][0] if hit else 1)
            if v > best[j]:
                best[j] = v
    return best[n]


def _forms_word(s: str, i: int) -> bool:
    """把第 i 个字换掉后，它能与邻字组成词典词（2–4 字）。"""
    t = words.trie()
    n = len(s)
    for start in range(max(0, i - 3), i + 1):
        for end in range(max(i + 1, start + 2), min(n, start + 4) + 1):
            if s[start:end] in t:
                return True
    return False


def suggest(text: str, i: int, threshold: float = THRESHOLD, pair_weight: float = PAIR_WEIGHT) -> tuple[str, float] | None:
    """第 i 个字的最佳替换与得分提升；没有足够好的替换时为 None。"""
    cands = candidates().get(text[i])
    if not cands:
        return None
    lo, hi = max(0, i - WINDOW), min(len(text), i + WINDOW + 1)
    window = text[lo:hi]
    j = i - lo
    base = _best(window)
    best: tuple[str, float] | None = None
    for c, n in cands:
        alt = window[:j] + c + window[j + 1 :]
        if not _forms_word(alt, j):
            continue
        gain = _best(alt) - base + pair_weight * math.log1p(n)
        if gain >= threshold and (best is None or gain > best[1]):
            best = (c, gain)
    return best


def run(ctx: Context, c: Compiled, threshold: float = THRESHOLD, pair_weight: float = PAIR_WEIGHT) -> list[Finding]:
    text = ctx.text
    out: list[Finding] = []
    get = words.FREQ.get
    n = len(text)
    i = 0
    while i < n:
        if not _han(text[i]):
            i += 1
            continue
        j = i
        while j < n and _han(text[j]):
            j += 1
        out.extend(_run_segment(ctx, c, i, j, threshold, pair_weight, get))
        i = j
    return out


def _run_segment(ctx, c, lo: int, hi: int, threshold: float, pair_weight: float, get) -> list[Finding]:
    text = ctx.text
    seg = text[lo:hi]
    if len(seg) < 2:
        return []
    single: list[bool] = []
    for w in words.cut(seg):
        single += [len(w) == 1] * len(w)
    hits: list[tuple[int, str, float]] = []
    for k, ch in enumerate(seg):
        if not single[k] or ch in _SKIP:
            continue
        pos = lo + k
        if get(text[pos - 1 : pos + 1], 0) if pos > lo else 0:
            continue
        if get(text[pos : pos + 2], 0) if pos + 1 < hi else 0:
            continue
        if _seen(text, pos, lo, hi):
            continue
        best = suggest(text, pos, threshold, pair_weight)
        if best is not None:
            hits.append((pos, best[0], best[1]))
    if not hits:
        return []
    proper: list[bool] = []
    for w in words.tag(seg):
        proper += [w.flag in _PROPER and len(w.word) > 1] * len(w.word)
    out = []
    for pos, right, gain in hits:
        if proper[pos - lo]:
            continue  # 人名、地名、机构名不改
        wrong = text[pos]
        out.append(make(ctx, c, pos, pos + 1, "typo", "typo.stat", "低", right,
                        f"“{wrong}”在这里不成词，疑为“{right}”（音近或形近；语言模型得分高 {gain:.1f}），请核对。"))
    return out
