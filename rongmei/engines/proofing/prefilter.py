"""正则的快速预筛：算出“任何匹配都必须含有其中一个”的子串集合，文本里一个都没有时就不必跑这条正则。

很多规则（涉密、标题党、规范表述、易混字语境、标点）的正则对绝大多数句子不命中；逐条 ``finditer`` 的调用开销，
以及以逆序环视开头、``re`` 无法用前缀加速的正则，占了快路径的不少时间。子串集合由正则的语法树保守地推出
（只看必须出现的字面字符，连续的合成子串；分支取并集；可选、否定环视、字符类中的范围都不算），推不出时返回 ``None``（不预筛），
所以预筛只会跳过确实不可能命中的句子，发现不变。
"""

from __future__ import annotations

import functools
import re

try:  # Python 3.11+：re 的语法分析器是私有模块；不可用时不预筛
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _parser = None  # type: ignore[assignment]
    _C = None  # type: ignore[assignment]

#: 备选子串超过这么多个时不预筛（逐个 ``in`` 比直接跑正则还慢）
MAX_NEEDLES = 4


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """两个候选里更好用的：备选少的优先，其次最短的子串更长（更少误中）。"""
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b, key=lambda s: (len(s), -min(map(len, s))))


def _req(items) -> frozenset[str] | None:
    """一串语法节点：返回“任一匹配必含其中一个子串”的子串集合，推不出时 None。连续的字面字符合成一个子串。"""
    best: frozenset[str] | None = None
    run = ""
    for op, av in list(items) + [(None, None)]:
        if op is _C.LITERAL:
            run += chr(av)
            continue
        if run:
            best = _better(best, frozenset((run,)))
            run = ""
        got: frozenset[str] | None = None
        if op is _C.IN:
            if all(o is _C.LITERAL for o, _ in av):
                got = frozenset(chr(a) for _, a in av)
        elif op is _C.SUBPATTERN:
            got = _req(av[-1])
        elif op is _C.BRANCH:
            parts = [_req(b) for b in av[1]]
            if parts and all(p is not None for p in parts):
                got = frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            if lo >= 1:
                got = _req(sub)
        elif op is _C.ASSERT:  # 肯定环视：环视的内容也必须出现在文本里
            got = _req(av[1])
        best = _better(best, got)
    return best


@functools.lru_cache(maxsize=4096)
def needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """``pattern`` 的任何匹配都必须含有其中一个的子串（≤ :data:`MAX_NEEDLES` 个），推不出时 None。"""
    if _parser is None or pattern.flags & re.IGNORECASE:
        return None
    try:
        got = _req(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:
        return None
    if not got or "" in got:
        return None
    # 含有另一个备选子串的备选是多余的（“-”在就够了，不必再查“-—”）
    got = frozenset(s for s in got if not any(t != s and t in s for t in got))
    if len(got) > MAX_NEEDLES:
        return None
    return tuple(sorted(got))


_LISTS: dict[int, tuple[object, tuple]] = {}


def guarded(rules, pattern_of) -> tuple:
    """``((备选子串或 None, 规则), ...)``：规则表（编译结果里的列表，只读）连同每条正则的预筛子串，按表的 id 缓存。"""
    hit = _LISTS.get(id(rules))
    if hit is None or hit[0] is not rules:
        if len(_LISTS) > 256:
            _LISTS.clear()
        hit = _LISTS[id(rules)] = (rules, tuple((needles(pattern_of(r)), r) for r in rules))
    return hit[1]


def absent(need: tuple[str, ...] | None, text: str) -> bool:
    """``True`` 表示备选子串一个都不在 ``text`` 里（对应的正则一定不匹配）。"""
    if need is None:
        return False
    for sub in need:
        if sub in text:
            return False
    return True
