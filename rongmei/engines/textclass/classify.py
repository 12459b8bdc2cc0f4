"""留言分类：咨询 / 建议 / 投诉 / 日常互动 / 舆情风险，加“紧急”标记，理由写明命中的词或规则。"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .lexicon import CATEGORY_LABELS, CATEGORY_ORDER, CATEGORY_WORDS, URGENT_WORDS
from .normalize import normalize
from .sentiment import Sentiment, sentiment

# 人工纠正词的权重：高于任何内置词，命中即决定类别
EXTRA_WEIGHT = 100.0
_URGENT = {w: 1.0 for w in URGENT_WORDS}


@dataclass(frozen=True)
class Classification:
    category: str  # consult | suggest | complain | chat | risk
    sentiment: Sentiment
    urgent: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def category_zh(self) -> str:
        return CATEGORY_LABELS[self.category]

    def to_json(self) -> dict:
        return {
            "category": self.category,
            "sentiment": self.sentiment.label,
            "urgent": self.urgent,
            "reasons": list(self.reasons),
        }


def _hits(text: str, words: Mapping[str, float]) -> list[str]:
    """命中的词（被更长的命中词包含的短词不重复计入）。"""
    found = [w for w in words if w and w in text]
    # 权重为 0 的词只用来遮住其中的短词（如“垃圾分类”遮住“垃圾”），自身不计分
    found.sort(key=len, reverse=True)
    kept: list[str] = []
    for w in found:
        if not any(w in k for k in kept):
            kept.append(w)
    kept.sort(key=text.find)  # 按在原文中出现的先后列出
    return [w for w in kept if words[w]]


def _join(words: Iterable[str]) -> str:
    return "、".join(f"“{w}”" for w in words)


@dataclass(frozen=True)
class ExtraKeywords:
    """规范化过的人工纠正词（分类 → {词: 权重}）。一批消息只规范化一次，不必每条消息重做。
    另按首字建索引：一条留言只需比对以它含有的字开头的词，不必把上千个纠正词逐个查一遍。"""

    by_category: dict[str, dict[str, float]]
    by_first: dict[str, dict[str, list[str]]] = field(default_factory=dict, compare=False)

    def candidates(self, category: str, text: str) -> dict[str, float]:
        """text 可能命中的该类纠正词（保持原顺序，命中结果与逐个比对全部词相同）。"""
        words = self.by_category[category]
        index = self.by_first.get(category)
        if index is None:
            return words
        found = {w for c in set(text) for w in index.get(c, ())}
        return {w: words[w] for w in words if w in found} if found else {}


def compile_extra(extra_keywords: Mapping[str, Iterable[str]] | ExtraKeywords | None) -> ExtraKeywords:
    if isinstance(extra_keywords, ExtraKeywords):
        return extra_keywords
    out: dict[str, dict[str, float]] = {}
    for cat, words in (extra_keywords or {}).items():
        if cat not in CATEGORY_LABELS:
            continue
        norm = {n: EXTRA_WEIGHT for n in (normalize(w) for w in words) if n}
        if norm:
            out[cat] = norm
    by_first: dict[str, dict[str, list[str]]] = {}
    for cat, words in out.items():
        index: dict[str, list[str]] = {}
        for w in words:
            index.setdefault(w[0], []).append(w)
        by_first[cat] = index
    return ExtraKeywords(out, by_first)


def classify_many(texts: Iterable[str], *,
                  extra_keywords: Mapping[str, Iterable[str]] | ExtraKeywords | None = None) -> list[Classification]:
    """逐条分类，结果与逐条调用 classify 相同；纠正词只规范化一次，相同的文本只算一次。"""
    extra = compile_extra(extra_keywords)
    memo: dict[str, Classification] = {}
    out = []
    for text in texts:
        c = memo.get(text)
        if c is None:
            c = memo[text] = classify(text, extra_keywords=extra)
        out.append(c)
    return out


def classify(text: str, *,
             extra_keywords: Mapping[str, Iterable[str]] | ExtraKeywords | None = None) -> Classification:
    t = normalize(text)
    senti = sentiment(t, normalized=True)
    reasons: list[str] = []

    # 人工纠正词（工作区从纠正中学到的）优先
    extra_scores: dict[str, float] = {}
    extra_hits: dict[str, list[str]] = {}
    extra = compile_extra(extra_keywords)
    for cat in extra.by_category:
        hits = _hits(t, extra.candidates(cat, t))
        if hits:
            extra_hits[cat] = hits
            extra_scores[cat] = EXTRA_WEIGHT * len(hits) + sum(len(h) for h in hits)

    if extra_scores:
        category = max(CATEGORY_ORDER, key=lambda c: (extra_scores.get(c, 0.0), -CATEGORY_ORDER.index(c)))
        reasons.append(
            f"命中本工作区人工纠正词{_join(extra_hits[category])}，判为{CATEGORY_LABELS[category]}"
        )
    else:
        scores: dict[str, float] = {}
        hits_by_cat: dict[str, list[str]] = {}
        for cat in CATEGORY_ORDER:
            hits = _hits(t, CATEGORY_WORDS[cat])
            if hits:
                hits_by_cat[cat] = hits
                scores[cat] = sum(CATEGORY_WORDS[cat][h] for h in hits)
        # 风险词是强信号：出现一个足以定为舆情风险（权重 ≥ 3 或负面情感下的次强词）
        risk = scores.get("risk", 0.0)
        if risk >= 3 or (risk >= 2 and senti.label == "neg"):
            category = "risk"
        elif scores:
            category = max(CATEGORY_ORDER, key=lambda c: (scores.get(c, 0.0), -CATEGORY_ORDER.index(c)))
            # 带负面情绪的咨询/建议、且含投诉词时，按投诉处理
            if category in ("consult", "suggest") and "complain" in scores and senti.label == "neg":
                category = "complain"
        else:
            category = ""
        if category:
            if category in hits_by_cat:
                reasons.append(f"命中{CATEGORY_LABELS[category]}类词{_join(hits_by_cat[category])}")
            others = [c for c in CATEGORY_ORDER if c in hits_by_cat and c != category]
            if others:
                reasons.append(
                    "也命中"
                    + "；".join(f"{CATEGORY_LABELS[c]}类词{_join(hits_by_cat[c])}" for c in others)
                    + f"，按规则以{CATEGORY_LABELS[category]}为准"
                )
            if category == "complain" and "complain" in hits_by_cat and senti.label == "neg" and others:
                reasons.append("情感为负面，倾向投诉")
        elif "?" in t or t.endswith(("吗", "呢")):
            category = "consult"
            reasons.append("没有命中分类词，但是问句，判为咨询")
        elif senti.score <= -0.4:
            category = "complain"
            reasons.append("没有命中分类词，情感为负面，判为投诉")
        elif _hits(t, _URGENT):
            category = "complain"
            reasons.append("没有命中分类词，但是紧急求助，按投诉类转部门处理")
        else:
            category = "chat"
            reasons.append("没有命中分类词，判为日常互动")

    urgent_hits = _hits(t, _URGENT)
    urgent = bool(urgent_hits)
    if urgent:
        why = "、".join(dict.fromkeys(URGENT_WORDS[w] for w in urgent_hits))
        reasons.append(f"标记紧急：{why}（{_join(urgent_hits)}）")
    reasons.append(f"情感{senti.label_zh}：" + "；".join(senti.reasons))
    return Classification(category=category, sentiment=senti, urgent=urgent, reasons=reasons)
