"""统计纠错层（``typo.stat``，规则包 ``statistical``，默认启用，严重程度“中”或“低”）。

对每个可疑的单字（分词后是单字词、且与左右邻字都不成词，不在人名地名机构名里，覆盖它的 3–4 字串没在训练集正确句里
见过；或在低频的多字词里），从两类候选字里找替换：

* 音近/形近字：``packs/similar_chars.tsv``（派生自 pycorrector same_pinyin/same_stroke，Apache-2.0）；
* 训练集里数过的错字对：``packs/stat_pairs.tsv``（只来自 SIGHAN 2013–2015 与 ECSpell 的训练集，MIT）。

打分用两个语言模型：词的一元模型（jieba 词典词频，MIT；在以该字为中心的 7 字窗口里求最大概率分词的对数概率之差）
与字级 4 元模型（:mod:`..charlm`，插值 Kneser-Ney，用法律法规正文与训练集正确句训练；换字后受影响的 4 个字的
对数概率之差）。每个候选再算一个“把握”（:func:`confidence`，0–1）：两个语言模型得分、错字对次数、换字后成什么词、
换字前后的说法是否在训练集正确句里见过等特征的逻辑回归，权重只在开发集（SIGHAN 2014 test、2015 train 留出的 20%、
gen_xxqg 的正确句）上拟合（``bench/proofing/tune_stat.py``）。默认只报把握 ≥ :data:`MIN_CONFIDENCE` 的；
把握 ≥ :data:`SURE` 为“中”。``Engine(stat_confidence=THOROUGH_CONFIDENCE)`` 是“细查”：多查出一些错字，误报也多
（取舍曲线见 ``bench/README.md``）。

第三个语言模型是词级 3 元模型（:mod:`..wordlm`，fcitx libime 的 KenLM 模型，LGPL-2.1+，用 PyPI 的 ``kenlm`` 查询）：
它是“把握”的特征，也让两类原来不查的候选入围——换字后不成词的（“企业门→们”，须是训练集错字对），和分词后
多字词里的字（“自已→自己”，只查低频词）。这两类都先用便宜的词级模型筛，再算字级模型。单字词“的/地/得”“做/作”
互换后两个模型都明显更好时也报（:data:`WORD_SWAP`，语法规则查不到的那些）。字级模型由
``bench/proofing/build_charlm.py`` 用 numpy 训练，存成内存映射的有序数组，查询也只用 numpy。
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

from .. import charlm, wordlm, words
from ..compiled import Compiled
from ..context import Context
from ..finding import Finding
from ..packs import PACK_DIR
from . import make

#: :func:`suggest`（单个位置的最佳替换）用的旧门槛：语言模型得分提升 + PAIR_WEIGHT·ln(1+错字对次数)
THRESHOLD = 7.0
PAIR_WEIGHT = 1.0
WINDOW = 3
#: 逻辑回归的权重，依次对应 :func:`features`：语言模型得分提升、ln(1+错字对次数)、是否训练集错字对、换字后成三四字词、
#: 连续单字串长度、ln(1+原字词频)、ln(1+新词词频)、换字后成训练集正确句里见过的二字串、三字串，
#: 后两项与“见过”的交叉项、ln(1+新字词频)、字级 4 元模型得分提升（截到 ±15）、它是否为正、原文覆盖该字的二字串
#: 在训练集正确句里见过、该项与字级得分的交叉项、词级 3 元模型得分提升（截到 ±15）、它是否为正、是否多字词里的字。
#: 只在开发集上拟合。
WEIGHTS = (0.0912, 0.3159, 0.4414, 0.3943, -0.1843, 0.0434, 0.0479, 0.7593, 1.6125, 0.452, -0.6044, -0.2681,
           0.1088, 0.1249, -0.3754, -0.0007, 0.16, 0.2901, -0.0331)
BIAS = -4.4142
#: 默认报出的最低把握：开发集上统计层单独在无错句上误报 ≤ 0.4% 时宽松纠错 F1 最高的点（0.36%、F1 0.205；见 bench/README.md）
MIN_CONFIDENCE = 0.575
#: “细查”用的最低把握：开发集上统计层误报 ≤ 2.5% 时 F1 最高的点（误报 2.42%，宽松纠错 F1 0.308；默认点 0.205）
THOROUGH_CONFIDENCE = 0.15
#: 把握不低于此值时严重程度为“中”，否则“低”
SURE = 0.7
#: 调参时收集候选的下限（低于阈值，见 ``bench/proofing/tune_stat.py``）
FLOOR = 2.0
#: 原文覆盖该字的 SEEN_SKIP 字以上的串在训练集正确句里见过（“放管服”“依法依规”）就不改；更短的见过的串只作特征
SEEN_SKIP = 3
#: 选同一位置的最佳候选时，字级模型得分的权重
CLM_SELECT = 0.5
#: 换字后不成词的候选（“企业门→们”）也入围的条件：训练集里错成它至少 RESCUE_MIN_PAIRS 次，词级模型提升 ≥ RESCUE_WLM、
#: 字级模型提升 ≥ RESCUE_CLM（None 为不查）。RESCUE_MIN_PAIRS 为 0 时开发集 F1 高 0.003，但深层慢约 25%（见 bench/README.md）
RESCUE_CLM: float | None = 3.0
RESCUE_WLM = 4.0
RESCUE_MIN_PAIRS = 1
#: 多字词里的错字（“自已”“记念”）：只查词频 < INWORD_MAXF 的词（None 为不查），候选字须把这个词换成更常见的同长词，
#: 且词级模型提升 ≥ INWORD_WLM、字级模型提升 ≥ INWORD_CLM
INWORD_MAXF: int | None = 200
INWORD_CLM = 3.0
INWORD_WLM = 4.0
#: 这些字的混用由语法规则处理（的地得）或无法从上下文判断（他她、那哪）。
_SKIP = frozenset("的地得他她它那哪在再做作")
#: 只看字级 4 元模型的互换：“在/再”。单字词“在”换成“再”（或反过来）后字级得分提升 ≥ 门槛才报。门槛只在开发集上选：
#: 开发集无错句里 1,850 个“在/再”中 1 个过门槛，开发集错句里 25 处“在/再”混用中 7 处（见 bench/README.md）。
SWAP = {"在": "再", "再": "在"}
SWAP_MIN = 5.0
#: 互换报出时的把握：开发集上过门槛的互换里改对的比例（7/8）
SWAP_CONFIDENCE = 0.85
#: 的/地/得、做/作互换：单字词换成另一个后字级模型提升 ≥ WORD_SWAP_CLM、且词级模型提升 ≥ WORD_SWAP_WLM 才报（None 为不查），
#: 把握为 WORD_SWAP_CONFIDENCE（开发集上过门槛的互换里改对的比例）。门槛只在开发集上选（bench/proofing/RESULTS.md 第八轮）
WORD_SWAP = {"的": "地得", "地": "的得", "得": "的地", "做": "作", "作": "做"}
WORD_SWAP_CLM: float | None = 7.0
WORD_SWAP_WLM = 3.0
WORD_SWAP_CONFIDENCE = 0.76
_WORD_SWAP_CHARS = frozenset("".join(WORD_SWAP.values()))
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
    sources = [PACK_DIR / "similar_chars.tsv", PACK_DIR / "stat_pairs.tsv"]
    return words.cached("stat-candidates", sources, _build_candidates, salt="".join(sorted(_SKIP)))


def _build_candidates() -> dict[str, tuple[tuple[str, int], ...]]:
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


def _seen_len(text: str, i: int, lo: int, hi: int) -> int:
    """覆盖第 i 个字、在训练集正确句里见过的最长 2–4 字串的字数；没有时为 0。"""
    seen = seen_ngrams()
    for k in (4, 3, 2):
        for start in range(max(lo, i - k + 1), min(i, hi - k) + 1):
            if text[start : start + k] in seen:
                return k
    return 0


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


def _formed(s: str, i: int, lo: int = 0) -> tuple[int, int]:
    """覆盖第 i 个字的词典词（2–4 字）：最长的字数与最高的词频；没有时为 (0, 0)。"""
    get = words.FREQ.get
    best = top = 0
    for start in range(max(lo, i - 3), i + 1):
        for end in range(max(i + 1, start + 2), min(len(s), start + 4) + 1):
            f = get(s[start:end], 0)
            if f:
                best = max(best, end - start)
                top = max(top, f)
    return best, top


def _suggest(text: str, i: int, floor: float, pair_weight: float = PAIR_WEIGHT,
             lo: int = 0, hi: int | None = None) -> tuple[str, float, int, float] | None:
    """第 i 个字的最佳候选：(字, 一元词模型得分提升, 错字对次数, 字级 4 元模型得分提升)。

    入围：一元词得分 + 先验 ≥ ``floor``；在入围的候选中按它再加上 :data:`CLM_SELECT` 倍的字级得分选最佳。"""
    cands = candidates().get(text[i])
    if not cands:
        return None
    w_lo, w_hi = max(0, i - WINDOW), min(len(text), i + WINDOW + 1)
    window = text[w_lo:w_hi]
    j = i - w_lo
    base = _best(window)
    # 换字后覆盖第 j 个字的 2–4 字串 = 前缀 + 候选字 + 后缀（与 _forms_word 相同的范围，只切一次）
    m = len(window)
    pairs = [(window[a:j], window[j + 1 : b]) for a in range(max(0, j - 3), j + 1)
             for b in range(max(j + 1, a + 2), min(m, a + 4) + 1)]
    contains = words.trie().__contains__
    kept: list[tuple[str, float, int]] = []
    loose: list[tuple[str, int]] = []
    for c, n in cands:
        if not any(map(contains, [p + c + q for p, q in pairs])):
            if n >= RESCUE_MIN_PAIRS:
                loose.append((c, n))
            continue
        alt = window[:j] + c + window[j + 1 :]
        gain = _best(alt) - base
        if gain + pair_weight * math.log1p(n) >= floor:
            kept.append((c, gain, n))
    hi = len(text) if hi is None else hi
    if loose and RESCUE_CLM is not None:
        # 换字后不成词的候选（“企业门→们”）：词级模型提升 ≥ RESCUE_WLM、字级模型提升 ≥ RESCUE_CLM 才入围
        # （先算便宜得多的词级模型）
        w = wordlm.delta(text, i, [c for c, _ in loose], lo, hi)
        strong = [(c, n) for (c, n), x in zip(loose, w, strict=True) if x >= RESCUE_WLM]
        if strong:
            d = charlm.model().delta(text, i, [c for c, _ in strong], lo, hi)
            for (c, n), x in zip(strong, d, strict=True):
                if x >= RESCUE_CLM:
                    kept.append((c, _best(window[:j] + c + window[j + 1 :]) - base, n))
    if not kept:
        return None
    clms = charlm.model().delta(text, i, [c for c, _, _ in kept], lo, hi)
    best: tuple[str, float, int, float] | None = None
    best_rank = -math.inf
    for (c, gain, n), clm in zip(kept, clms, strict=True):
        rank = gain + pair_weight * math.log1p(n) + CLM_SELECT * clm
        if rank > best_rank:
            best, best_rank = (c, gain, n, clm), rank
    return best


def suggest(text: str, i: int, threshold: float = THRESHOLD, pair_weight: float = PAIR_WEIGHT) -> tuple[str, float] | None:
    """第 i 个字的最佳替换与得分提升（含先验）；没有足够好的替换时为 None。"""
    best = _suggest(text, i, threshold, pair_weight)
    if best is None or best[1] + pair_weight * math.log1p(best[2]) < threshold:
        return None
    return best[0], best[1] + pair_weight * math.log1p(best[2])


class Hit(NamedTuple):
    """一个通过了候选与语言模型门槛的替换（调参脚本 ``bench/proofing/tune_stat.py`` 也读这些特征）。"""

    pos: int
    right: str
    gain: float  # 语言模型得分提升（不含先验）
    pairs: int  # 训练集里错成这个字的次数
    wlen: int  # 换字后能组成的最长词典词的字数
    orig_freq: int  # 原字作单字词的词频
    run: int  # 原文中包含该字的连续单字词串的长度
    new_freq: int  # 换字后组成的最常见词典词（2–4 字）的词频
    alt_seen: int  # 换字后覆盖该字、在训练集正确句里见过的最长字串（2–4 字；没有为 0）
    orig_seen: int = 0  # 原文覆盖该字、在训练集正确句里见过的最长字串（< SEEN_SKIP；没有为 0）
    clm: float = 0.0  # 字级 4 元语言模型（charlm）的得分提升：换字后受影响的 4 个字的对数概率之差
    swap: bool = False  # 同音字互换：“在/再”（只看字级模型）或 WORD_SWAP（两个模型），把握是固定值
    inword: bool = False  # 错字在分词得到的多字词里（“自已”“官理员”）
    wlm: float = 0.0  # 词级 3 元语言模型（wordlm）的得分提升：以该字为中心的窗口换字前后的对数概率之差


def raw_hits(text: str, floor: float = FLOOR, min_confidence: float | None = None) -> list[Hit]:
    """全文每个可疑单字的最佳替换（得分 + 先验 ≥ ``floor``），人名地名已去掉；给了 ``min_confidence`` 时只留把握不低于它的。"""
    out: list[Hit] = []
    n = len(text)
    i = 0
    while i < n:
        if not _han(text[i]):
            i += 1
            continue
        j = i
        while j < n and _han(text[j]):
            j += 1
        if j - i >= 2:
            out.extend(_segment_hits(text, i, j, floor, min_confidence))
        i = j
    return out


def features(h: Hit) -> tuple[float, ...]:
    seen = float(h.alt_seen >= 2)
    return (h.gain, math.log1p(h.pairs), float(h.pairs > 0), float(h.wlen >= 3), float(min(h.run, 10)),
            math.log1p(h.orig_freq), math.log1p(h.new_freq), seen, float(h.alt_seen >= 3),
            math.log1p(h.pairs) * seen, float(h.wlen >= 3) * seen, math.log1p(words.FREQ.get(h.right, 0)),
            min(max(h.clm, -15.0), 15.0), float(h.clm > 0), float(h.orig_seen >= 2),
            float(h.orig_seen >= 2) * min(max(h.clm, -15.0), 15.0),
            min(max(h.wlm, -15.0), 15.0), float(h.wlm > 0), float(h.inword))


def confidence(h: Hit) -> float:
    """候选改对的把握（0–1）：特征的逻辑回归，权重在开发集上拟合（``bench/proofing/tune_stat.py``）。"""
    if h.swap:
        return WORD_SWAP_CONFIDENCE if h.right in _WORD_SWAP_CHARS else SWAP_CONFIDENCE
    z = BIAS + sum(w * x for w, x in zip(WEIGHTS, features(h), strict=True))
    return 1 / (1 + math.exp(-z))


def run(ctx: Context, c: Compiled, min_confidence: float = MIN_CONFIDENCE) -> list[Finding]:
    text = ctx.text
    out = []
    for h in raw_hits(text, FLOOR, min_confidence):
        conf = confidence(h)
        if conf < min_confidence:
            continue
        wrong = text[h.pos]
        severity = "中" if conf >= SURE else "低"
        if h.swap:
            message = f"“{wrong}”与“{h.right}”同音，按上下文这里疑为“{h.right}”（把握 {conf:.0%}），请核对。"
        elif h.inword:
            message = f"这里的“{wrong}”疑为“{h.right}”（音近或形近，换字后是更常见的词，把握 {conf:.0%}），请核对。"
        else:
            message = f"“{wrong}”在这里不成词，疑为“{h.right}”（音近或形近，把握 {conf:.0%}），请核对。"
        out.append(make(ctx, c, h.pos, h.pos + 1, "typo", "typo.stat", severity, h.right, message))
    return out


def _segment_hits(text: str, lo: int, hi: int, floor: float, min_confidence: float | None = None) -> list[Hit]:
    seg = text[lo:hi]
    get = words.FREQ.get
    tokens = words.cut(seg)
    single: list[bool] = []
    for w in tokens:
        single += [len(w) == 1] * len(w)
    runs = [0] * len(seg)
    k = 0
    while k < len(seg):
        m = k
        while m < len(seg) and single[m]:
            m += 1
        for x in range(k, m):
            runs[x] = m - k
        k = max(m, k + 1)
    found: list[tuple[int, str, float, int, float, int]] = []
    swaps: list[tuple[int, str, float]] = []
    inword: list[Hit] = []
    if INWORD_MAXF is not None:
        k = 0
        for w in tokens:
            if len(w) > 1 and get(w, 0) < INWORD_MAXF:
                for x in range(k, k + len(w)):
                    h = _inword(text, lo + x, lo, hi, w, x - k)
                    if h is not None:
                        inword.append(h)
            k += len(w)
    for k, ch in enumerate(seg):
        if single[k] and ch in SWAP:
            (d,) = charlm.model().delta(text, lo + k, [SWAP[ch]], lo, hi)
            if d >= SWAP_MIN:
                swaps.append((lo + k, SWAP[ch], d))
        elif single[k] and ch in WORD_SWAP and WORD_SWAP_CLM is not None:
            alts = WORD_SWAP[ch]
            clms = charlm.model().delta(text, lo + k, alts, lo, hi)
            ok = [(a, d) for a, d in zip(alts, clms, strict=True) if d >= WORD_SWAP_CLM]
            if ok:
                wlms = wordlm.delta(text, lo + k, [a for a, _ in ok], lo, hi)
                best = max(((d, a) for (a, d), w in zip(ok, wlms, strict=True) if w >= WORD_SWAP_WLM), default=None)
                if best is not None:
                    swaps.append((lo + k, best[1], best[0]))
        if not single[k] or ch in _SKIP:
            continue
        pos = lo + k
        if get(text[pos - 1 : pos + 1], 0) if pos > lo else 0:
            continue
        if get(text[pos : pos + 2], 0) if pos + 1 < hi else 0:
            continue
        orig_seen = _seen_len(text, pos, lo, hi)
        if orig_seen >= SEEN_SKIP:
            continue
        best = _suggest(text, pos, floor, PAIR_WEIGHT, lo, hi)
        if best is not None:
            found.append((pos, *best, orig_seen))
    hits = []
    for pos, right, gain, n, clm, orig_seen in found:
        alt = text[:pos] + right + text[pos + 1 : hi]
        wlen, new_freq = _formed(alt, pos, lo)
        (wlm,) = wordlm.delta(text, pos, [right], lo, hi)
        hits.append(Hit(pos, right, gain, n, wlen, get(text[pos], 0), runs[pos - lo], new_freq,
                        _seen_len(alt, pos, lo, hi), orig_seen=orig_seen, clm=clm, wlm=wlm))
    hits += [Hit(pos, right, 0.0, 0, 0, get(text[pos], 0), runs[pos - lo], 0, 0, clm=d, swap=True) for pos, right, d in swaps]
    hits += inword
    if min_confidence is not None:  # 反正不报的候选不必做词性标注（标注占深层约五分之一的时间）
        hits = [h for h in hits if confidence(h) >= min_confidence]
    if not hits:
        return []
    proper: list[bool] = []
    for w in words.tag(seg):
        proper += [w.flag in _PROPER and len(w.word) > 1] * len(w.word)
    # 人名、地名、机构名不改
    return sorted((h for h in hits if not proper[h.pos - lo]), key=lambda h: h.pos)


def _inword(text: str, pos: int, lo: int, hi: int, word: str, at: int) -> Hit | None:
    """多字词 ``word`` 里第 ``at`` 个字（全文第 ``pos`` 个）的最佳候选：把词换成更常见的同长词典词，且词级模型提升
    ≥ INWORD_WLM、字级模型提升 ≥ INWORD_CLM；没有时为 None。"""
    ch = text[pos]
    cands = candidates().get(ch)
    if not cands:
        return None
    get = words.FREQ.get
    f = get(word, 0)
    cands = tuple((c, n) for c, n in cands if get(word[:at] + c + word[at + 1 :], 0) > f)
    if not cands:
        return None
    w = wordlm.delta(text, pos, [c for c, _ in cands], lo, hi)
    strong = [(c, n, y) for (c, n), y in zip(cands, w, strict=True) if y >= INWORD_WLM]
    if not strong:
        return None
    d = charlm.model().delta(text, pos, [c for c, _, _ in strong], lo, hi)
    best = max(((y + CLM_SELECT * x, c, n, x, y) for (c, n, y), x in zip(strong, d, strict=True) if x >= INWORD_CLM),
               default=None)
    if best is None:
        return None
    _, c, n, x, y = best
    a, b = max(lo, pos - WINDOW), min(hi, pos + WINDOW + 1)
    win = text[a:b]
    j = pos - a
    gain = _best(win[:j] + c + win[j + 1 :]) - _best(win)
    alt = text[:pos] + c + text[pos + 1 : hi]
    wlen, new_freq = _formed(alt, pos, lo)
    return Hit(pos, c, gain, n, wlen, get(ch, 0), 0, new_freq, _seen_len(alt, pos, lo, hi),
               orig_seen=_seen_len(text, pos, lo, hi), clm=x, wlm=y, inword=True)
