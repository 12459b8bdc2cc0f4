"""正则类规则：标点（GB/T 15834）、数字（GB/T 15835）、隐私、涉密、标题党、繁体字。"""

from __future__ import annotations

import re

from ..compiled import Compiled
from ..context import Context
from ..finding import Finding
from ..prefilter import absent, guarded, needles
from . import make

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"

# ---------------------------------------------------------------------------
# 标点符号
# ---------------------------------------------------------------------------
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
_HALF_PUNCT_RE = re.compile(rf"(?<=[{HAN}”’）])([,;:?!])(?=[{HAN}“‘（《]|\s*$)|(?<=[{HAN}])(\.)(?=[{HAN}]|\s*$)", re.M)
_HALF_CHARS_RE = re.compile(r"[,;:?!.]")
_HALF_PAREN_RE = re.compile(r"\(([^()\n]{0,60})\)")
_DUP_RE = re.compile(r"[，、；：][，。、；：]+|。[，、；：]+|。{2}(?!。)")
_ELLIPSIS_RE = re.compile(rf"(?<=[{HAN}，。”])(\.{{3,}}|。{{3,}}|·{{3,}})|(?<!…)(…|…{{3}})(?!…)")
_DASH_RE = re.compile(rf"(?<=[{HAN}])(-{{2,}}|－{{1,}}|─{{1,}}|—-|-—)(?=[{HAN}“])")
#: 顿号后紧跟关联词或人称代词主语：后面是分句，分句之间用逗号或分号（GB/T 15834—2011 4.5.3.1）
_CLAUSE_DUNHAO_RE = re.compile(
    rf"(?<=[{HAN}])、(?=(?:同时|并且|而且|但是|然后|此外|另外|因此|所以|否则|可是|然而|我们|他们|她们|大家|咱们)[{HAN}]{{2,}})"
)
_PAIRS = {"（": "）", "《": "》", "“": "”", "‘": "’", "【": "】", "〔": "〕", "(": ")"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_DASH_NEED = needles(_DASH_RE)
_PARA_RE = re.compile(r"[^\n]+")
_HAN_CHAR_RE = re.compile(f"[{HAN}]")
_BRACKET_RE = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + "]")


def _unpaired(ctx: Context, c: Compiled) -> list[Finding]:
    out: list[Finding] = []
    text = ctx.text
    if _BRACKET_RE.search(text) is None:  # 没有成对标点就没有不配对的
        return out
    paragraphs = [(m.start(), m.group()) for m in _PARA_RE.finditer(text)]
    for idx, (off, para) in enumerate(paragraphs):
        if not _HAN_CHAR_RE.search(para):
            continue
        stack: list[tuple[int, str]] = []
        bad: list[tuple[int, str]] = []
        for m in _BRACKET_RE.finditer(para):  # 只看成对标点（逐字循环是这里的大头）
            i, ch = m.start(), m.group()
            if ch in _PAIRS:
                stack.append((i, ch))
            elif ch in _CLOSERS:
                if ch == "’" and 0 < i < len(para) - 1 and para[i - 1].isascii() and para[i + 1].isascii():
                    continue  # 英文撇号
                opener = _CLOSERS[ch]
                pos = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] == opener), None)
                if pos is None:
                    bad.append((i, ch))
                else:
                    del stack[pos:]  # 内层未闭合的符号一并丢弃（只报最明显的错误）
        next_para = paragraphs[idx + 1][1].lstrip() if idx + 1 < len(paragraphs) else ""
        for i, ch in stack:
            if ch in "“‘" and next_para.startswith(ch):
                continue  # 多段引文：每段开头用前引号，只在最后一段末尾用后引号（GB/T 15834 4.3.3）
            bad.append((i, ch))
        for i, ch in sorted(bad):
            mate = _PAIRS.get(ch) or _CLOSERS.get(ch)
            out.append(
                make(
                    ctx, c, off + i, off + i + 1, "punctuation", "punctuation.unpaired", "中", None,
                    f"标点“{ch}”没有与之配对的“{mate}”，请检查是否遗漏或多余（GB/T 15834）。",
                )
            )
    return out


