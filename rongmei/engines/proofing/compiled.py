"""把规则包（内置 + 工作区词条）编译成可复用的匹配结构：Aho-Corasick 自动机、正则、登记表。

编译结果按“规则包版本 + 启用的类别 + 工作区词条哈希 + 白名单哈希”缓存，同一组规则只编译一次。
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from . import packs as P

_TITLE_WORDS = (
    "书记 副书记 常委 委员 省长 副省长 市长 副市长 县长 副县长 区长 副区长 镇长 副镇长 乡长 副乡长 州长 副州长 "
    "盟长 旗长 主任 副主任 主席 副主席 部长 副部长 厅长 副厅长 局长 副局长 处长 副处长 科长 院长 副院长 "
    "委员长 副委员长 检察长 副检察长 秘书长 副秘书长 总理 副总理 国务委员 司令员 政委 校长 副校长 社长 总编辑 台长 董事长 总经理 "
    "巡视员 调研员 督察长 主委"
).split()
TITLE_WORDS: tuple[str, ...] = tuple(sorted(set(_TITLE_WORDS), key=len, reverse=True))


def title_keyword(phrase: str) -> str | None:
    """职务短语末尾的职务关键词（取最长者），如“示例市委副书记” -> “副书记”。"""
    for word in TITLE_WORDS:
        if phrase.endswith(word):
            return word
    return None


@dataclass(frozen=True, slots=True)
class Entry:
    """自动机中一个词条的规则信息。"""

    category: str
    rule: str
    severity: str
    suggestion: str | None
    message: str
    boundary: bool = False
    excepts: tuple[str, ...] = ()
    data: Any = None


@dataclass
class Compiled:
    version: str
    enabled: frozenset[str]
    automaton: Any
    whitelist: Any  # ahocorasick.Automaton | None
    traditional: dict[str, str]
    traditional_re: re.Pattern[str] | None
    headline: list[tuple[re.Pattern[str], str, str, bool, tuple[str, ...]]]
    secrecy: list[tuple[re.Pattern[str], str, str, bool, tuple[str, ...]]]
    leaders: dict[str, dict[str, Any]] = field(default_factory=dict)
    negative_context: tuple[str, ...] = ()
    quotations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    wording: list[WordingPattern] = field(default_factory=list)
    n_terms: int = 0


@dataclass(frozen=True, slots=True)
class WordingPattern:
    """规范表述包里的一条正则规则（词表规则进自动机，见 :func:`_add_wording`）。"""

    pattern: re.Pattern[str]
    severity: str
    suggestion: str
    whole: bool
    reason: str
    source: str
    data: dict[str, Any]


def _hash(obj: Any) -> str:
    blob = json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:10]


def _sev(value: Any, default: str = "中") -> str:
    return value if value in P.SEVERITIES else default


class _Builder:
    def __init__(self) -> None:
        self.terms: dict[str, list[Entry]] = {}

    def add(self, key: str, entry: Entry) -> None:
        if key:
            self.terms.setdefault(key, []).append(entry)


def _regex_rules(name: str, extra: list[dict[str, Any]]) -> list[tuple[re.Pattern[str], str, str, bool, tuple[str, ...]]]:
    rules = []
    for item in list(P.load_yaml(name).get("entries", [])) + list(extra):
        pattern = item.get("pattern") or (re.escape(item["term"]) if item.get("term") else None)
        if not pattern:
            continue
        rules.append(
            (
                re.compile(pattern, re.MULTILINE),
                _sev(item.get("severity")),
                item.get("reason") or item.get("note") or "",
                bool(item.get("headline_only")),
                tuple(item.get("except") or ()),
            )
        )
    return rules


def compile_rules(
    enabled: frozenset[str], extra: dict[str, list[dict[str, Any]]], whitelist: tuple[str, ...]
) -> Compiled:
    """Build every matching structure for the enabled categories (built-in packs + workspace ``extra``).

    Word categories all go into one Aho-Corasick automaton (a key may carry entries of several
    categories); regex categories and the traditional-character table are compiled on their own.
    The sensitive pack runs first because its own whitelist extends the whitelist the others use.
    """
    builder = _Builder()
    wl: set[str] = set(whitelist)
    version = P.RULEPACK_VERSION + ("+ws." + _hash([extra, sorted(whitelist)]) if extra or whitelist else "")
    negative_context = _add_sensitive(builder, extra, wl) if "sensitive" in enabled else ()
    if "banned_expression" in enabled:
        _add_banned_expressions(builder, extra, wl)
    if "fallen_official" in enabled:
        _add_fallen_officials(builder, extra)
    leaders = _add_leaders(builder, extra) if "leader_title" in enabled else {}
    quotations = _quotations(extra) if "quotation" in enabled else {}
    wording = _add_wording(builder, extra, wl) if "wording" in enabled else []
    if "typo" in enabled:
        _add_typos(builder, extra, wl)
    if "law_title" in enabled:
        _add_law_titles(builder)
    traditional = _traditional_table(extra) if "traditional" in enabled else {}
    return Compiled(
        version=version,
        enabled=enabled,
        automaton=_term_automaton(builder.terms),
        whitelist=_whitelist_automaton(wl),
        traditional=traditional,
        traditional_re=re.compile("[" + re.escape("".join(traditional)) + "]+") if "traditional" in enabled else None,
        headline=_regex_rules("headline", extra.get("headline", [])) if "headline" in enabled else [],
        secrecy=_regex_rules("secrecy", extra.get("secrecy", [])) if "secrecy" in enabled else [],
        leaders=leaders,
        negative_context=negative_context,
        quotations=quotations,
        wording=wording,
        n_terms=len(builder.terms),
    )


def _pack_entries(name: str, extra: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """A built-in pack's entries followed by the workspace's own entries of that category."""
    return list(P.load_yaml(name).get("entries", [])) + list(extra.get(name, []))


def _add_sensitive(b: _Builder, extra: dict[str, list[dict[str, Any]]], wl: set[str]) -> tuple[str, ...]:
    """Sensitive words (2+ characters). Adds the pack's whitelist to ``wl``; returns its negative context."""
    pack = P.load_yaml("sensitive")
    wl.update(pack.get("whitelist", []))
    for item in list(pack.get("entries", [])) + list(extra.get("sensitive", [])):
        term = str(item.get("term", "")).strip()
        if len(term) < 2 or term in wl:
            continue
        note = item.get("note") or "命中敏感词库"
        b.add(term, Entry("sensitive", "sensitive.lexicon", _sev(item.get("severity")), None,
                          f"“{term}”在敏感词库中：{note}。请核实语境，确需使用的须经审核。",
                          boundary=bool(item.get("boundary", True)), excepts=tuple(item.get("except") or ())))
    return tuple(pack.get("negative_context", []))


