"""依赖语境的错别字规则：截止/截至、的/地/得、重复字。

只收精确度高的模式（宁可漏报，不要误报）；每条都说明理由。
"""

from __future__ import annotations

import functools
import re

from .. import words
from ..compiled import Compiled
from ..context import Context
from ..finding import Finding
from . import make

_JIEZHI_RE = re.compile(
    r"截止(?=(?:目前|今年|去年|当前|发稿|记者发稿|本月|上月|本周|年底|年末|上半年|前三季度|\d|[一二三四五六七八九十〇零]{1,4}[年月]))"
)
_DEGREE = ("很", "非常", "十分", "特别", "极其", "格外", "更加", "相当", "极为", "越来越", "不够", "太")
_REDUP_ADV = ("紧紧", "牢牢", "默默", "悄悄", "慢慢", "渐渐", "静静", "轻轻", "稳稳", "好好", "狠狠", "远远", "早早")
_NOUN = ("n", "nr", "ns", "nt", "nz")
_DE_RE = re.compile(r"[的地得]")
_REPEAT_RE = re.compile(r"(的|了|在|和|与|及|把|被|将|从|是|就|也|都|对|向|为)\1")


def _jiezhi(ctx: Context, c: Compiled) -> list[Finding]:
    out = []
    text = ctx.text
    if "截止" not in text:
        return out
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


def _in_word(text: str, pos: int, min_freq: int = 0) -> bool:
    """“地/得”与前一字或后一字能组成词典词（营地、深得、得到……）时不作为助词处理。"""
    freq = words.FREQ
    return freq.get(text[pos - 1 : pos + 1], 0) > min_freq or freq.get(text[pos : pos + 2], 0) > min_freq


_DE_DEGREE = _DEGREE + ("更", "最", "挺", "不太", "真", "有点", "多么")
#: “的/地 + 不 + X”只在 X 是形容词性补语时才是“得”（“做得不好”）；“重要的不是……”“他的不满”不是。
_NEG_COMPLEMENT = ("不好", "不错", "不够", "不多", "不少", "不快", "不慢", "不对", "不行", "不清", "不高", "不深", "不细",
                   "不到位", "不彻底", "不扎实", "不充分", "不全面", "不及时", "不理想")
_VERB = ("v", "vd", "vi")
#: 词性为副词/副形词、但常作定语的词（一定的作用、正常的生活、唯一的办法）。
_NOT_ADVERBIAL = ("一定", "正常", "唯一", "真正", "一般", "特别", "共同", "直接", "主要", "一致", "相互", "基本", "真实", "明确",
                  "正确", "及时", "长期", "一贯", "一直", "公开", "全面", "重点", "普遍", "相对", "绝对")
#: 以程度副词开头、却常作“的”字结构谓语或定语的词（得到的更多、很多有利条件）。
_NOT_COMPLEMENT = ("更是", "最后", "最终", "最近", "最新", "最初", "真是", "真正", "更多", "更少", "最多", "最少", "很多",
                   "很少", "更加", "最为", "太阳", "太空", "太平")
#: 法律文书中“住所地法院、行为地法律、到达地法院”的“地”是处所，不是助词。
_PLACE_HEADS = ("法院", "法律", "机关", "政府", "管辖", "法", "户籍")
#: 情态动词：“要认真的学习”中“认真”前的动词不是述语。
_MODAL = ("要", "能", "会", "应", "应该", "应当", "必须", "可以", "能够", "需要", "愿意", "敢", "肯", "得")
#: 系词、存在动词：“正确的是……”“重要的有……”中“的”字结构作主语。
_COPULA = ("是", "有", "为", "在", "就是", "还是", "便是", "则是", "乃是", "没有")
_ADJ = ("a", "ad", "an")
_PUNCT_END = ("了", "啊", "呀", "呢", "！", "。")