def punctuation(ctx: Context, c: Compiled) -> list[Finding]:
    text = ctx.text
    out: list[Finding] = []
    # 以逆序环视开头的正则不能按前缀加速，先确认文本里有它必需的字符
    half = _HALF_CHARS_RE.search(text) is not None
    for m in (_HALF_PUNCT_RE.finditer(text) if half else ()):
        g = 1 if m.group(1) else 2
        s, e = m.span(g)
        ch = m.group(g)
        if ch == ":" and text[e : e + 2].startswith("//"):
            continue
        out.append(
            make(
                ctx, c, s, e, "punctuation", "punctuation.halfwidth", "低", _HALF_TO_FULL[ch],
                f"中文语句中使用了半角标点“{ch}”，应使用全角“{_HALF_TO_FULL[ch]}”（GB/T 15834）。",
            )
        )
    for m in (_HALF_PAREN_RE.finditer(text) if "(" in text else ()):
        s, e = m.span()
        before = text[s - 1] if s else ""
        after = text[e] if e < len(text) else ""
        inner_han = re.search(f"[{HAN}]", m.group(1))
        if inner_han or re.match(f"[{HAN}]", before) or re.match(f"[{HAN}]", after):
            out.append(
                make(
                    ctx, c, s, e, "punctuation", "punctuation.halfwidth", "低", f"（{m.group(1)}）",
                    "中文语句中使用了半角括号“()”，应使用全角“（）”（GB/T 15834）。",
                )
            )
    for m in _DUP_RE.finditer(text):
        out.append(
            make(
                ctx, c, m.start(), m.end(), "punctuation", "punctuation.duplicate", "中", m.group()[-1],
                f"标点“{m.group()}”重复或连用不当，一般只保留一个（GB/T 15834）。",
            )
        )
    ellipsis = "…" in text or "..." in text or "。。。" in text or "···" in text  # _ELLIPSIS_RE 的必要条件
    for m in (_ELLIPSIS_RE.finditer(text) if ellipsis else ()):
        s, e = m.span(1) if m.group(1) else m.span(2)
        if m.group(2) and not (re.match(f"[{HAN}，。”]", text[s - 1 : s] or "x")):
            continue
        out.append(
            make(
                ctx, c, s, e, "punctuation", "punctuation.ellipsis", "低", "……",
                f"省略号写法“{text[s:e]}”不规范，应为占两个字位置的“……”（GB/T 15834 4.11）。",
            )
        )
    for m in (() if absent(_DASH_NEED, text) else _DASH_RE.finditer(text)):
        out.append(
            make(
                ctx, c, m.start(), m.end(), "punctuation", "punctuation.dash", "低", "——",
                f"破折号写法“{m.group()}”不规范，应为占两个字位置的“——”（GB/T 15834 4.9）。",
            )
        )
    for m in (_CLAUSE_DUNHAO_RE.finditer(text) if "、" in text else ()):
        out.append(
            make(
                ctx, c, m.start(), m.end(), "punctuation", "punctuation.clause_dunhao", "低", "，",
                "顿号只用于句内并列的词语之间；这里后面是一个分句（以关联词或主语开头），应改用逗号（GB/T 15834—2011 4.5）。",
            )
        )
    out.extend(_unpaired(ctx, c))
    return out


