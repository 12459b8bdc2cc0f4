"""从文字中找分级信号：敏感类别词、领导干部姓名、伤亡。"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rongmei.engines.proofing.packs import load_yaml

__all__ = ["Lexicon", "Signals", "default_lexicon", "scan", "merge_signals", "CATEGORY_LABELS"]

#: AI 审校词库中参与舆情分级的类别
CATEGORY_LABELS = {"sensitive": "敏感信息", "fallen_official": "落马官员", "secrecy": "涉密标识"}


@dataclass(frozen=True)
class Lexicon:
    """``sensitive``：词 → 类别代码；``patterns``：正则 → 类别代码；``officials``：姓名 → 职务说明。"""

    sensitive: Mapping[str, str] = field(default_factory=dict)
    patterns: tuple[tuple[re.Pattern, str], ...] = ()
    officials: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Signals:
    sensitive: tuple[tuple[str, str], ...] = ()  # (词, 类别代码)
    officials: tuple[tuple[str, str], ...] = ()  # (姓名, 职务)
    casualties: int = 0  # 文中写明的伤亡人数（取最大的一处）
    casualty_phrases: tuple[str, ...] = ()  # 提及伤亡的原文片段

    @property
    def mentions_casualties(self) -> bool:
        return bool(self.casualty_phrases)

    def to_json(self) -> dict:
        return {"sensitive": [list(x) for x in self.sensitive], "officials": [list(x) for x in self.officials],
                "casualties": self.casualties, "casualty_phrases": list(self.casualty_phrases)}

    @classmethod
    def from_json(cls, data: Mapping | None) -> Signals:
        data = data or {}
        return cls(tuple(tuple(x) for x in data.get("sensitive") or ()),
                   tuple(tuple(x) for x in data.get("officials") or ()),
                   int(data.get("casualties") or 0), tuple(data.get("casualty_phrases") or ()))


def default_lexicon(*, extra_sensitive: Iterable[str] = (), extra_officials: Mapping[str, str] | None = None,
                    categories: Iterable[str] = tuple(CATEGORY_LABELS)) -> Lexicon:
    """由 AI 审校的内置词库（加上工作区自己的词）组成分级词库。

    * 敏感信息：``sensitive.yaml`` 中严重程度为“高”的词（“中”“低”要看语境，舆情分级不据此升级）；
    * 落马官员：``fallen_official.yaml`` 的姓名；涉密标识：``secrecy.yaml`` 的正则；
    * 领导干部：``leader_title.yaml`` 领导职务登记表的姓名（文中点名领导干部的信息风险更高）。"""
    wanted = set(categories)
    sensitive: dict[str, str] = {}
    patterns: list[tuple[re.Pattern, str]] = []
    if "sensitive" in wanted:
        for entry in load_yaml("sensitive").get("entries") or []:
            if entry.get("severity") == "高":
                sensitive[str(entry["term"])] = "sensitive"
        for term in extra_sensitive:
            if term and term.strip():
                sensitive[term.strip()] = "sensitive"
    if "fallen_official" in wanted:
        for entry in load_yaml("fallen_official").get("entries") or []:
            sensitive[str(entry["name"])] = "fallen_official"
    if "secrecy" in wanted:
        for entry in load_yaml("secrecy").get("entries") or []:
            if entry.get("severity") == "高":
                patterns.append((re.compile(entry["pattern"]), "secrecy"))
    officials = {str(e["name"]): str(e.get("title") or "") for e in load_yaml("leader_title").get("entries") or []}
    officials.update(extra_officials or {})
    return Lexicon(sensitive, tuple(patterns), officials)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(\d+|[零〇一二两三四五六七八九十百]+|数|多|几|若干)"
_HARM = r"(死亡|遇难|身亡|丧生|罹难|殒命|受伤|伤亡|重伤|轻伤|失联|失踪|坠亡|溺亡)"
_COUNTED = re.compile(_NUM + r"\s*(?:名|人|位|个)[^，。；,;！!？?\d]{0,6}?" + _HARM)
_HARM_WORD = re.compile(_HARM)
_NO_HARM = re.compile(r"(无|没有|未造成|未发生|未有|暂无|并无)(人员)?" + _HARM)


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text in ("数", "多", "几", "若干"):
        return 2  # “数人”“多人”：至少两人
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS.get(ch, 0)
    return total + current


def scan(text: str, lexicon: Lexicon) -> Signals:
    """一条信息里的分级信号。"""
    text = text or ""
    sensitive = [(term, cat) for term, cat in lexicon.sensitive.items() if term in text]
    for pattern, cat in lexicon.patterns:
        m = pattern.search(text)
        if m:
            sensitive.append((m.group(0), cat))
    officials = [(name, title) for name, title in lexicon.officials.items() if name in text]
    cleaned = _NO_HARM.sub("", text)
    phrases: list[str] = []
    count = 0
    for m in _COUNTED.finditer(cleaned):
        phrases.append(m.group(0))
        count = max(count, _cn_number(m.group(1)))
    if not phrases:
        m = _HARM_WORD.search(cleaned)
        if m:
            start = max(0, m.start() - 6)
            phrases.append(cleaned[start:m.end()])
    return Signals(tuple(sensitive), tuple(officials), count, tuple(phrases))


def merge_signals(items: Iterable[Signals]) -> Signals:
    """一组信息的信号并集（伤亡人数取最大）。"""
    sensitive: dict[tuple[str, str], None] = {}
    officials: dict[tuple[str, str], None] = {}
    phrases: dict[str, None] = {}
    count = 0
    for s in items:
        sensitive.update(dict.fromkeys(s.sensitive))
        officials.update(dict.fromkeys(s.officials))
        phrases.update(dict.fromkeys(s.casualty_phrases))
        count = max(count, s.casualties)
    return Signals(tuple(sensitive), tuple(officials), count, tuple(list(phrases)[:5]))