def _add_banned_expressions(b: _Builder, extra: dict[str, list[dict[str, Any]]], wl: set[str]) -> None:
    """Xinhua's banned and cautioned expressions, with the suggested wording when there is one."""
    for item in _pack_entries("banned_expression", extra):
        term = str(item.get("term", "")).strip()
        if not term or term in wl:
            continue
        sugg = item.get("suggestion") or None
        reason = item.get("reason") or "新华社《新闻信息报道中的禁用词和慎用词》不建议使用"
        tail = f"，建议改为“{sugg}”" if sugg else ""
        b.add(term, Entry("banned_expression", "banned_expression.xinhua", _sev(item.get("severity")), sugg,
                          f"“{term}”属于禁用词/慎用词：{reason}{tail}。",
                          boundary=bool(item.get("boundary", False)), excepts=tuple(item.get("except") or ())))


def dated(item: dict[str, Any]) -> dict[str, Any]:
    """规则的有效期与语境条件（引擎按文章日期过滤）；没有这些字段时为空字典。"""
    out: dict[str, Any] = {}
    for key in ("valid_from", "valid_until"):
        if item.get(key):
            out[key] = str(item[key])[:10]
    if item.get("context"):
        out["context"] = tuple(item["context"])
    return out


def wording_message(text: str, reason: str, source: str, sugg: str | None) -> str:
    tail = f"，规范写法为“{sugg}”" if sugg else ""
    src = f"（依据：{source}）" if source else ""
    return f"“{text}”不符合规范表述：{reason or '不符合规范表述'}{tail}{src}。"


def _add_wording(b: _Builder, extra: dict[str, list[dict[str, Any]]], wl: set[str]) -> list[WordingPattern]:
    """规范表述：词条进自动机，正则规则单独编译。每条带依据与有效期。"""
    patterns: list[WordingPattern] = []
    for item in _pack_entries("wording", extra):
        sugg = item.get("suggestion") or None
        if item.get("pattern"):
            patterns.append(WordingPattern(
                re.compile(str(item["pattern"])), _sev(item.get("severity")), str(sugg or ""), bool(item.get("whole")),
                str(item.get("reason") or ""), str(item.get("source") or ""), dated(item),
            ))
            continue
        term = str(item.get("term", "")).strip()
        if not term or term in wl:
            continue
        b.add(term, Entry("wording", "wording.rule", _sev(item.get("severity")), sugg,
                          wording_message(term, str(item.get("reason") or ""), str(item.get("source") or ""), sugg),
                          boundary=bool(item.get("boundary", False)), excepts=tuple(item.get("except") or ()),
                          data=dated(item) or None))
    return patterns


def _add_fallen_officials(b: _Builder, extra: dict[str, list[dict[str, Any]]]) -> None:
    """Names on the fallen-officials registry: always high severity, whole-word matches."""
    for item in _pack_entries("fallen_official", extra):
        name = str(item.get("name", "")).strip()
        if len(name) < 2:
            continue
        date = str(item.get("date") or "").strip()
        bits = [str(item["note"])] if item.get("note") else []
        if date:
            # announced：首次公开宣布的是什么（默认“接受审查调查”；也可能是开除党籍、停职检查、主动投案）。
            # evidence（核对时读过的网页）只供登记表页面展示，不进提示语。
            what = str(item.get("announced") or "接受审查调查")
            bits.append(f"{date} {item.get('source') or ''}公布{what}".replace("  ", " "))
        when = f"（{'，'.join(bits)}）" if bits else ""
        b.add(name, Entry("fallen_official", "fallen_official.registry", "高", None,
                          f"“{name}”与落马官员名单中的姓名相同{when}。请核实是否同一人；"
                          "如是，不得作正面报道或出现在领导活动报道中。",
                          boundary=True, data=dict(item)))


