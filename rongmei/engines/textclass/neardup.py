"""近似重复：字符片段（shingle）Jaccard 相似度与增量分组索引。

索引用前缀过滤（prefix filtering）找候选：按全局顺序排好片段后，两组片段 Jaccard ≥ t
则二者的前 ``|S| - ceil(t·|S|) + 1`` 个片段必有交集；只对候选计算精确 Jaccard，
所以大多数新文本只与极少数已有分组比较。
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Hashable

from .normalize import normalize

SHINGLE = 2
# 比较时去掉空白与标点：转发时常见的标点、表情增删不影响相似度
_STRIP_RE = re.compile(r"[\s\W_]+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> frozenset[str]:
    """规范化后去掉空白和标点，取长度 k 的字符片段集合（短于 k 的文本整体作一个片段）。"""
    s = _STRIP_RE.sub("", normalize(text).lower())
    if len(s) <= k:
        return frozenset([s]) if s else frozenset()
    return frozenset(s[i : i + k] for i in range(len(s) - k + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def shingle_similarity(a: str, b: str) -> float:
    """两段文本规范化后字符片段集合的 Jaccard 相似度，0–1。"""
    return jaccard(shingles(a), shingles(b))


def _order(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


class NearDupIndex:
    """增量近似重复分组。``add(key, text)`` 返回该文本所在分组的首条成员的 key。

    新文本与每个已有分组的首条成员比较，Jaccard ≥ threshold 归入相似度最高的分组，否则自成一组。
    """

    def __init__(self, threshold: float = 0.7) -> None:
        if not 0 < threshold <= 1:
            raise ValueError("相似度阈值必须在 0 到 1 之间")
        self.threshold = threshold
        self._reps: dict[Hashable, frozenset[str]] = {}
        self._postings: dict[str, list[Hashable]] = {}
        self._exact: dict[frozenset[str], Hashable] = {}
        self._groups: dict[Hashable, Hashable] = {}

    def __len__(self) -> int:
        return len(self._groups)

    def group_of(self, key: Hashable) -> Hashable | None:
        return self._groups.get(key)

    def _prefix(self, sh: frozenset[str]) -> list[str]:
        ordered = sorted(sh, key=_order)
        n = len(ordered) - math.ceil(self.threshold * len(ordered)) + 1
        return ordered[: max(n, 1)]

    def add(self, key: Hashable, text: str) -> Hashable:
        if key in self._groups:
            return self._groups[key]
        sh = shingles(text)
        exact = self._exact.get(sh)
        if exact is not None:
            self._groups[key] = exact
            return exact
        best, best_sim = None, -1.0
        prefix = self._prefix(sh) if sh else []
        seen: set[Hashable] = set()
        for token in prefix:
            for rep in self._postings.get(token, ()):
                if rep in seen:
                    continue
                seen.add(rep)
                sim = jaccard(sh, self._reps[rep])
                if sim >= self.threshold and sim > best_sim:
                    best, best_sim = rep, sim
        if best is not None:
            self._groups[key] = best
            return best
        self._reps[key] = sh
        self._exact[sh] = key
        for token in prefix:
            self._postings.setdefault(token, []).append(key)
        self._groups[key] = key
        return key
