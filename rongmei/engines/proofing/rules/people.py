"""领导职务姓名（职务是否正确、是否过时、排序）与领导人语录引用核对。"""

from __future__ import annotations

import re
from typing import Any

from .. import words
from ..compiled import TITLE_WORDS, Compiled, title_keyword
from ..context import Context
from ..finding import Finding
from . import make

_TITLE_CUT = re.compile(r"[，。、；：！？\s“”‘’（）()《》,;:!?和及与]")
_QUOTE_RE = re.compile(r"“([^“”]{6,300})”")
_NORMALISE = re.compile(r"[\s，。、；：！？,.;:!?“”‘’\"'（）()—…]")


def _title_parts(title: str) -> list[str]:
    return [p for p in re.split(r"[、，,/]", title) if p]


#: 这些词紧跟在姓名后面时，姓名末字与后字组成的常用词（“傅政华|表示”中的“华表”）不算跨界。
_NAME_FOLLOW = ("表示", "说", "指出", "强调", "同志", "等", "在", "的", "为", "被", "因", "涉嫌", "案", "一案", "主持",
                "出席", "会见", "签署", "提出", "作", "讲话", "是", "和", "与", "及", "率", "接受", "严重", "任", "曾",
                "担任", "已", "先生", "女士", "到", "来", "去", "对", "向", "同", "也", "还", "就", "又", "都", "，", "。")
_NAME_PRECEDE = TITLE_WORDS + ("同志", "原", "前", "和", "与", "及", "、", "，", "。", "“", "：", "对", "向", "同", "由")
_STRADDLE_MIN_FREQ = 100


def name_ok(ctx: Context, start: int, end: int) -> bool:
    """``text[start:end]`` 是完整的人名，而不是跨词的巧合：姓名首字与前一字、末字与后一两字都不组成常用词
    （“高明远非常人可及”里“远非”是常用词，所以这里的“高明远”不是人名）。紧跟“表示、说、同志”等词时，
    “傅政华表示”的“华表”不算。"""
    text = ctx.text
    if not text.startswith(_NAME_FOLLOW, end):
        for k in (2, 3):
            w = text[end - 1 : end - 1 + k]
            if len(w) == k and words.freq(w) >= _STRADDLE_MIN_FREQ:
                return False
    if start > 0 and not text[:start].endswith(_NAME_PRECEDE):
        for k in (2, 3):
            if start - k + 1 >= 0 and words.freq(text[start - k + 1 : start + 1]) >= _STRADDLE_MIN_FREQ:
                return False
    return True


_TITLE_CHAIN_STOP = re.compile(r"[，。；：！？\s“”‘’（）()《》,;:!?]")
_FORMER = ("原", "前", "时任", "已故", "曾任", "老")


def _title_chain(text: str, start: int) -> str:
    """姓名前连写的职务（含顿号），如“国家主席、中共中央总书记”。"""
    before = text[max(0, start - 40) : start]
    cuts = list(_TITLE_CHAIN_STOP.finditer(before))
    return before[cuts[-1].end() :] if cuts else before


def _positions_at(leader: dict[str, Any], date: str | None) -> tuple[list[str], list[dict[str, Any]]]:
    """(文章日期时在任的职务, 已卸任的职务)。没有 positions 时退回 title / former_titles。"""
    positions = leader.get("positions")
    if not positions:
        return _title_parts(str(leader.get("title") or "")), [{"title": t} for t in leader.get("former_titles") or ()]
    current: list[dict[str, Any]] = []
    past: list[dict[str, Any]] = []
    for p in positions:
        start, until = str(p.get("from") or ""), str(p.get("until") or "")
        if date is None:
            (past if until else current).append(p)
        elif start <= date and (not until or date < until):
            current.append(p)
        elif until and date >= until:
            past.append(p)
    listed = [str(p["title"]) for p in current]
    if current:  # 职务字符串里写着但 positions 没列的（如“中共中央政治局常委”）也算现职
        listed += [t for t in _title_parts(str(leader.get("title") or "")) if not t.startswith("原") and t not in listed]
    return listed, past


