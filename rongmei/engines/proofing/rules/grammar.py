"""依赖语境的错别字规则：截止/截至、的/地/得、重复字。

只收精确度高的模式（宁可漏报，不要误报）；每条都说明理由。
"""

from __future__ import annotations

import re

from ..compiled import Compiled
from ..context import Context, pos_tokenizer, tokenizer
from ..finding import Finding
from . import make

_JIEZHI_RE = re.compile(
    r"截止(?=(?:目前|今年|去年|当前|发稿|记者发稿|本月|上月|本周|年底|年末|上半年|前三季度|\d|[一二三四五六七八九十〇零]{1,4}[年月]))"
)
_DEGREE = ("很", "非常", "十分", "特别", "极其", "格外", "更加", "相当", "极为", "越来越", "不够", "太")
_REDUP_ADV = ("紧紧", "牢牢", "默默", "悄悄", "慢慢", "渐渐", "静静", "轻轻", "稳稳", "好好", "狠狠", "远远", "早早")
_NOUN = ("n", "nr", "ns", "nt", "nz")
_REPEAT_RE = re.compile(r"(的|了|在|和|与|及|把|被|将|从|是|就|也|都|对|向|为)\1")


def _jiezhi(ctx: Context, c: Compiled) -> list[Finding]:
    out = []
    text = ctx.text
    for m in _JIEZHI_RE.finditer(text):
        rest = re.match(r"[^，,。；;！？\n]{0,20}([，,])", text[m.end() :])
        if not rest:
            continue
        segment = rest.group()
        if "止" in segment or "日期" in segment or "时间" in segment:
            continue
        out.append(
            make(
                ctx, c, m.start(), m.end(), "typo", "typo.jiezhi_jiezhi", "中", "截至",
                "“截止”表示到某时停止，不带宾语；后接时间并引出下文的统计截至时点时应用“截至”。",
            )
        )
    return out


def _in_word(text: str, pos: int) -> bool:
    """“地/得”与前一字或后一字能组成词典词（营地、深得、得到……）时不作为助词处理。"""
    freq = tokenizer().FREQ
    return bool(freq.get(text[pos - 1 : pos + 1]) or freq.get(text[pos : pos + 2]))


def _de(ctx: Context, c: Compiled) -> list[Finding]:
    text = ctx.text
    out: list[Finding] = []
    seen: set[int] = set()
    for m in re.finditer(r"[的地得]", text):
        pos = m.start()
        ch = m.group()
        if ch == "的" and not text.startswith(_DEGREE, pos + 1) and not text.startswith(_REDUP_ADV, pos - 2):
            continue
        cs, ce = ctx.clause_span(pos)
        if cs in seen:
            continue
        seen.add(cs)
        words = list(pos_tokenizer().cut(text[cs:ce]))
        offs = []
        o = cs
        for w in words:
            offs.append(o)
            o += len(w.word)
        for i, w in enumerate(words):
            if w.word not in ("的", "地", "得") or i == 0:
                continue
            prev = words[i - 1]
            nxt = words[i + 1] if i + 1 < len(words) else None
            after = words[i + 2] if i + 2 < len(words) else None
            start = offs[i]
            if w.word in ("地", "得") and nxt is not None and nxt.flag in _NOUN and prev.flag in _NOUN + ("r",):
                if _in_word(text, start):
                    continue
                out.append(
                    make(
                        ctx, c, start, start + 1, "typo", "typo.de", "中", "的",
                        f"“{prev.word}{w.word}{nxt.word}”中“{w.word}”连接定语与名词，应用“的”。",
                    )
                )
            elif (
                w.word == "的"
                and prev.flag == "v"
                and len(prev.word) == 1
                and nxt is not None
                and nxt.word.startswith(_DEGREE)
                and nxt.flag in ("d", "a", "ad")
                and (after is None or after.word in ("了", "啊", "呀", "！", "。"))
            ):
                out.append(
                    make(
                        ctx, c, start, start + 1, "typo", "typo.de", "中", "得",
                        f"“{prev.word}{w.word}{nxt.word}”中“的”后面是补语，应用“得”。",
                    )
                )
            elif w.word == "的" and prev.word in _REDUP_ADV and nxt is not None and nxt.flag == "v":
                out.append(
                    make(
                        ctx, c, start, start + 1, "typo", "typo.de", "中", "地",
                        f"“{prev.word}{w.word}{nxt.word}”中“的”修饰动词，应用“地”。",
                    )
                )
    return out


def _repeats(ctx: Context, c: Compiled) -> list[Finding]:
    out = []
    for m in _REPEAT_RE.finditer(ctx.text):
        s = m.start()
        b = ctx.boundaries(s)
        if s in b and s + 1 in b and s + 2 in b:
            out.append(
                make(
                    ctx, c, s, s + 2, "typo", "typo.repeated_char", "中", m.group(1),
                    f"“{m.group(1)}”重复，疑为多打了一个字。",
                )
            )
    return out


def run(ctx: Context, c: Compiled) -> list[Finding]:
    return _jiezhi(ctx, c) + _de(ctx, c) + _repeats(ctx, c)
