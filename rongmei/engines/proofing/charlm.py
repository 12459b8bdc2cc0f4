"""字级 4 元语言模型（插值修正 Kneser-Ney，按次数剪枝），统计纠错层（``rules/statistical.py``）用来比较换字前后的句子。

模型由 ``bench/proofing/build_charlm.py`` 从法律法规正文（《著作权法》第五条：不受著作权保护）与纠错训练集的正确句
训练，存为 ``packs/charlm.keys.npy``（所有 n 元组的编码，升序 uint64：各字编号按 15 位拼接、第 61–63 位为阶数）、
``packs/charlm.vals.npy``（每个 n 元组的对数概率与作为历史时的回退权重，自然对数、按 ``qstep`` 量化为 uint8）和
``packs/charlm.vocab.txt``（首行为生成参数，第二行为字表）。两个数组内存映射，第一次用到时才加载，多个进程共享页缓存；
查询是对一批句子一起做一次 ``np.searchsorted``。导入 numpy 要约 0.1 s CPU，所以进程里最初的 :data:`PY_QUERIES` 次查询
用 ``bisect`` 直接在映射的内存上二分（结果相同），查够了（或 numpy 已被别处导入）才换成 numpy：新进程查一篇短文不必导入 numpy。
"""

from __future__ import annotations

import functools
import json
import mmap
import sys
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path

from .packs import PACK_DIR

ORDER = 4
_BITS = 15
_UNK = 2


class CharLM:
    def __init__(self, directory: Path = PACK_DIR) -> None:
        head, chars = (directory / "charlm.vocab.txt").read_text(encoding="utf-8").split("\n")[:2]
        self.meta = json.loads(head[2:])
        assert self.meta["order"] == ORDER and self.meta["bits"] == _BITS
        self.ids = {c: i + 3 for i, c in enumerate(chars)}
        self.directory = directory
        self.keys = _npy_view(directory / "charlm.keys.npy", "<u8", "Q")
        self._vals = _npy_view(directory / "charlm.vals.npy", "|u1", "B")  # 每行两个：对数概率、回退权重
        self._np: tuple | None = None
        self._py_queries = 0
        self.qstep = float(self.meta["qstep"])
        self._floor = -255 * self.qstep

    def encode(self, s: str) -> list[int]:
        get = self.ids.get
        return [get("0" if c.isdigit() else c, _UNK) for c in s]

    def score(self, texts: Sequence[str], start: int) -> list[float]:
        """每个串从第 ``start`` 个字到末尾的对数概率之和（自然对数；各字以串内前面至多 3 个字为历史）。"""
        tag = [n << 61 for n in range(ORDER + 1)]
        queries: list[int] = []
        plan: list[tuple[int, int]] = []  # 每个目标字：(在 queries 里的起点, 历史长度)
        for t in texts:
            ids = self.encode(t)
            for pos in range(start, len(ids)):
                h = min(pos, ORDER - 1)
                plan.append((len(queries), h))
                code = 0
                for n in range(1, h + 2):  # 以目标字结尾的 1…h+1 元组，随后是 1…h 字的历史
                    code |= ids[pos - n + 1] << (_BITS * (n - 1))
                    queries.append(code | tag[n])
                    if n >= 2:
                        queries.append((code >> _BITS) | tag[n - 1])
        if not queries:
            return [0.0] * len(texts)
        found, lps, bows = self._lookup(queries)
        step = -self.qstep
        out: list[float] = []
        per = len(plan) // len(texts)
        total = 0.0
        for x, (at, h) in enumerate(plan):
            # 布局：gram1, gram2, ctx1, gram3, ctx2, gram4, ctx3
            best = None
            acc = 0.0
            for n in range(h + 1, 0, -1):
                g = at + (0 if n == 1 else 2 * n - 3)
                if found[g]:
                    best = lps[g] * step + acc
                    break
                if n >= 2 and found[g + 1]:
                    acc += bows[g + 1] * step
            total += self._floor if best is None else best
            if (x + 1) % per == 0:
                out.append(total)
                total = 0.0
        return out

    def _lookup(self, queries: list[int]) -> tuple[list[bool], list[int], list[int]]:
        """每个编码：是否在模型里、（最近的）对数概率与回退权重的量化值（numpy 版与 bisect 版结果相同）。"""
        if self._np is None and (self._py_queries > PY_QUERIES or "numpy" in sys.modules):
            import numpy as np

            vals = np.load(self.directory / "charlm.vals.npy", mmap_mode="r")
            self._np = (np, np.asarray(np.load(self.directory / "charlm.keys.npy", mmap_mode="r")),
                        np.asarray(vals[:, 0]), np.asarray(vals[:, 1]))
        if self._np is not None:
            np, keys, lp, bow = self._np
            q = np.array(queries, dtype=np.uint64)
            idx = np.searchsorted(keys, q)
            np.minimum(idx, len(keys) - 1, out=idx)
            return (keys[idx] == q).tolist(), lp[idx].tolist(), bow[idx].tolist()
        self._py_queries += len(queries)
        keys, vals = self.keys, self._vals
        last = len(keys) - 1
        found: list[bool] = []
        lps: list[int] = []
        bows: list[int] = []
        for q in queries:
            i = bisect_left(keys, q)
            if i > last:
                i = last
            found.append(keys[i] == q)
            lps.append(vals[2 * i])
            bows.append(vals[2 * i + 1])
        return found, lps, bows

    def delta(self, text: str, i: int, alts: Sequence[str], lo: int = 0, hi: int | None = None) -> list[float]:
        """把第 i 个字换成 ``alts`` 中各字后，句子对数概率的变化（受影响的是第 i 个字起的 4 个字）。
        只看 ``text[lo:hi]`` 之内（一个汉字串）。"""
        hi = len(text) if hi is None else hi
        a = max(lo, i - (ORDER - 1))
        b = min(hi, i + ORDER)
        win = text[a:b]
        j = i - a
        variants = [win] + [win[:j] + c + win[j + 1 :] for c in alts]
        s = self.score(variants, j)
        return [v - s[0] for v in s[1:]]


#: 进程里先用 bisect 查这么多次再换 numpy（导入 numpy 约 0.1 s ≈ bisect 多花在 10 万次查询上的时间）
PY_QUERIES = 100_000


def _npy_view(path: Path, descr: str, code: str) -> memoryview:
    """只读内存映射一个一维/二维 C 顺序的 ``.npy`` 文件，返回其数据的 memoryview（不导入 numpy）。"""
    with open(path, "rb") as fh:
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    if mm[:6] != b"\x93NUMPY" or sys.byteorder != "little":
        raise ValueError(f"{path.name} 不是小端机器上可直接映射的 .npy 文件")
    major = mm[6]
    start = 10 if major == 1 else 12
    header = bytes(mm[start - (2 if major == 1 else 4) : start])
    end = start + int.from_bytes(header, "little")
    meta = mm[start:end].decode("latin1")
    if f"'descr': '{descr}'" not in meta or "'fortran_order': False" not in meta:
        raise ValueError(f"{path.name} 的格式不是 {descr}、C 顺序")
    return memoryview(mm)[end:].cast(code)


@functools.cache
def model() -> CharLM:
    return CharLM()