def _verb_head(w) -> bool:
    """下一个词是动词，或是 jieba 合成的“动词 + 宾语”四字串（发挥作用、推进改革）。"""
    if w.flag in _VERB:
        return True
    tags = words.TAGS
    return (
        len(w.word) == 4
        and w.flag in ("l", "n", "i")
        and tags.get(w.word[:2]) == "v"
        and not (w.flag == "n" and tags.get(w.word[2:]) == "n")  # 学习态度、工作方法：名词性偏正结构
    )


def _attributive(prev, nxt, rest) -> bool:
    """定语 + 地/得 + 名词 → 的。名词后若紧跟动词、副词、形容词（“吓得孩子哭了”“说得大家都笑了”），
    “得”引出的是结果补语小句，不报。"""
    if nxt.flag not in _NOUN or nxt.word.endswith(_PLACE_HEADS):
        return False
    if prev.flag in _NOUN + ("r",):
        return True
    if prev.flag in _VERB + ("vn",) or (prev.flag in ("a", "an") and len(prev.word) == 2):
        return not rest or rest[0].flag not in _VERB + ("d", "a", "ad", "vn", "p", "ul")
    return False


def _adverbial(w) -> bool:
    """状语：副形词（ad：认真、积极）、双音节以上副词（逐步、稳步）、叠音副词（紧紧、默默）。"""
    if w.word in _NOT_ADVERBIAL or w.word.startswith(("更", "最", "很", "较", "越")):
        return False
    return w.flag == "ad" or (w.flag == "d" and len(w.word) >= 2) or w.word in _REDUP_ADV


@functools.cache
def _adverbial_words() -> frozenset[str]:
    """词典中词性为副形词（ad）或双音节以上副词（d）的词（约几千个，第一次用到时由词频表建一次并缓存到磁盘）。"""

    def build() -> frozenset[str]:
        tags = words.TAGS
        found = {w for w, _f, flag in words.iter_words() if flag == "ad" or (flag == "d" and len(w) >= 2)}
        # 与逐词查表（TAGS.get）的结果核对一遍：同一个词有多条记录时以查表为准
        return frozenset(w for w in found if tags.get(w) == "ad" or (tags.get(w) == "d" and len(w) >= 2))

    return words.cached("adverbial-words", [words.dict_path()], build, salt="ad|d>=2")


def _is_adverbial_word(word: str) -> bool:
    """词典中可作状语的词（副形词 ad、双音节以上副词 d、叠音副词），用来在词性标注前快速筛掉大多数“的”。"""
    if word in _REDUP_ADV:
        return True
    if word in _NOT_ADVERBIAL:
        return False
    return word in _adverbial_words()


def _worth_tagging(text: str, pos: int, ch: str) -> bool:
    """词性标注很慢（每个分句约 0.3 ms）：只对可能命中的“的/地/得”所在分句标注。"""
    if ch != "的":
        return not _in_word(text, pos, 5)
    after = text[pos + 1 : pos + 5]
    if after.startswith(_DE_DEGREE) or after.startswith("不"):
        return True
    if after in _COMPLEMENT_IDIOMS or _descriptive_complement(after):
        return True
    if text[max(0, pos - 3) : pos].endswith(_MANNER_ADJ_TUPLE):
        return True
    return any(pos - k >= 0 and _is_adverbial_word(text[pos - k : pos]) for k in (2, 3, 4))