def _add_leaders(b: _Builder, extra: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Leaders' names (their titles are checked around each mention); returns name → registry row."""
    leaders: dict[str, dict[str, Any]] = {}
    for item in _pack_entries("leader_title", extra):
        name = str(item.get("name", "")).strip()
        if len(name) >= 2:
            leaders[name] = dict(item)  # 同名时工作区词条（后读入）取代内置登记表的那一条，不重复检查
    for name, row in leaders.items():
        b.add(name, Entry("leader", "leader_title.mention", "中", None, "", boundary=True, data=row))
    return leaders


def _quotations(extra: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Speaker → their registered quotations (checked by the quotation rule, not by the automaton)."""
    quotations: dict[str, list[dict[str, Any]]] = {}
    for item in _pack_entries("quotation", extra):
        speaker = str(item.get("speaker", "")).strip()
        if speaker and item.get("text"):
            quotations.setdefault(speaker, []).append(dict(item))
    return quotations


def _add_typos(b: _Builder, extra: dict[str, list[dict[str, Any]]], wl: set[str]) -> None:
    """Curated wrong → right pairs (medium), then the larger confusion list (low, 3+ characters)."""
    curated = dict(P.load_yaml("typo").get("pairs", {}))
    for item in extra.get("typo", []):
        if item.get("wrong") and item.get("right"):
            curated[str(item["wrong"])] = str(item["right"])
    for wrong, right in curated.items():
        if wrong == right or wrong in wl:
            continue
        b.add(wrong, Entry("typo", "typo.wordpair", "中", right, f"“{wrong}”是错误写法，应为“{right}”。", boundary=True))
    for wrong, right in P.load_tsv("typo_ecspell"):
        if wrong in curated or wrong in wl or len(wrong) < 3:
            continue
        b.add(wrong, Entry("typo", "typo.confusion", "低", right,
                           f"“{wrong}”疑为“{right}”的误写（常见形近/音近错字），请核对。", boundary=True))


def _add_law_titles(b: _Builder) -> None:
    """Law names without book-title marks《》: the full name always, the short name where listed."""
    pack = P.load_yaml("law_title")
    prefix = pack.get("prefix", "中华人民共和国")
    long_only = set(pack.get("long_only", []))
    short_too = set(pack.get("short_names_flagged", []))
    msg = "法律法规、文件名称应加书名号《》（GB/T 15834—2011 4.15）。"
    for name in pack.get("names", []):
        full = prefix + name
        b.add(full, Entry("law_title", "law_title.missing_book_marks", "中", f"《{full}》", msg))
        if name in short_too and name not in long_only:
            b.add(name, Entry("law_title", "law_title.missing_book_marks", "中", f"《{name}》", msg, boundary=True))


def _term_automaton(terms: dict[str, list[Entry]]) -> Any:
    """One Aho-Corasick automaton over every word; each key maps to (length, its entries). None if empty."""
    if not terms:
        return None
    automaton = ahocorasick.Automaton()
    for key, entries in terms.items():
        automaton.add_word(key, (len(key), tuple(entries)))
    automaton.make_automaton()
    return automaton


def _whitelist_automaton(wl: set[str]) -> Any:
    """The whitelist as an automaton (a hit inside a whitelisted phrase is dropped). None if empty."""
    if not wl:
        return None
    automaton = ahocorasick.Automaton()
    for word in wl:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


def _traditional_table(extra: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """Traditional → simplified characters, minus those the workspace allows (e.g. in people's names)."""
    traditional = dict(P.load_tsv("traditional"))
    for item in extra.get("traditional_allow", []):
        traditional.pop(str(item.get("char", "")), None)
    return traditional


_cache: OrderedDict[tuple[Any, ...], Compiled] = OrderedDict()
_cache_lock = threading.Lock()
# 同一时刻只编译一次：多个线程（gunicorn 线程、Huey 线程）同时遇到未缓存的规则时，其余线程等第一个编译完直接取用
_compile_lock = threading.Lock()
_CACHE_SIZE = 8


def get_compiled(
    enabled: frozenset[str], extra: dict[str, list[dict[str, Any]]] | None, whitelist: list[str] | None
) -> Compiled:
    """编译规则（带缓存，键为规则包版本 + 类别 + 工作区词条哈希 + 白名单哈希）。"""
    extra = extra or {}
    wl = tuple(sorted(set(whitelist or ())))
    key = (P.RULEPACK_VERSION, tuple(sorted(enabled)), _hash(extra), _hash(wl))
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    with _compile_lock:
        with _cache_lock:
            hit = _cache.get(key)
        if hit is not None:
            return hit
        compiled = compile_rules(enabled, extra, wl)
        with _cache_lock:
            _cache[key] = compiled
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return compiled
