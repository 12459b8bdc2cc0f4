"""情感判断：负面 / 中性 / 正面，分数 -1…1，并说明是哪些词决定的。"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .lexicon import NEG_WORDS, NEGATORS, POS_WORDS, SENTIMENT_LABELS
from .model import load_model
from .normalize import normalize

# 分数 = tanh((模型对数几率 + LEXICON_WEIGHT × 词表分) / 2)；|分数| < NEUTRAL_BAND 为中性。
# 没有任何情感词、且模型把握不大（|对数几率| < MODEL_NEUTRAL_LOGIT）时也判中性：
# 模型是在评论上训练的，政务咨询这类不带情绪的句子它也会给出一个方向。
# 三个常数在 ChnSentiCorp dev 与政务留言集 train 部分上选定（bench/textclass/README.md）。
NEUTRAL_BAND = 0.2
LEXICON_WEIGHT = 1.0
MODEL_NEUTRAL_LOGIT = 3.0


@dataclass(frozen=True)
class Sentiment:
    label: str  # "neg" | "neu" | "pos"
    score: float  # -1 … 1，越大越正面
    reasons: list[str] = field(default_factory=list)

    @property
    def label_zh(self) -> str:
        return SENTIMENT_LABELS[self.label]

    def to_json(self) -> dict:
        return {"label": self.label, "score": round(self.score, 4), "reasons": list(self.reasons)}


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return any(before.endswith(n) or before[:-1].endswith(n) for n in NEGATORS)


_BY_LENGTH = {
    id(POS_WORDS): sorted(POS_WORDS, key=len, reverse=True),
    id(NEG_WORDS): sorted(NEG_WORDS, key=len, reverse=True),
}


def _by_first(ordered: list[str]) -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = {}
    for rank, word in enumerate(ordered):
        out.setdefault(word[0], []).append((rank, word))
    return out


# 首字 → [(在长词优先次序里的位置, 词)]：只看首字在文本里出现的词，次序与逐一扫全表相同
_BY_FIRST = {key: _by_first(ordered) for key, ordered in _BY_LENGTH.items()}


def _find_words(text: str, words: dict[str, float]) -> list[tuple[int, str, float]]:
    """返回 (位置, 词, 权重)；长词优先，被长词覆盖的短词不再计入。"""
    hits: list[tuple[int, str, float]] = []
    taken: set[int] = set()
    by_first = _BY_FIRST[id(words)]
    candidates = [rw for c in by_first.keys() & set(text) for rw in by_first[c]]
    candidates.sort()
    for _rank, word in candidates:
        start = text.find(word)
        while start != -1:
            span = range(start, start + len(word))
            if not any(i in taken for i in span):
                taken.update(span)
                hits.append((start, word, words[word]))
            start = text.find(word, start + 1)
    return hits


def lexicon_polarity(text: str) -> tuple[float, list[str], list[str]]:
    """词表打分：返回 (原始分, 正面依据词, 负面依据词)。否定词在前 1–3 字内时反转。"""
    raw = 0.0
    pos: list[str] = []
    neg: list[str] = []
    for start, word, weight in _find_words(text, POS_WORDS):
        if not weight:
            continue
        if _negated(text, start):
            raw -= weight * 0.8
            neg.append("不" + word if not word.startswith("不") else word)
        else:
            raw += weight
            pos.append(word)
    for start, word, weight in _find_words(text, NEG_WORDS):
        if not weight:
            continue
        if _negated(text, start) and not word.startswith(("不", "没")):
            raw += weight * 0.3
        else:
            raw -= weight
            neg.append(word)
    return raw, pos, neg


def _reasons(label: str, pos: list[str], neg: list[str], grams: list[str] | None = None) -> list[str]:
    def words(ws: list[str]) -> str:
        return "、".join(dict.fromkeys(ws))

    out: list[str] = []
    if label == "pos" and pos:
        out.append(f"正面词：{words(pos)}")
    elif label == "neg" and neg:
        out.append(f"负面词：{words(neg)}")
    elif label == "neu":
        if pos or neg:
            out.append("正面与负面词相互抵消" if pos and neg else "情感词较弱")
        else:
            out.append("没有明显的情感词")
    if label != "neu" and pos and neg:
        other = neg if label == "pos" else pos
        out.append(f"也出现了{'负面' if label == 'pos' else '正面'}词：{words(other)}")
    if grams:
        out.append(f"模型依据的片段：{'、'.join(f'“{g}”' for g in grams)}")
    return out


def sentiment(text: str, *, normalized: bool = False) -> Sentiment:
    """判断一段文本的情感。``normalized=True`` 表示调用方已做过 normalize()。"""
    t = text if normalized else normalize(text)
    raw, pos, neg = lexicon_polarity(t)
    model = load_model()
    grams = model.in_vocab(t) if model is not None else frozenset()
    logit = model.logit(t, grams) if model is not None and t else 0.0
    score = math.tanh((logit + LEXICON_WEIGHT * raw) / 2)
    if not pos and not neg and abs(logit) < MODEL_NEUTRAL_LOGIT:
        label = "neu"
        score *= NEUTRAL_BAND  # 保留方向（二分类评测用符号），但落在中性区间内
    elif score >= NEUTRAL_BAND:
        label = "pos"
    elif score <= -NEUTRAL_BAND:
        label = "neg"
    else:
        label = "neu"
    top: list[str] = []
    if model is not None and label != "neu":
        top = model.top_grams(t, 1 if label == "pos" else -1, grams=grams)
    return Sentiment(label=label, score=score, reasons=_reasons(label, pos, neg, top))