# ---------------------------------------------------------------------------
# 数字用法
# ---------------------------------------------------------------------------
_HAN_DIGITS = "〇零一二三四五六七八九"
_MIXED_YEAR_RE = re.compile(rf"(?<![0-9{_HAN_DIGITS}])[0-9{_HAN_DIGITS}]{{3,4}}(?=年)")
_DATE_RE = re.compile(r"(?<![0-9])(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_ISO_DATE_RE = re.compile(r"(?<![0-9])(\d{4})-(\d{1,2})-(\d{1,2})(?![0-9])")
_SHORT_YEAR_RE = re.compile(r"(?<![0-9０-９'’\.])(['’]?)(\d{2})年(?=\d{1,2}月)")
_APPROX_RE = re.compile(r"(约|大约)(?:为|有|占|是|合|计|在)?[0-9０-９一二三四五六七八九十百千万亿两.余多%％]{1,10}[^\s，。；、]{0,4}?左右")
#: 百分数范围只在后一个数带 %（5-8%、5～8%）：GB/T 15835—2011 要求两个数都带 %（5%～8%）
_PCT_RANGE_RE = re.compile(r"(?<![0-9.%])(\d+(?:\.\d+)?)\s*([-－~～—–至到])\s*(\d+(?:\.\d+)?)\s*[%％]")
#: 百分数范围用了连字符“-”：数值范围用浪纹线“～”（GB/T 15834—2011 4.13.3）
_PCT_HYPHEN_RE = re.compile(r"(?<![0-9.])(\d+(?:\.\d+)?[%％])\s*[-－]\s*(\d+(?:\.\d+)?[%％])")
_DIGIT_RE = re.compile(r"\d")
_MIXED_UNITS_RE = re.compile(r"\d+[千百]\d+[百十]")


def _valid_date(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    import calendar  # 只在遇到日期时才用（新进程少导入 calendar 与 locale）

    y = year if year else 2024  # 无年份时按闰年宽松处理（2 月 29 日合法）
    return day <= calendar.monthrange(y, month)[1]


def number(ctx: Context, c: Compiled) -> list[Finding]:
    text = ctx.text
    out: list[Finding] = []
    # 下面多数规则都要有数字（\d 含全角数字）；没有数字的句子（约一半）跳过这些正则
    digits = _DIGIT_RE.search(text) is not None
    for m in (_MIXED_YEAR_RE.finditer(text) if digits else ()):
        v = m.group()
        if any(ch.isdigit() and ch.isascii() for ch in v) and any(ch in _HAN_DIGITS for ch in v):
            out.append(
                make(
                    ctx, c, m.start(), m.end() + 1, "number", "number.mixed_numerals", "中", None,
                    f"“{v}年”混用了阿拉伯数字和汉字数字，同一数字应统一用一种写法（GB/T 15835）。",
                )
            )
    for m in (_DATE_RE.finditer(text) if digits else ()):
        year = int(m.group(1)) if m.group(1) else None
        if not _valid_date(year, int(m.group(2)), int(m.group(3))):
            out.append(
                make(
                    ctx, c, m.start(), m.end(), "number", "number.invalid_date", "中", None,
                    f"日期“{m.group()}”不存在，请核对。",
                )
            )
    for m in (_ISO_DATE_RE.finditer(text) if digits else ()):
        if not _valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            out.append(
                make(ctx, c, m.start(), m.end(), "number", "number.invalid_date", "中", None, f"日期“{m.group()}”不存在，请核对。")
            )
    for m in (_SHORT_YEAR_RE.finditer(text) if digits else ()):
        yy = int(m.group(2))
        full = f"{2000 + yy if yy <= 30 else 1900 + yy}年"
        out.append(
            make(
                ctx, c, m.start(), m.end(), "number", "number.short_year", "低", full,
                f"年份“{m.group()}”不应简写，应写全为“{full}”（GB/T 15835 5.2.1）。",
            )
        )
    for m in (_APPROX_RE.finditer(text) if "左右" in text else ()):
        out.append(
            make(
                ctx, c, m.start(), m.end(), "number", "number.approx_redundant", "低", m.group()[: -len("左右")],
                "“约”和“左右”都表示概数，不宜同时使用，删去其一。",
            )
        )
    for m in (_PCT_RANGE_RE.finditer(text) if digits else ()):
        a, sep, b = m.group(1), m.group(2), m.group(3)
        dash = "～" if sep in "-－~～—–" else sep
        out.append(
            make(
                ctx, c, m.start(), m.end(), "number", "number.percent_range", "低", f"{a}%{dash}{b}%",
                f"百分数范围“{m.group()}”中前一个数也要带百分号，应写作“{a}%{dash}{b}%”（GB/T 15835—2011）。",
            )
        )
    for m in (_PCT_HYPHEN_RE.finditer(text) if digits else ()):
        out.append(
            make(
                ctx, c, m.start(), m.end(), "number", "number.range_mark", "低", f"{m.group(1)}～{m.group(2)}",
                f"数值范围“{m.group()}”应使用浪纹线“～”连接（GB/T 15834—2011 4.13.3），写作“{m.group(1)}～{m.group(2)}”。",
            )
        )
    for m in (_MIXED_UNITS_RE.finditer(text) if digits else ()):
        out.append(
            make(
                ctx, c, m.start(), m.end(), "number", "number.mixed_numerals", "低", None,
                f"“{m.group()}”混用阿拉伯数字与“千”“百”“十”，应统一写法（GB/T 15835）。",
            )
        )
    return out


# ---------------------------------------------------------------------------
# 隐私：身份证号、手机号、银行卡号
# ---------------------------------------------------------------------------
_ID_RE = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9])")
_CARD_RE = re.compile(r"(?<![0-9])(?:\d{4}[ -]?){3}\d{4,7}(?![0-9])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_checksum_ok(number: str) -> bool:
    """18 位居民身份证号码校验位（GB 11643）。"""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number if d.isdigit()]
    if len(digits) < 12:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def privacy(ctx: Context, c: Compiled) -> list[Finding]:
    text = ctx.text
    out: list[Finding] = []
    taken: list[tuple[int, int]] = []
    if _DIGIT_RE.search(text) is None:  # 三条规则都要有数字
        return out
    for m in _ID_RE.finditer(text):
        if id_checksum_ok(m.group()):
            taken.append(m.span())
            out.append(
                make(
                    ctx, c, m.start(), m.end(), "privacy", "privacy.id_number", "高", None,
                    "疑似公民身份号码（校验位正确），公开发布会泄露个人信息，应删除或脱敏（如只保留前 6 位）。",
                )
            )
    for m in _MOBILE_RE.finditer(text):
        out.append(
            make(
                ctx, c, m.start(), m.end(), "privacy", "privacy.mobile", "中", None,
                "疑似个人手机号码；如非公开的服务热线，应征得本人同意或脱敏（如 138****1234）。",
            )
        )
        taken.append(m.span())
    for m in _CARD_RE.finditer(text):
        s, e = m.span()
        if any(ts <= s < te or ts < e <= te for ts, te in taken):
            continue
        digits = re.sub(r"\D", "", m.group())
        if 16 <= len(digits) <= 19 and luhn_ok(digits):
            out.append(
                make(
                    ctx, c, s, e, "privacy", "privacy.bank_card", "高", None,
                    "疑似银行卡号（Luhn 校验通过），公开发布会泄露个人金融信息，应删除或脱敏。",
                )
            )
    return out


