"""审校引擎：把各类规则组合起来，对一段文本给出 :class:`Finding` 列表。"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from . import packs as P
from . import wordlm, words
from .compiled import Compiled, get_compiled
from .context import Context
from .extract import extract_text
from .finding import SEVERITY_ORDER, Finding
from .llm import LLMConfig, second_opinion
from .rules import confusion, grammar, idiom, lexicon, patterns, people, statistical, wording


class Engine:
    """AI 预审引擎（纯 Python）。

    :param packs: 启用的类别（见 :data:`~rongmei.engines.proofing.packs.PACK_NAMES`），``None`` 为全部。
    :param extra: 工作区维护的词条，按类别分组，例如 ``{"fallen_official": [{"name": ..., "date": ...}]}``。
    :param whitelist: 工作区白名单：这些词及被它们覆盖的位置不按敏感词/禁用词报出。
    :param llm: 大模型复核配置；``None``（默认）表示不调用。
    :param stat_confidence: 统计纠错层报出的最低把握（0–1）。默认值在开发集上选定，使统计层在无错句上几乎不误报；
        “细查”可以调低（如 0.1），多查出一些错字，代价是误报增多（数字见 ``bench/README.md``）。
    """

    def __init__(
        self,
        packs: list[str] | None = None,
        extra: dict[str, list[dict[str, Any]]] | None = None,
        whitelist: list[str] | None = None,
        llm: LLMConfig | None = None,
        stat_confidence: float | None = None,
    ) -> None:
        chosen = list(P.PACK_NAMES) if packs is None else list(packs)
        unknown = [p for p in chosen if p not in P.PACK_NAMES]
        if unknown:
            raise ValueError(f"未知的规则类别：{'、'.join(unknown)}；可选：{'、'.join(P.PACK_NAMES)}")
        self.packs = frozenset(chosen)
        self.extra = extra or {}
        self.whitelist = list(whitelist or ())
        self.llm = llm
        self.stat_confidence = statistical.MIN_CONFIDENCE if stat_confidence is None else stat_confidence
        self.llm_errors: list[str] = []
        self._compiled: Compiled = get_compiled(self.packs, self.extra, self.whitelist)

    @property
    def version(self) -> str:
        """规则包版本（含工作区词条哈希），每条发现的 ``rulepack`` 字段即为此值。"""
        return self._compiled.version

    @property
    def term_count(self) -> int:
        return self._compiled.n_terms

    def check(self, text: str, *, date: dt.date | str | None = None,
              stat_confidence: float | None = None) -> list[Finding]:
        """检查一段文本，返回按位置排序的发现列表。

        :param date: 文章日期。更名后的提法（如 2022-12-26 起的“新冠病毒感染”）、领导职务的任职期间按它判断；
            ``None`` 表示按现行规则（所有未失效的规则）。
        :param stat_confidence: 只对这一次检查改统计纠错层的最低把握（“细查”），``None`` 用引擎的设置。
        """
        if not text:
            return []
        c = self._compiled
        ctx = Context(text, date.isoformat() if isinstance(date, dt.date) else date)
        found: list[Finding] = []
        lex, mentions = lexicon.run(ctx, c)
        found.extend(lex)
        if "leader_title" in c.enabled or "quotation" in c.enabled:
            found.extend(people.run(ctx, c, mentions))
        if c.wording:
            found.extend(wording.run(ctx, c))
        if "typo" in c.enabled:
            found.extend(grammar.run(ctx, c))
            found.extend(confusion.run(ctx, c))
            found.extend(idiom.run(ctx, c))
        if "statistical" in c.enabled:
            found.extend(statistical.run(ctx, c, self.stat_confidence if stat_confidence is None else stat_confidence))
        if "punctuation" in c.enabled:
            found.extend(patterns.punctuation(ctx, c))
        if "number" in c.enabled:
            found.extend(patterns.number(ctx, c))
        if "privacy" in c.enabled:
            found.extend(patterns.privacy(ctx, c))
        if "secrecy" in c.enabled:
            found.extend(patterns.secrecy(ctx, c))
        if "headline" in c.enabled:
            found.extend(patterns.headline(ctx, c))
        if "traditional" in c.enabled:
            found.extend(patterns.traditional(ctx, c))
        result = _dedupe(found)
        if self.llm is not None and self.llm.enabled:
            model_findings, errors = second_opinion(self.llm, text, result, c.version)
            self.llm_errors = errors
            result = sorted(result + model_findings, key=_sort_key)
        return result

    def warm(self) -> None:
        """预先加载只在检查时才加载的资源（jieba 词典与词性表、成语索引等，冷启动要几秒），
        让进程里的第一次检查和之后一样快。服务启动时调用一次即可。"""
        words.warm()
        words.tag("预热词性标注的隐马尔可夫模型，王小明")  # 未登录词才用到的词性 HMM
        if "statistical" in self.packs:
            statistical.candidates()
            statistical.seen_ngrams()
            wordlm.model()
        self.check(_WARM_TEXT)

    def check_file(self, path: str | Path, *, date: dt.date | str | None = None) -> list[Finding]:
        return self.check(extract_text(path), date=date)


# 覆盖各类规则（分词、词性、成语、标点、数字、引语……）的一段普通文字，用于 :meth:`Engine.warm`
_WARM_TEXT = (
    "北京市规划和自然资源委员会今天发布通知，市民可以在网上预约办理不动产登记。"
    "我们要再接再厉，认真地做好每一项工作，让群众办事更方便、更快捷。"
    "2025年10月1日至7日放假调休，共7天；咨询电话12345。“为人民服务”是我们的宗旨。"
)


def _sort_key(f: Finding) -> tuple[int, int, int, str]:
    return (f.start, -f.end, SEVERITY_ORDER.get(f.severity, 9), f.category)


def _dedupe(found: list[Finding]) -> list[Finding]:
    """去重：同一位置同一类别只留一条；同类词表命中互相包含时只留最长的。"""
    found.sort(key=_sort_key)
    out: list[Finding] = []
    for f in found:
        if any(
            g.category == f.category and g.start <= f.start and g.end >= f.end and g.source == f.source
            for g in out[-8:]
        ):
            continue
        out.append(f)
    return out