def _check_title_order(ctx: Context, c: Compiled, start: int, end: int, leader: dict[str, Any]) -> Finding | None:
    order = [str(t) for t in leader.get("title_order") or ()]
    if len(order) < 2:
        return None
    chain = _title_chain(ctx.text, start)
    parts = [p for p in chain.split("、") if p]
    idx: list[int] = []
    for part in parts:
        for k, t in enumerate(order):
            short = t.removeprefix("中共中央").removeprefix("中央")
            if part.endswith(t) or part.endswith(short):
                idx.append(k)
                break
    if len(idx) >= 2 and idx != sorted(idx):
        cstart = start - len(chain)
        # 连写的职务从第一个职务开始（“会议由国家主席、……”里“会议由”不算）
        first = parts[0]
        for t in order:
            for form in (t, t.removeprefix("中共中央").removeprefix("中央")):
                if first.endswith(form):
                    cstart = start - len(chain) + len(first) - len(form)
                    break
            else:
                continue
            break
        return make(ctx, c, cstart, end, "leader_title", "leader_title.title_order", "高",
                    f"{'、'.join(order)}{leader['name']}",
                    f"“{leader['name']}”的职务排列顺序不对，官方顺序为“{'、'.join(order)}”。")
    return None


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
    if _title_chain(text, start).startswith(_FORMER) or phrase.startswith(_FORMER):
        return None  # “原国务院总理李克强”“时任……”：明说是过去的职务
    name = str(leader.get("name"))
    current_titles, past = _positions_at(leader, ctx.date)
    if any(_same_title(phrase, t) for t in current_titles):
        return None
    # 文中的职务写全了（“北京市委书记”），与某个已卸任职务一字不差而与现职都对不上：过时，
    # 哪怕现职里也有同一个关键词（蔡奇现任“中央书记处书记”，“北京市委书记蔡奇”仍是过时的写法）
    outdated = [p for p in past if _same_title(phrase, str(p["title"]))]
    if not outdated and mention_kw in {title_keyword(p) for p in current_titles}:
        return None  # 只写了关键词或简称（“总理”“中办主任”），按现职算
    title = "、".join(current_titles) or str(leader.get("title") or "")
    outdated = outdated or [p for p in past if title_keyword(str(p["title"])) == mention_kw]
    if outdated:
        p = outdated[-1]
        when = f"已于 {p['until']} 卸任“{p['title']}”" if p.get("until") else f"“{p['title']}”已不是其现任职务"
        successor = _successor(c, str(p["title"]), ctx.date, name)
        tail = f"；现任{p['title']}为{successor}" if successor else ""
        sugg = f"{title}{name}" if current_titles else f"原{p['title']}{name}"
        rule, msg = "leader_title.outdated", f"“{name}”{when}（文章日期 {ctx.date or '今天'}）{tail}。请核对职务（依据：领导职务登记表）。"
    else:
        sugg = f"{title}{name}"
        rule, msg = "leader_title.mismatch", f"“{name}”的职务与领导职务登记表不符：文中为“{mention_kw}”，登记为“{title}”。"
    return make(ctx, c, span[0], span[1], "leader_title", rule, "高", sugg, msg)


_TITLE_PREFIXES = ("中国共产党", "中共中央", "中共", "中央")


def _same_title(phrase: str, title: str) -> bool:
    """文中姓名前的职务短语（可能带着前面的字，如“会见了国家主席”）写的正是这个职务：以它结尾，
    或是它去掉“中共中央”“中央”等前缀后的写法，或是它的末尾一段（“总理”之于“国务院总理”不算，只有关键词，由调用方按关键词处理）。"""
    if not phrase or not title:
        return False
    forms = {title} | {title.removeprefix(p) for p in _TITLE_PREFIXES if title.startswith(p)}
    return any(phrase.endswith(f) or (len(phrase) > len(title_keyword(f) or f) and f.endswith(phrase)) for f in forms)


def _successor(c: Compiled, title: str, date: str | None, name: str) -> str | None:
    for other in c.leaders.values():
        if other.get("name") == name:
            continue
        for p in other.get("positions") or ():
            start, until = str(p.get("from") or ""), str(p.get("until") or "")
            if str(p.get("title")) == title and (date is None and not until or date and start <= date and (not until or date < until)):
                return str(other["name"])
    return None


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
            if leader.get("rank") in (None, "", 999):
                continue  # 没有固定排序的领导（如按姓氏笔画排列的政治局委员）不检查
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
                import difflib  # 只在引语与登记的原文不完全一致时才用

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
            f = _check_title_order(ctx, c, s, e, leader) or _check_title(ctx, c, s, e, leader)
            if f is not None:
                out.append(f)
        out.extend(_check_order(ctx, c, sorted(mentions, key=lambda m: m[0])))
    if "quotation" in c.enabled:
        out.extend(check_quotations(ctx, c))
    return out