# ---------------------------------------------------------------------------
# 涉密标识、标题党
# ---------------------------------------------------------------------------
def _regex_category(ctx: Context, c: Compiled, rules, category: str, span: tuple[int, int] | None,
                    only: bool | None = None) -> list[Finding]:
    """``only``：只跑 ``headline_only`` 等于它的规则（None 为全部）。"""
    text = ctx.text
    out: list[Finding] = []
    for need, (pattern, severity, reason, headline_only, excepts) in guarded(rules, _first):
        if only is not None and headline_only != only:
            continue
        if headline_only and span is None:
            continue
        if need is not None:  # 句中没有这条正则必需的子串就不跑（见 prefilter）
            for sub in need:
                if sub in text:
                    break
            else:
                continue
        lo, hi = span if (span and category == "headline") else (0, len(text))
        for m in pattern.finditer(text, lo, hi):
            if m.start() == m.end():
                continue
            if excepts and any(x in text[max(0, m.start() - 6) : m.end() + 6] for x in excepts):
                continue
            if headline_only and not (span[0] <= m.start() < span[1]):
                continue
            label = "标题" if category == "headline" else "文中"
            out.append(
                make(
                    ctx, c, m.start(), m.end(), category, f"{category}.pattern", severity, None,
                    f"{label}出现“{m.group()}”：{reason}。",
                )
            )
    return out


def _first(rule):
    return rule[0]


def headline_span(text: str) -> tuple[int, int] | None:
    """标题行：首个非空行，≤40 字且不以句末标点结尾；全文只有一行时也须满足此条件。"""
    m = re.search(r"[^\n]+", text)
    if not m:
        return None
    line = m.group().strip()
    if not line or len(line) > 40 or line[-1] in "。；，、":
        return None
    return m.span()


def secrecy(ctx: Context, c: Compiled) -> list[Finding]:
    return _regex_category(ctx, c, c.secrecy, "secrecy", None)


def headline(ctx: Context, c: Compiled) -> list[Finding]:
    span = headline_span(ctx.text)
    out = _regex_category(ctx, c, c.headline, "headline", span, only=True) if span else []
    out += _regex_category(ctx, c, c.headline, "headline", span, only=False)
    return out


def traditional(ctx: Context, c: Compiled) -> list[Finding]:
    out: list[Finding] = []
    if c.traditional_re is None or c.traditional.keys().isdisjoint(ctx.text):
        return out
    for m in c.traditional_re.finditer(ctx.text):
        simp = "".join(c.traditional.get(ch, ch) for ch in m.group())
        out.append(
            make(
                ctx, c, m.start(), m.end(), "traditional", "traditional.char", "中", simp,
                f"简体文本中出现繁体字“{m.group()}”，应改为“{simp}”（《国家通用语言文字法》）。",
            )
        )
    return out