def _de(ctx: Context, c: Compiled) -> list[Finding]:
    """的/地/得。只收语法上确定的搭配（宁可漏报）：

    * 定语“的”：名词/代词/形容词 + 地/得 + 名词 → 的；
    * 状语“地”：副形词/副词/叠音词 + 的/得 + 动词（且动词后还有宾语或补语）→ 地；
    * 补语“得”：动词/形容词 + 的/地 + 程度副词（很、非常、十分、更、不好……）并到分句末 → 得。
    """
    text = ctx.text
    out: list[Finding] = []
    seen: set[int] = set()
    for m in _DE_RE.finditer(text):
        pos = m.start()
        if not _worth_tagging(text, pos, m.group()):
            continue
        cs, ce = ctx.clause_span(pos)
        if cs in seen:
            continue
        seen.add(cs)
        toks = words.tag(text[cs:ce])
        offs = []
        o = cs
        for w in toks:
            offs.append(o)
            o += len(w.word)
        for i, w in enumerate(toks):
            if w.word not in ("的", "地", "得") or i == 0:
                continue
            prev = toks[i - 1]
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            rest = toks[i + 2 :]
            start = offs[i]
            if nxt is None:
                # 分句末“动词 + 地/得”：“这是他亲手做地”中应为“的”字结构
                if w.word in ("地", "得") and prev.flag in _VERB and text[start + 1 : start + 2] in "。！？；，" \
                        and start + 1 < len(text) and not _in_word(text, start):
                    out.append(
                        make(
                            ctx, c, start, start + 1, "typo", "typo.de", "中", "的",
                            f"“{prev.word}{w.word}”在分句末构成“的”字结构，应用“的”。",
                        )
                    )
                continue
            if w.word in ("地", "得") and _attributive(prev, nxt, rest) and not _in_word(text, start):
                if _in_word(text, start):
                    continue
                out.append(
                    make(
                        ctx, c, start, start + 1, "typo", "typo.de", "中", "的",
                        f"“{prev.word}{w.word}{nxt.word}”中“{w.word}”连接定语与名词，应用“的”。",
                    )
                )
            elif (
                w.word in ("的", "地")
                and (prev.flag in _VERB + ("vn",) or prev.flag in _ADJ)
                and (nxt.word in _DE_DEGREE or nxt.word in _NEG_COMPLEMENT
                     or (nxt.word.startswith(_DE_DEGREE) and nxt.flag in ("d", "a", "ad")))
                and nxt.word not in _NOT_COMPLEMENT
                and len(rest) <= 2
                and all(r.flag not in _NOUN + ("uj", "vn") for r in rest)
                # “新的更高要求”：“更高、很快”这类程度词 + 形容词已是完整补语，后面再有词就是定语
                # 纯程度词（很、更、十分）后只许再有一个形容词/动词：“新的更高要求”里“更高”之后还有“要求”
                and sum(r.word not in _PUNCT_END for r in rest) <= (1 if nxt.word in _DE_DEGREE else 0)
                and not (w.word == "地" and _in_word(text, start, 5))
            ):
                out.append(
                    make(
                        ctx, c, start, start + 1, "typo", "typo.de", "中", "得",
                        f"“{prev.word}{w.word}{nxt.word}”中“{w.word}”后面是程度补语，应用“得”。",
                    )
                )
            elif (
                w.word in ("的", "得")
                and _adverbial(prev)
                and _verb_head(nxt)
                and nxt.word not in _COPULA
                # “有坚决的维护定力”“开展积极的批评”：状语前是述语动词时，“X的V”多半是名词性宾语
                and not (i >= 2 and toks[i - 2].flag in _VERB + ("vn",) and toks[i - 2].word not in _MODAL)
                # “彻底的批判精神是……”：后面有系词时是名词性主语
                and not any(r.word in ("是", "为") for r in rest)
                and (rest and rest[0].word not in ("的", "之", "者") and rest[0].flag not in ("uj", "x")
                     and not (len(rest) == 1 and rest[0].flag in _NOUN + ("vn", "an"))  # 认真的学习态度
                     or len(nxt.word) == 4 or prev.word in _REDUP_ADV)
                and not (w.word == "得" and (_in_word(text, start, 5) or prev.flag == "d"))  # 必须得、还得：情态
            ):
                out.append(
                    make(
                        ctx, c, start, start + 1, "typo", "typo.de", "中", "地",
                        f"“{prev.word}{w.word}{nxt.word}”中“{w.word}”连接状语与动词，应用“地”。",
                    )
                )
            elif (
                # 动词 + 的 + 描写性成语/叠字（开展的有声有色、做的井井有条）到分句末 → 补语“得”
                w.word in ("的", "地")
                and prev.flag in _VERB
                and _descriptive_complement(nxt.word)
                and all(r.word in _PUNCT_END for r in rest)
            ):
                out.append(
                    make(
                        ctx, c, start, start + 1, "typo", "typo.de", "中", "得",
                        f"“{prev.word}{w.word}{nxt.word}”中“{nxt.word}”是补语，描写动作的结果或程度，应用“得”。",
                    )
                )
            elif (
                # 表情态的形容词 + 的 + 言语/动作动词（他高兴的说、耐心的解释）→ 状语“地”
                w.word in ("的", "得")
                and prev.word in _MANNER_ADJ
                and nxt.word in _MANNER_VERB
                and not (i >= 2 and toks[i - 2].flag in _VERB + ("vn",) and toks[i - 2].word not in _MODAL)
            ) or (
                # 状语 + 的 + 介词短语 + 动词（认真的为群众讲解、耐心的向我们介绍）→ 状语“地”
                w.word in ("的", "得")
                and (prev.word in _MANNER_ADJ or _adverbial(prev))
                and nxt.word in _ADVERBIAL_PREP
                and any(r.flag in _VERB for r in rest[1:])
                and not (i >= 2 and toks[i - 2].flag in _VERB + ("vn",) and toks[i - 2].word not in _MODAL)
            ):
                out.append(
                    make(
                        ctx, c, start, start + 1, "typo", "typo.de", "中", "地",
                        f"“{prev.word}{w.word}{nxt.word}”中“{prev.word}”修饰后面的动作，是状语，应用“地”。",
                    )
                )
    return out


