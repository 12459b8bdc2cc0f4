"""成语一字之差（``typo.idiom``）：再接再励 -> 再接再厉、迫不急待 -> 迫不及待、按步就班 -> 按部就班。

成语表取自 jieba 自带词典：四字、词性 ``i``（成语）或 ``l``（习用语）、词频 ≥ :data:`IDIOM_MIN_FREQ`。
对文中每个四字汉字窗口，满足以下全部条件才报：

* 窗口本身不是词典词——jieba 词典里收了不少误写（“再接再励”“迫不急待”“按步就班”都以最低词频 3 收录），
  所以词频 ≤ :data:`WINDOW_MAX_FREQ` 的窗口仍当作非词；
* 与且仅与一个成语只差一个字，且成语的词频至少是窗口的 :data:`FREQ_RATIO` 倍；
* 不同的那个字与成语里的字音近或形近（``packs/similar_chars.tsv``，派生自 pycorrector same_pinyin/same_stroke，Apache-2.0）；
* 窗口两端落在 jieba 分词边界上（不是“这样的活|动”这类跨词片段），且不是由两个常用二字词拼成（社会|活力）；
* 窗口不在 jieba 识别出的人名、地名、机构名里。

严重程度“中”。
"""

from __future__ import annotations

import functools
import re
from itertools import compress

from .. import words
from ..compiled import Compiled
from ..context import Context
from ..finding import Finding
from ..packs import PACK_DIR
from . import make

IDIOM_MIN_FREQ = words.IDIOM_MIN_FREQ
WINDOW_MAX_FREQ = 5
FREQ_RATIO = 10
_PROPER = ("nr", "nrt", "nrfg", "ns", "nt", "nz")
#: 规范写法（或两种写法都规范），jieba 词典里词频低于其异形：不报。
ALLOWED = frozenset({"为人处世", "一如既往"})


@functools.cache
def similar_chars() -> dict[str, str]:
    """字 -> 与它音近或形近的字（连成一个串；只用来判断一个字在不在里面）。存成串而不是集合：新进程读回
    3,900 个小集合要约 13 ms，读回串只要几毫秒。"""
    return words.cached("similar-chars", [PACK_DIR / "similar_chars.tsv"], _read_similar_chars, salt="str")


def _read_similar_chars() -> dict[str, str]:
    out: dict[str, str] = {}
    with open(PACK_DIR / "similar_chars.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            ch, _, sims = line.rstrip("\n").partition("\t")
            out[ch] = "".join(sorted(set(sims)))
    return out


@functools.cache
def idiom_index() -> tuple[frozenset[str], dict[str, tuple[tuple[str, int], ...]]]:
    """(成语集合, 掩码键 -> ((成语, 掩码位置), ...))。掩码键是把第 k 个字换成 ``\\0`` 的四字串。"""
    return words.cached("idiom-index", [words.dict_path()], _build_index, salt=str(IDIOM_MIN_FREQ))


def _build_index() -> tuple[frozenset[str], dict[str, tuple[tuple[str, int], ...]]]:
    idioms = words.idioms()
    index: dict[str, list[tuple[str, int]]] = {}
    for w in idioms:
        for k in range(4):
            index.setdefault(w[:k] + "\0" + w[k + 1 :], []).append((w, k))
    return frozenset(idioms), {key: tuple(v) for key, v in index.items()}


@functools.cache
def _masked() -> tuple[dict[str, tuple[tuple[str, int], ...]], ...]:
    """:func:`idiom_index` 按被换掉的位置 k 拆成四个表，键是去掉第 k 个字后剩下的三个字（少拼一次带 ``\\0`` 的键）。"""
    _idioms, index = idiom_index()
    out: list[dict[str, tuple[tuple[str, int], ...]]] = [{}, {}, {}, {}]
    for key, cands in index.items():
        k = key.index("\0")
        out[k][key[:k] + key[k + 1 :]] = cands
    return tuple(out)


@functools.cache
def _bigrams() -> tuple[frozenset[str], frozenset[str]]:
    """成语的首二字、末二字。与某成语只差一字的四字窗口：差在后两字时首二字相同，差在前两字时末二字相同。"""
    return frozenset(w[:2] for w in words.idioms()), frozenset(w[2:] for w in words.idioms())


_HAN_RUN = re.compile("[\u4e00-\u9fff]+")


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def run(ctx: Context, c: Compiled) -> list[Finding]:
    text = ctx.text
    n = len(text)
    if n < 4:
        return []
    idioms, _index = idiom_index()
    m0, m1, m2, m3 = (d.get for d in _masked())
    freq = words.FREQ
    first, last = _bigrams()
    # 只看首二字是某成语首二字、或末二字是某成语末二字的窗口
    starts: set[int] = set()
    all_pairs = ctx.pairs()
    for m in _HAN_RUN.finditer(text):
        a, b = m.span()
        if b - a < 4:
            continue
        pairs = all_pairs[a : b - 1]  # 本段的二字串（与 typo.lm 共用，见 Context.pairs）
        positions = range(a, b - 3)  # 窗口起点；compress/map 都在 C 里循环
        starts.update(compress(positions, map(first.__contains__, pairs[: len(pairs) - 2])))
        starts.update(compress(positions, map(last.__contains__, pairs[2:])))
    out: list[Finding] = []
    for i in sorted(starts):
        j = i + 3
        win = text[i : j + 1]
        if win in idioms or win in ALLOWED:
            continue
        # 与窗口只差一字的成语（按被换的位置 k = 0..3 查；多于一个就不报）
        one = None
        for hit in (m0(win[1:]), m1(win[0] + win[2:]), m2(win[:2] + win[3]), m3(win[:3])):
            if hit:
                if one is not None or len(hit) > 1:
                    one = None
                    break
                one = hit[0]
        if one is None:
            continue
        idiom, k = one
        wf = freq.get(win, 0)
        if wf > WINDOW_MAX_FREQ or freq[idiom] < FREQ_RATIO * max(wf, 1):
            continue
        if win[k] not in similar_chars().get(idiom[k], ""):  # win[k] 是一个字：在串里即在集合里
            continue
        # 窗口由两个常用词拼成（社会|活力、发展|走势、为人|处世）时不是写错的成语
        if freq.get(win[:2], 0) > WINDOW_MAX_FREQ and freq.get(win[2:], 0) > WINDOW_MAX_FREQ:
            continue
        # 窗口两端须落在分词边界上：“这样的活|动”“防|止消化道”是跨词的偶然相似
        bounds = ctx.boundaries(i)
        if i not in bounds or i + 4 not in bounds:
            continue
        if _in_proper_name(text, i, i + 4):
            continue
        out.append(
            make(
                ctx, c, i + k, i + k + 1, "typo", "typo.idiom", "中", idiom[k],
                f"“{win}”疑为成语“{idiom}”之误（“{win[k]}”与“{idiom[k]}”音近或形近）。",
            )
        )
    return out


def _in_proper_name(text: str, start: int, end: int) -> bool:
    lo, hi = start, end
    while lo > 0 and _han(text[lo - 1]) and start - lo < 6:
        lo -= 1
    while hi < len(text) and _han(text[hi]) and hi - end < 6:
        hi += 1
    o = lo
    for w in words.tag(text[lo:hi]):
        k = len(w.word)
        if w.flag in _PROPER and k > 1 and o < end and o + k > start:
            return True
        o += k
    return False
