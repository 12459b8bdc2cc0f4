"""易混字：语境规则（表驱动）与“混淆集 + 词频”语言模型层（``typo.lm``）。

语境规则（``typo.context``）：每条是“错误写法的正则 -> 建议 + 理由”，只收语境足以判定的搭配
（带口罩 -> 戴口罩、做出贡献 -> 作出贡献、即…又… -> 既…又…、以经 -> 已经……）。

语言模型层（``typo.lm``）：``packs/typo_lm.tsv`` 列出“非词二字串 -> 高频词”（由
``bench/proofing/build_packs.py`` 用同音字表 + ECSpell 训练集错字对 + jieba 词频生成）。检查时逐个二字串查表，
命中后再用 jieba 分词确认：两个字在原句中都是单字词（没有与邻字组成词典词），且不在人名、地名、机构名里，
才报出。严重程度“低”，供人工复核。
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from itertools import compress

from .. import words
from ..compiled import TITLE_WORDS, Compiled
from ..context import Context
from ..finding import Finding
from ..packs import PACK_DIR
from ..prefilter import needles
from . import make

_WEAR = "口罩|眼镜|墨镜|帽子|手套|头盔|安全帽|红领巾|党徽|团徽|校徽|胸牌|工牌|耳机|面具|面罩|护目镜|手表|戒指|项链|假发|头巾|袖章|臂章|大红花|光环"
_ZUOCHU = "决定|决策|贡献|部署|安排|批示|指示|规定|判断|承诺|回应|解释|说明|调整|评价|结论|表率|牺牲|让步|答复|反应|处理|处分|裁决|判决"

# (正则, 建议, 理由, 严重程度)。正则的第 1 个分组（若有）是要替换的片段，否则替换整个匹配。
CONTEXT_RULES: tuple[tuple[re.Pattern[str], str, str, str], ...] = tuple(
    (re.compile(p), s, m, sev)
    for p, s, m, sev in (
        # 截止 / 截至：“截止”后不带宾语；后接时间词引出统计时点时用“截至”
        (r"(截止)(?=目前|今年|当前|发稿|记者发稿|本月|上月|本周|上周|昨天|今天|今日|昨日|日前|现在|此时)", "截至",
         "“截止”表示到某时停止，不带宾语；“截止目前/今年/发稿时”应作“截至”。", "中"),
        # 廉政 / 廉正：“廉正”是形容词（廉洁正直），与建设、文化、教育等搭配的是“廉政”
        (r"(廉正)(?=建设|文化|教育|风险|谈话|监督|工作|制度|体系|宣传|警示|提醒|承诺|档案|意见)", "廉政",
         "“廉政建设、廉政教育、廉政谈话”用“廉政”（廉洁从政）；“廉正”是形容词，指廉洁正直。", "中"),
        # 戴 / 带：穿戴用“戴”
        (rf"(?<!携|捎|夹|附|连|顺|自)(带)(?=(?:着|好|上|起|了)?(?:{_WEAR}))", "戴",
         "把口罩、眼镜、帽子等加在头、面、颈、手等处用“戴”；“带”是携带、带领。", "中"),
        (rf"(佩带)(?={_WEAR})", "佩戴", "佩戴徽章、口罩等用“佩戴”；“佩带”指把武器等插在腰间。", "中"),
        (r"(戴)(?=领|来|动|队|路|给|回|走)(?!领带|领结|领巾)", "带", "带领、带来、带动用“带”；“戴”只用于穿戴。", "中"),
        # 作 / 做：公文中与抽象名词搭配用“作出”，“做好”不作“作好”
        (rf"(做)出(?=(?:了|过)?(?:新的|重要|重大|积极|突出|更大|巨大|应有的?|明确|正确|最终|具体|科学|全面|相应)?(?:的)?(?:{_ZUOCHU}))",
         "作", "与“决定、贡献、部署、批示”等抽象名词搭配时，规范写法是“作出”（《现代汉语词典》《党政机关公文处理》用例）。", "低"),
        (r"(作)好(?=准备|工作|服务|保障|防范|安排|衔接)", "做", "“做好（准备、工作……）”用“做”。", "低"),
        # 既 / 即
        (r"(即)(?=[要有是能可不会][^，。；！？]{1,12}[，、]?\s*[又也])", "既",
         "“既……又（也）……”连接并列成分，用“既”；“即”是“就是、立刻”。", "中"),
        (r"(即)(?=定(?:目标|方针|任务|的|政策)|得利益|成事实|往不咎)", "既", "“既定、既得、既成、既往”中的“既”表示已经。", "中"),
        (r"(既)(?=日起|将|便是|刻)", "即", "“即日起、即将、即便、即刻”中的“即”表示就、立刻。", "中"),
        # 已 / 以
        (r"(以)(?=经(?!济|营|验|费|典|过|历|手|纪|销|办|常|线|度|络|书|商|贸|理|管|文|方))", "已", "“已经”的“已”表示时间在前；“以”是介词。", "中"),
        (r"(已)(?=便于|免(?:发生|出现|造成|影响|引起|误))", "以", "“以便、以免”的“以”表示目的，不作“已”。", "中"),
        # 须 / 需
        (r"(必需)(?=[坚加做进严遵按切认确牢落始高]|要|得|把|对|在|从|以|有|是|经|由)", "必须",
         "表示一定要、必要时用副词“必须”；“必需”是动词，意为不可缺少（生活必需品）。", "中"),
        # 象 / 像
        (r"(?:好|就|不|很|正|活)(象)(?![征形棋牙限素])", "像", "表示相似、比如时用“像”；“象”用于“现象、形象、大象”等。", "中"),
        # 在 / 再
        (r"(在)(?=接再厉|所不辞|一次(?:强调|重申|证明|表明|提醒|呼吁))", "再", "表示又一次用“再”。", "中"),
        (r"(再)(?=所难免|所不惜)", "在", "“在所难免、在所不惜”用“在”。", "中"),
    )
)


_GUARDED_RULES = tuple((needles(rule[0]), rule) for rule in CONTEXT_RULES)


def _context_rules(ctx: Context, c: Compiled) -> list[Finding]:
    out: list[Finding] = []
    text = ctx.text
    for need, (pattern, sugg, message, severity) in _GUARDED_RULES:
        if need is not None:  # 句中没有这条规则必需的字（截止、廉正、带……）就不跑正则
            for sub in need:
                if sub in text:
                    break
            else:
                continue
        for m in pattern.finditer(text):
            s, e = (m.span(1) if m.re.groups else m.span())
            if s == e:
                continue
            out.append(make(ctx, c, s, e, "typo", "typo.context", severity, sugg, message))
    return out


# ---------------------------------------------------------------------------
# 语言模型层
# ---------------------------------------------------------------------------
#: jieba 自带词典（2013 年前后）缺的新词；这些字串不当作错字。
_NEW_WORDS = ("抗疫", "疫后", "疫下", "因疫", "涉疫", "战疫", "援疫", "疫区", "新冠", "扶贫", "脱贫", "网红", "点赞", "打卡", "刷屏", "群防")
_TITLES = TITLE_WORDS + ("同志", "先生", "女士", "教授", "老师", "记者", "说", "表示", "介绍", "指出", "告诉", "等人",
                        # 外国人名（音译，词典里没有）后面常跟的头衔：“武契奇总统”“约翰逊首相”
                        "总统", "副总统", "首相", "国王", "女王", "王储", "亲王", "议长", "外长", "大使", "总督", "将军",
                        "博士", "院士", "总裁", "教练")
#: 连接两个人名的词：“吕钦对许银川”“张三和李四”。HMM 认出的人名与另一个人名由它们连着时，两个都当作人名。
_NAME_LINKS = ("对", "和", "与", "及", "同", "跟", "或")
_PERSON = ("nr", "nrt", "nrfg")
_PROPER = ("nr", "nrt", "nrfg", "ns", "nt", "nz")


@functools.cache
def lm_table() -> tuple[frozenset[str], list[str], list[str]]:
    """``typo_lm.tsv``：(非词二字串的集合, 同样的串按序排列, 对应的“高频词<TAB>得分”)。

    得分只在命中时才解析（整表 10 万行，启动时少做 10 万次转换）。缓存里存两个长串而不是字典：新进程读回后
    切开、建集合约 19 ms，读回一个 10 万项的字典要约 42 ms；命中（少见）时在有序的串里二分找到对应的值。"""
    path = PACK_DIR / "typo_lm.tsv"

    def build() -> tuple[str, str]:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        table = dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))
        keys = sorted(table)
        return "\n".join(keys), "\n".join(table[k] for k in keys)

    joined_keys, joined_values = words.cached("typo-lm", [path], build, salt="sorted-joined")
    keys = joined_keys.split("\n")
    return frozenset(keys), keys, joined_values.split("\n")


def _titled(text: str, start: int, end: int) -> bool:
    """HMM 识别出的人名（未登录词）只在紧挨职务、称谓时才当作人名。"""
    after = text[end : end + 4]
    before = text[max(0, start - 4) : start]
    return after.startswith(_TITLES) or before.endswith(_TITLES)


_VERB_TAGS = ("v", "vg")


def _skip_chars(text: str, lo: int, toks: list, freq) -> list[bool]:
    """分句中每个字是否在专名里（人名、地名、机构名：词典里有的，或 HMM 认出、紧挨职务称谓、或与另一个人名由
    “对、和、与……”连着的人名）。"""
    spans = []
    o = lo
    for w in toks:
        spans.append((o, o + len(w.word), w))
        o += len(w.word)
    out: list[bool] = []
    for k, (s, e, w) in enumerate(spans):
        proper = w.flag in _PROPER and e - s > 1 and (bool(freq.get(w.word)) or _titled(text, s, e))
        if not proper and w.flag in _PERSON and e - s > 1:
            for a, b in ((k - 1, k - 2), (k + 1, k + 2)):
                if 0 <= b < len(spans) and 0 <= a < len(spans) and spans[a][2].word in _NAME_LINKS:
                    other = spans[b][2]
                    if other.flag in _PERSON and len(other.word) > 1:
                        proper = True
        out += [proper] * (e - s)
    return out


def _lm(ctx: Context, c: Compiled) -> list[Finding]:
    text = ctx.text
    present, keys, values = lm_table()
    hits: list[tuple[int, str, float]] = []
    # 逐位置取二字串查表：map/compress 在 C 里循环，只对命中的位置回到 Python
    for i in compress(range(len(text) - 1), map(present.__contains__, ctx.pairs())):
        right, _, score = values[bisect_left(keys, text[i : i + 2])].partition("\t")
        hits.append((i, right, float(score)))
    if not hits:
        return []
    out: list[Finding] = []
    freq = words.FREQ
    singles: dict[int, list[bool]] = {}
    propers: dict[int, list[bool]] = {}
    tags_of: dict[int, list[str]] = {}
    taken: set[int] = set()
    for i, right, _score in sorted(hits, key=lambda h: -h[2]):
        lo, hi, n = i, i + 2, len(text)
        while lo > 0 and "\u4e00" <= text[lo - 1] <= "\u9fff":
            lo -= 1
        while hi < n and "\u4e00" <= text[hi] <= "\u9fff":
            hi += 1
        if any(w in text[max(lo, i - 2) : i + 4] for w in _NEW_WORDS):
            continue
        seg = text[lo:hi]
        if lo not in singles:
            single: list[bool] = []
            for w in words.cut(seg):
                single += [len(w) == 1] * len(w)
            singles[lo] = single
        single = singles[lo]
        x, y = i - lo, i - lo + 1
        if not (single[x] and single[y]):
            continue
        if lo not in propers:  # 词性标注较慢，只在通过分词检查后才做
            toks = words.tag(seg)
            propers[lo] = _skip_chars(text, lo, toks, freq)
            tags_of[lo] = [w.flag if len(w.word) == 1 else "" for w in toks for _ in w.word]
        if propers[lo][x] or propers[lo][y]:
            continue
        if tags_of[lo][x] in _VERB_TAGS and text[i + 1] in "点些下" and tags_of[lo][y] == "q":
            continue  # “懂点、看些、试下”是“动词 + 一点/一些/一下”省去“一”，不是错字（其他量词如“讨轮”不算）
        p = 0 if text[i] != right[0] else 1
        pos = i + p
        if pos in taken or pos - 1 in taken or pos + 1 in taken:
            continue
        taken.add(pos)
        out.append(
            make(
                ctx, c, pos, pos + 1, "typo", "typo.lm", "低", right[p],
                f"“{text[i:i + 2]}”不成词，疑为“{right}”之误（“{text[pos]}”与“{right[p]}”音近/常混用），请核对。",
            )
        )
    return out


def run(ctx: Context, c: Compiled) -> list[Finding]:
    return _context_rules(ctx, c) + _lm(ctx, c)