#: 常作补语的描写性成语（“开展得有声有色”）；另外 AABB 叠字（扎扎实实、清清楚楚）也算。
_COMPLEMENT_IDIOMS = frozenset((
    "有声有色 井井有条 红红火火 轰轰烈烈 热火朝天 如火如荼 淋漓尽致 一塌糊涂 风生水起 津津有味 栩栩如生 惟妙惟肖 "
    "恰到好处 滚瓜烂熟 头头是道 绘声绘色 有条不紊 一清二楚 井然有序 服服帖帖 卓有成效 丰富多彩 有板有眼 像模像样 "
    "一丝不苟 生动活泼 五彩缤纷 热闹非凡 满满当当 明明白白 扎扎实实 风风火火"
).split())
#: 常作状语、表情态的形容词（高兴地说、耐心地解释）。
_MANNER_ADJ = frozenset((
    "高兴 开心 兴奋 激动 愉快 耐心 热情 亲切 认真 仔细 细心 小心 大声 轻声 低声 悄悄 默默 慢慢 静静 轻轻 "
    "自豪 骄傲 满意 欣慰 感激 感慨 动情 深情 坚定 郑重 严肃 幽默 风趣 笑眯眯 乐呵呵 兴冲冲 急匆匆 气呼呼"
).split())
_MANNER_ADJ_TUPLE = tuple(sorted(_MANNER_ADJ))
_MANNER_VERB = frozenset((
    "说 道 说道 问 问道 笑 喊 叫 哭 回答 答道 点头 看着 望着 介绍 讲解 解释 表示 告诉 跳 跑 走 离开 拍手 鼓掌 挥手 "
    "握手 笑道 笑着 说起 讲述 回忆 叮嘱 嘱咐"
).split())
_ADVERBIAL_PREP = frozenset("为 向 对 把 给 替 朝 跟 同 将".split())


def _descriptive_complement(word: str) -> bool:
    if word in _COMPLEMENT_IDIOMS:
        return True
    return len(word) == 4 and word[0] == word[1] and word[2] == word[3] and word[0] != word[2]


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
