"""词表类规则：敏感词、禁用词、落马官员、错别字词对、法规名称（一次 Aho-Corasick 扫描）。

同时收集领导姓名出现的位置，交给 :mod:`.people` 检查职务与排序。
"""

from __future__ import annotations

from typing import Any

from .. import words
from ..compiled import Compiled, Entry
from ..context import Context
from ..finding import Finding
from . import make, people

_FALLEN_CONTEXT = ("被查", "落马", "审查调查", "纪律审查", "监察调查", "双开", "开除党籍", "受贿", "立案侦查",
                   "被判", "判处", "违纪违法", "严重违纪", "接受审查", "移送检察", "案件", "一案", "反面教材",
                   "警示教育", "以案促改", "违纪违法活动")


def _covered(text: str, start: int, end: int, phrases: tuple[str, ...]) -> bool:
    for ph in phrases:
        lo = max(0, end - len(ph))
        hi = min(len(text), start + len(ph))
        idx = text.find(ph, lo, hi)
        while idx != -1:
            if idx <= start and idx + len(ph) >= end:
                return True
            idx = text.find(ph, idx + 1, hi)
    return False


_PROPER = ("nr", "nrt", "nrfg", "ns", "nt", "nz")


def _inside_name(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` 是人名、地名等专名的一部分：被更长的专名词覆盖，或本身标为专名且紧挨着另一个专名词。
    （只标为专名而前后都不是专名的不算：词典把“希奇”也标成了人名，“这件事很希奇”仍要报。）"""
    lo, hi = max(0, start - 6), min(len(text), end + 6)
    toks = words.tag(text[lo:hi])
    spans = []
    o = lo
    for w in toks:
        spans.append((o, o + len(w.word), w.flag in _PROPER and len(w.word) > 1))
        o += len(w.word)
    for k, (s, e, proper) in enumerate(spans):
        if not proper or s > start or e < end:
            continue
        if e - s > end - start:
            return True
        if (k > 0 and spans[k - 1][2]) or (k + 1 < len(spans) and spans[k + 1][2]):
            return True
    return False


def run(ctx: Context, c: Compiled) -> tuple[list[Finding], list[tuple[int, int, dict[str, Any]]]]:
    out: list[Finding] = []
    mentions: list[tuple[int, int, dict[str, Any]]] = []
    if c.automaton is None:
        return out, mentions
    text = ctx.text
    wl_spans: list[tuple[int, int]] | None = None
    for end_idx, (length, entries) in c.automaton.iter(text):
        end = end_idx + 1
        start = end - length
        for entry in entries:
            entry: Entry
            if entry.excepts and _covered(text, start, end, entry.excepts):
                continue
            if entry.category == "wording" and entry.data:
                if not ctx.in_force(entry.data):
                    continue
                if entry.data.get("context"):
                    ss, se = ctx.sentence_span(start)
                    if not any(w in text[ss:se] for w in entry.data["context"]):
                        continue
            if entry.category == "sensitive" and c.whitelist is not None:
                if wl_spans is None:
                    wl_spans = [(e + 1 - n, e + 1) for e, n in c.whitelist.iter(text)]
                if any(ws <= start and we >= end for ws, we in wl_spans):
                    continue
                if c.negative_context:
                    ss, _se = ctx.sentence_span(start)
                    if any(w in text[ss:start] for w in c.negative_context):
                        continue
            if entry.category == "law_title" and (
                ctx.inside_brackets(start) or text.startswith("》", end) or ctx.inside_brackets(start, "〈", "〉")
            ):
                continue
            if entry.category in ("leader", "fallen_official"):
                if not people.name_ok(ctx, start, end):  # 人名按整名匹配，不跨词（“高明远非常人可及”）
                    continue
            elif entry.boundary and not ctx.is_word(start, end):
                continue
            if entry.rule == "typo.wordpair" and _inside_name(text, start, end):
                continue  # “苗建全说”“同希奇莱马总统会见”：人名里的字不按错字对改
            if entry.category == "leader":
                mentions.append((start, end, entry.data))
                continue
            severity, message = entry.severity, entry.message
            if entry.category == "fallen_official":
                ss, se = ctx.sentence_span(start)
                if any(w in text[ss:se] for w in _FALLEN_CONTEXT):
                    severity = "低"
                    message += "（本句为查处类报道语境，已降低严重程度。）"
            out.append(make(ctx, c, start, end, entry.category, entry.rule, severity, entry.suggestion, message))
    return out, mentions
