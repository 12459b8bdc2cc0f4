"""领导职务姓名（职务是否正确、是否过时、排序）与领导人语录引用核对。"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..compiled import TITLE_WORDS, Compiled, title_keyword
from ..context import Context
from ..finding import Finding
from . import make

_TITLE_CUT = re.compile(r"[，。、；：！？\s“”‘’（）()《》,;:!?和及与]")
_QUOTE_RE = re.compile(r"“([^“”]{6,300})”")
_NORMALISE = re.compile(r"[\s，。、；：！？,.;:!?“”‘’\"'（）()—…]")


def _title_parts(title: str) -> list[str]:
    return [p for p in re.split(r"[、，,/]", title) if p]


def _check_title(ctx: Context, c: Compiled, start: int, end: int, leader: dict[str, Any]) -> Finding | None:
    text = ctx.text
    before = text[max(0, start - 16) : start]
    cuts = list(_TITLE_CUT.finditer(before))
    phrase = before[cuts[-1].end() :] if cuts else before
    mention_kw = title_keyword(phrase) if phrase else None
    span = (start - len(phrase), end)
    if mention_kw is None:
        after = text[end : end + 6]
        for word in TITLE_WORDS:
            if after.startswith(word):
                mention_kw = word
                span = (start, end + len(word))
                break
    if mention_kw is None:
        return None
    name = str(leader.get("name"))
    title = str(leader.get("title") or "")
    current = {title_keyword(p) for p in _title_parts(title)}
    if mention_kw in current:
        return None
    former = {title_keyword(p) for t in leader.get("former_titles") or () for p in _title_parts(str(t))}
    if mention_kw in former:
        rule, msg = "leader_title.outdated", f"“{name}”的职务“{mention_kw}”已过时，现任职务为“{title}”（依据领导职务登记表）。"
    else:
        rule, msg = "leader_title.mismatch", f"“{name}”的职务与领导职务登记表不符：文中为“{mention_kw}”，登记为“{title}”。"
    return make(ctx, c, span[0], span[1], "leader_title", rule, "高", f"{title}{name}", msg)


def _check_order(ctx: Context, c: Compiled, mentions: list[tuple[int, int, dict[str, Any]]]) -> list[Finding]:
    out: list[Finding] = []
    text = ctx.text
    groups: list[list[tuple[int, int, dict[str, Any]]]] = []
    for m in mentions:
        if groups and m[0] - groups[-1][-1][1] <= 20 and not re.search(r"[。；！？\n]", text[groups[-1][-1][1] : m[0]]):
            groups[-1].append(m)
        else:
            groups.append([m])
    for g in groups:
        names: list[tuple[str, float]] = []
        for _s, _e, leader in g:
            if leader.get("name") not in [n for n, _ in names]:
                try:
                    names.append((str(leader.get("name")), float(leader.get("rank", 999))))
                except (TypeError, ValueError):
                    names.append((str(leader.get("name")), 999.0))
        ranks = [r for _, r in names]
        if len(names) >= 2 and ranks != sorted(ranks):
            ordered = "、".join(n for n, _ in sorted(names, key=lambda x: x[1]))
            out.append(
                make(
                    ctx, c, g[0][0], g[-1][1], "leader_title", "leader_title.order", "中", ordered,
                    f"领导姓名排序与登记表不一致，应为：{ordered}。",
                )
            )
    return out


def check_quotations(ctx: Context, c: Compiled) -> list[Finding]:
    out: list[Finding] = []
    if not c.quotations:
        return out
    text = ctx.text
    for m in _QUOTE_RE.finditer(text):
        qs, qe = m.span(1)
        before = text[max(0, qs - 60) : qs]
        speakers = [s for s in c.quotations if s in before]
        if not speakers:
            continue
        quote = m.group(1)
        nq = _NORMALISE.sub("", quote)
        if len(nq) < 6:
            continue
        best: tuple[float, dict[str, Any] | None, str] = (0.0, None, "")
        exact = False
        for speaker in speakers:
            for item in c.quotations[speaker]:
                original = str(item["text"])
                no = _NORMALISE.sub("", original)
                if nq in no:
                    exact = True
                    break
                candidates = [original] + [p for p in re.split(r"[，。；！？]", original) if len(p) >= 4]
                for cand in candidates:
                    ratio = difflib.SequenceMatcher(None, nq, _NORMALISE.sub("", cand)).ratio()
                    if ratio > best[0]:
                        best = (ratio, item, cand)
            if exact:
                break
        if exact or best[1] is None or best[0] < 0.75:
            continue
        item = best[1]
        src = f"（出处：{item['source']}）" if item.get("source") else ""
        out.append(
            make(
                ctx, c, qs, qe, "quotation", "quotation.near_miss", "高", best[2],
                f"引文与语料库中{item['speaker']}的原话不一致（相似度 {best[0]:.2f}），原文为“{best[2]}”{src}，请核对。",
            )
        )
    return out


def run(ctx: Context, c: Compiled, mentions: list[tuple[int, int, dict[str, Any]]]) -> list[Finding]:
    out: list[Finding] = []
    if mentions:
        for s, e, leader in mentions:
            f = _check_title(ctx, c, s, e, leader)
            if f is not None:
                out.append(f)
        out.extend(_check_order(ctx, c, sorted(mentions, key=lambda m: m[0])))
    if "quotation" in c.enabled:
        out.extend(check_quotations(ctx, c))
    return out
