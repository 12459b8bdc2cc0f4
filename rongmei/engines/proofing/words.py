"""分词、词性与词典词频：启动快、占内存少的一层。

* 分词与词性标注用 ``rjieba``（jieba-rs 的 Python 绑定，MIT；词典与 jieba 0.42.1 的 ``dict.txt`` 相同，
  分词结果与 jieba 一致，词典编进二进制，不读 pickle 缓存）。导入 rjieba 要约 0.2 s CPU（在导入时建词典），
  所以进程里最初的 :data:`PY_CUT_CHARS` 个字先用同一算法的纯 Python 实现（:func:`_py_cut`，在词频表上建 DAG，
  约 40 万字/秒，与 rjieba 在 2,480 万字上逐词相同），切够了才导入 rjieba：只查一篇短文的新进程不必付这 0.2 s。
* 词频与词性表（“这个词在词典里吗、多常见、什么词性”）放在 ``marisa-trie`` 的 RecordTrie 里，
  由 jieba 自带的 ``dict.txt`` 生成一次，按词典内容哈希命名缓存文件，之后每个进程直接内存映射（约 1.8 MB，
  多个工作进程共享同一份页缓存）。原来的做法（jieba 的 marshal 缓存 + posseg 再读一遍词典）每个进程要 2 秒、上百 MB。
* 成语表（四字、词性 i/l、词频 ≥ 20）随词频表一起生成。

全部函数线程安全：只读结构，第一次使用时在锁内加载。
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib.util
import math
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import marisa_trie

_FORMAT = "<I5s"
_CACHE_VERSION = "1"
IDIOM_MIN_FREQ = 20

_lock = threading.Lock()
_trie: marisa_trie.RecordTrie | None = None
_idioms: tuple[str, ...] | None = None
loads = 0  # 本进程加载词频表的次数（测试用：应为 1）


class Word(NamedTuple):
    word: str
    flag: str


def cut(text: str) -> list[str]:
    """精确模式分词、不用 HMM 识别未登录词（与 ``jieba.cut(text, HMM=False)`` 一致）。"""
    rj = _rjieba
    if rj is not None:
        return rj.cut(text, hmm=False)
    return _py_cut(text)


#: 进程里先用纯 Python 切这么多字，再导入 rjieba（导入约 0.2 s CPU ≈ 纯 Python 切 8 万字的时间，
#: 所以多付的时间不超过导入本身；只查一篇短文的进程完全不导入）
PY_CUT_CHARS = 100_000
_rjieba = None
_py_chars = 0


def use_rjieba() -> None:
    """导入 rjieba，此后分词都用它（服务预热时调用；切够 :data:`PY_CUT_CHARS` 个字后也会自动调用）。"""
    global _rjieba
    if _rjieba is None:
        import rjieba

        _rjieba = rjieba


_RE_HAN_DEFAULT = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_RE_SKIP_DEFAULT = re.compile("(\r\n|\\s)")
_logfreq: dict[str, float] = {}


def _py_cut(text: str) -> list[str]:
    """jieba 0.42.1 ``Tokenizer.cut(HMM=False)``（MIT）的移植，词典查词频表（:func:`_load`）：
    ``get_DAG`` + ``calc``（取 (log 词频 − log 总词频 + 后缀路径, 词尾) 最大者，并列取词尾靠后的）+
    ``__cut_DAG_NO_HMM``（连续的单个 ASCII 字母/数字并成一个词）。与 rjieba 在共享数据的 71.6 万行上逐词相同。"""
    global _py_chars
    _py_chars += len(text)
    if _py_chars > PY_CUT_CHARS:
        use_rjieba()
    trie = _load()
    logtotal, longest = _dict_stats()
    out: list[str] = []
    for blk in _RE_HAN_DEFAULT.split(text):
        if not blk:
            continue
        if _RE_HAN_DEFAULT.fullmatch(blk):
            _py_cut_block(blk, trie, logtotal, longest, out)
            continue
        for x in _RE_SKIP_DEFAULT.split(blk):
            if not x:
                continue
            if _RE_SKIP_DEFAULT.fullmatch(x):
                out.append(x)
            else:
                out.extend(x)
    return out


def _py_cut_block(s: str, trie: marisa_trie.RecordTrie, logtotal: float, longest: int, out: list[str]) -> None:
    n = len(s)
    prefixes = trie.prefixes
    logfreq = _logfreq
    if len(logfreq) > 200_000:
        logfreq.clear()
    log = math.log
    route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
    for idx in range(n - 1, -1, -1):
        best = None
        for w in prefixes(s[idx : idx + longest]):  # 从 idx 起的全部词典词，即 jieba 的 DAG[idx]
            lf = logfreq.get(w)
            if lf is None:
                lf = logfreq[w] = log(trie[w][0][0]) - logtotal
            x = idx + len(w) - 1
            cand = (lf + route[x + 1][0], x)
            if best is None or cand > best:
                best = cand
        route[idx] = best if best is not None else (-logtotal + route[idx + 1][0], idx)  # 不成词的单字：词频按 1
    x = 0
    buf = ""
    while x < n:
        y = route[x][1] + 1
        w = s[x:y]
        if y - x == 1 and w.isascii() and w.isalnum():
            buf += w
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(w)
        x = y
    if buf:
        out.append(buf)


@functools.cache
def _dict_stats() -> tuple[float, int]:
    """jieba 词典的 log(总词频)（按行累加，与 jieba、jieba-rs 相同）与最长词的字数，按 dict.txt 缓存。"""
    def build() -> tuple[int, int]:
        total = longest = 0
        with open(dict_path(), encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2:
                    total += int(parts[1])
                    longest = max(longest, len(parts[0]))
        return total, longest

    total, longest = cached("dict-stats", [dict_path()], build)
    return math.log(total), longest


def tag(text: str) -> list[Word]:
    """分词并标注词性，结果与 ``jieba.posseg.cut(text)``（HMM=True）相同。

    移植自 jieba 0.42.1 ``posseg.POSTokenizer.__cut_internal/__cut_DAG``（MIT）：词典路径用 rjieba 的不带 HMM
    分词（与 jieba 的 DAG 最大概率路径一致），词性查词频表；连续单字组成的未登录串才用 jieba 的词性 HMM
    （第一次需要时才加载，约 0.17 s）。
    """
    out: list[Word] = []
    for blk in _RE_HAN_INTERNAL.split(text):
        if not blk:
            continue
        if _RE_HAN_INTERNAL.fullmatch(blk):
            _cut_dag(blk, out)
            continue
        for x in _RE_SKIP_INTERNAL.split(blk):
            if _RE_SKIP_INTERNAL.fullmatch(x):
                out.append(Word(x, "x"))
                continue
            for xx in x:
                if _RE_NUM.match(xx):
                    out.append(Word(xx, "m"))
                elif _RE_ENG.match(x):
                    out.append(Word(xx, "eng"))
                else:
                    out.append(Word(xx, "x"))
    return out


_RE_HAN_INTERNAL = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_RE_SKIP_INTERNAL = re.compile("(\r\n|\\s)")
_RE_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_RE_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
_RE_ENG = re.compile("[a-zA-Z0-9]+")
_RE_NUM = re.compile("[\\.0-9]+")


def _route(blk: str) -> list[str]:
    """jieba 的 DAG 最大概率路径：词典词原样，不在词典里的英文数字串拆回单字（jieba 的 DAG 里它们是单字）。"""
    trie = _load()
    route: list[str] = []
    for w in cut(blk):
        if len(w) > 1 and w.isascii() and w not in trie:
            route.extend(w)
        else:
            route.append(w)
    return route


def _flush(buf: str, out: list[Word]) -> None:
    if len(buf) == 1:
        out.append(Word(buf, TAGS.get(buf, "x")))
    elif not FREQ.get(buf, 0):
        _cut_detail(buf, out)
    else:
        out.extend(Word(ch, TAGS.get(ch, "x")) for ch in buf)


def _cut_dag(blk: str, out: list[Word]) -> None:
    buf = ""
    for w in _route(blk):
        if len(w) == 1:
            buf += w
            continue
        if buf:
            _flush(buf, out)
            buf = ""
        out.append(Word(w, TAGS.get(w, "x")))
    if buf:
        _flush(buf, out)


def _cut_detail(sentence: str, out: list[Word]) -> None:
    for blk in _RE_HAN_DETAIL.split(sentence):
        if not blk:
            continue
        if _RE_HAN_DETAIL.fullmatch(blk):
            _hmm_cut(blk, out)
            continue
        for x in _RE_SKIP_DETAIL.split(blk):
            if x:
                out.append(Word(x, "m" if _RE_NUM.match(x) else "eng" if _RE_ENG.match(x) else "x"))


_hmm: tuple | None = None
_MIN_FLOAT = -3.14e100
_MIN_INF = float("-inf")


def _hmm_model() -> tuple:
    global _hmm
    if _hmm is None:
        with _lock:
            if _hmm is None:
                base = dict_path().parent / "posseg"
                names = ("char_state_tab", "prob_start", "prob_trans", "prob_emit")

                def build() -> tuple:
                    # jieba 随包的词性 HMM 参数（pickle，来自已固定版本的 jieba 包本身）；有缓存时不必导入 pickle
                    import pickle

                    return tuple(pickle.loads((base / f"{n}.p").read_bytes()) for n in names)

                _hmm = cached("posseg-hmm", [base / f"{n}.p" for n in names], build)
    return _hmm


@functools.cache
def _int_model() -> tuple:
    """词性 HMM 换成整数状态（按状态元组排序编号，整数的大小顺序与元组相同，所以取最大值时平分的结果不变）：
    (状态表, 字 -> 可能状态, 起始概率, 发射概率, 转移概率, 全部状态)。"""
    def build() -> tuple:
        states, start_p, trans_p, emit_p = _hmm_model()
        names = sorted(set(trans_p) | set(start_p) | set(emit_p) | {y for v in states.values() for y in v})
        ids = {y: i for i, y in enumerate(names)}
        start = [start_p.get(y, _MIN_INF) for y in names]
        emit = [emit_p.get(y, {}) for y in names]
        trans: list[dict[int, float]] = [{ids[y]: p for y, p in trans_p.get(y0, {}).items()} for y0 in names]
        char_states = {ch: tuple(ids[y] for y in v) for ch, v in states.items()}
        all_states = tuple(ids[y] for y in trans_p)  # 原实现的 trans_p.keys()
        return tuple(names), char_states, start, emit, trans, all_states

    # 整数化要 0.15–0.2 s，与原表一样按 jieba 随包文件缓存成 marshal（新进程直接读，不再先读原表再换算）
    base = dict_path().parent / "posseg"
    sources = [base / f"{n}.p" for n in ("char_state_tab", "prob_start", "prob_trans", "prob_emit")]
    return cached("posseg-int", sources, build, salt="int-states-1")


@functools.cache
def _np_model() -> tuple:
    """转移概率矩阵（numpy，行 = 前一状态，列 = 状态；没有转移为负无穷）与“字 -> (可能状态数组, 发射概率数组)”的缓存。"""
    import numpy as np  # 只在第一次用到词性 HMM 时导入

    names, _char_states, _start, _emit, trans, _all = _int_model()
    T = np.full((len(names), len(names)), _MIN_INF)
    for y0, nxt in enumerate(trans):
        for y, p in nxt.items():
            T[y0, y] = p
    return np, T, {}


def _step_arrays(ch: str) -> tuple:
    np, T, memo = _np_model()
    hit = memo.get(ch)
    if hit is None:
        _names, char_states, _start, emit, _trans, all_states = _int_model()
        ys = char_states.get(ch, all_states)
        hit = (ys, np.array(ys, dtype=np.intp), np.array([emit[y].get(ch, _MIN_FLOAT) for y in ys]))
        if len(memo) < 20000:
            memo[ch] = hit
    return hit


#: 进程里前这么多次（未缓存的）词性 HMM 调用用纯 Python 实现，之后（或 numpy 已被别处导入时）用 numpy：
#: 纯 Python 版慢约 85 µs/次，导入 numpy 约 0.1 s，只查一篇短文的新进程不必导入 numpy
PY_VITERBI_CALLS = 1000
_py_viterbi_calls = 0


@functools.lru_cache(maxsize=1 << 15)
def _viterbi(obs: str) -> tuple[tuple[str, str], ...]:
    """jieba 词性 HMM 的 Viterbi（结果只取决于输入串，按串缓存：同样的单字串反复出现）。"""
    global _py_viterbi_calls
    if _py_viterbi_calls < PY_VITERBI_CALLS and "numpy" not in sys.modules:
        _py_viterbi_calls += 1
        return _viterbi_py(obs)
    return _viterbi_np(obs)


def _viterbi_py(obs: str) -> tuple[tuple[str, str], ...]:
    """jieba 0.42.1 ``posseg.viterbi``（MIT）逐句照搬，只是状态换成整数（见 :func:`_int_model`）：对当前字的每个可能状态
    （与前一步能转移到的状态取交集，交集为空时按原实现退回），在前一步到达的状态里取 (前一步得分 + 转移 + 发射, 前一状态)
    的最大值，加法次序与原实现相同。与 :func:`_viterbi_np` 在语料的 1.8 万个串上逐状态相同。"""
    names, char_states, start, emit, trans, all_states = _int_model()
    ch = obs[0]
    vp: dict[int, float] = {}
    for y in char_states.get(ch, all_states):
        vp[y] = start[y] + emit[y].get(ch, _MIN_FLOAT)
    paths: list[dict[int, int]] = []
    for t in range(1, len(obs)):
        ch = obs[t]
        prev = [(x, vp[x], trans[x]) for x in vp if trans[x]]
        expect: set[int] = set()
        for _x, _v, tx in prev:
            expect.update(tx)
        now = expect.intersection(char_states.get(ch, all_states))
        if not now:
            now = expect if expect else set(all_states)
        cur: dict[int, float] = {}
        path: dict[int, int] = {}
        for y in now:
            em = emit[y].get(ch, _MIN_FLOAT)
            best = None
            for x, v, tx in prev:
                cand = (v + tx.get(y, _MIN_INF) + em, x)
                if best is None or cand > best:
                    best = cand
            assert best is not None
            cur[y], path[y] = best
        vp = cur
        paths.append(path)
    _prob, state = max((p, y) for y, p in vp.items())
    return _backtrack(names, paths, state)


def _viterbi_np(obs: str) -> tuple[tuple[str, str], ...]:
    """jieba 0.42.1 ``posseg.viterbi``（MIT）的移植。结果只取决于输入串，按串缓存（同样的单字串反复出现）。

    与原实现逐状态相同（浮点运算的顺序也相同）：

    * 原实现对当前字的每个可能状态，在前一步到达的状态里取 (得分, 前一状态) 的最大值，得分是
      ``前一步得分 + 转移 + 发射``。这里用 numpy 对全部前一状态一次算出（同样先加转移再加发射，IEEE 双精度加法与
      Python 相同）：前一步没到达的状态得分、没有的转移都是负无穷，相加仍是负无穷，而到达的得分都是有限数，所以不影响
      最大值；全为负无穷即“没有来自前一步的转移”。得分相同取编号（= 状态元组顺序）最大的前一状态，与元组比较一致。
    * 原实现先求“当前字可能的状态 ∩ 前一步能转移到的状态”：这里等价地逐个看当前字的可能状态有没有来自前一步的转移，
      交集为空时才按原实现退回。状态用整数（见 :func:`_int_model`）。"""
    names, char_states, start, emit, trans, all_states = _int_model()
    np, T, _memo = _np_model()
    n = len(names)
    ch = obs[0]
    vp = np.full(n, _MIN_INF)
    reached: list[int] = []
    for y in char_states.get(ch, all_states):
        vp[y] = start[y] + emit[y].get(ch, _MIN_FLOAT)
        reached.append(y)
    paths: list[dict[int, int]] = []
    for t in range(1, len(obs)):
        ch = obs[t]
        ys, ys_arr, em = _step_arrays(ch)
        scores = vp[:, None] + T[:, ys_arr]
        scores += em
        k = (n - 1) - scores[::-1].argmax(axis=0)  # 得分相同取编号最大的前一状态
        best = scores[k, np.arange(len(ys))]
        cur = np.full(n, _MIN_INF)
        cur[ys_arr] = best  # 没有转移的状态得分是负无穷，与“未到达”相同
        path = {y: kk for y, b, kk in zip(ys, best.tolist(), k.tolist(), strict=True) if b != _MIN_INF}
        now = list(path)
        if not now:  # 当前字的可能状态都无法从前一步转移到：按原实现退回
            prev_states = [x for x in reached if trans[x]]
            prev_expect = {y for x in prev_states for y in trans[x]}
            for y in (prev_expect if prev_expect else all_states):
                em_y = emit[y].get(ch, _MIN_FLOAT)
                cands = [(float(vp[y0]) + trans[y0][y] + em_y, y0) for y0 in prev_states if y in trans[y0]]
                if cands:
                    prob, state = max(cands)
                else:
                    prob, state = max((float(vp[y0]) + trans[y0].get(y, _MIN_INF) + em_y, y0) for y0 in prev_states)
                cur[y] = prob
                path[y] = state
                now.append(y)
        vp, reached = cur, now
        paths.append(path)
    _prob, state = max((float(vp[y]), y) for y in reached)
    return _backtrack(names, paths, state)


def _backtrack(names, paths: list[dict[int, int]], state: int) -> tuple:
    """从最后一个字的最优状态沿回溯表倒推整串的状态。"""
    route: list = [None] * (len(paths) + 1)
    for i in range(len(paths), 0, -1):
        route[i] = names[state]
        state = paths[i - 1][state]
    route[0] = names[state]
    return tuple(route)


def _hmm_cut(sentence: str, out: list[Word]) -> None:
    pos_list = _viterbi(sentence)
    begin = nexti = 0
    for i, char in enumerate(sentence):
        pos = pos_list[i][0]
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append(Word(sentence[begin : i + 1], pos_list[i][1]))
            nexti = i + 1
        elif pos == "S":
            out.append(Word(char, pos_list[i][1]))
            nexti = i + 1
    if nexti < len(sentence):
        out.append(Word(sentence[nexti:], pos_list[nexti][1]))


def dict_path() -> Path:
    """jieba 自带词典（只读取文件，不导入 jieba：导入并初始化 jieba 要 1 秒）。"""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:  # pragma: no cover - jieba 是依赖
        raise RuntimeError("找不到 jieba 词典（dict.txt）")
    return Path(spec.origin).parent / "dict.txt"


def _cache_dir() -> Path:
    root = os.environ.get("RONGMEI_PROOFING_CACHE") or tempfile.gettempdir()
    return Path(root)


def cached(name: str, sources: list[Path], build, salt: str = ""):
    """``build()`` 的结果（只含 dict/tuple/str/数字），按源文件的大小与修改时间缓存为 marshal 文件。

    用于启动时要从文本表现建的查找表（typo_lm 的 10 万行、词性 HMM 的 pickle、音近形近候选）：读 marshal 比解析
    文本快 2–4 倍。缓存放在 ``RONGMEI_PROOFING_CACHE``（默认系统临时目录），先写临时文件再原子改名。"""
    import marshal
    import sys

    key = hashlib.md5(repr((_CACHE_VERSION, salt, sys.version_info[:2], [
        (str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sources])).encode()).hexdigest()[:12]
    path = _cache_dir() / f"rongmei-{name}-{key}.marshal"
    try:
        blob = path.read_bytes()
    except OSError:
        blob = None
    if blob is not None:
        # 读回的是几万个字典、元组（不会有循环引用）：关掉循环垃圾回收，免得分配途中一再扫描它们（新进程里约省 0.03 s）
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            pass
        finally:
            if was_enabled:
                gc.enable()
    value = build()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, path)
    except OSError:  # pragma: no cover - 缓存目录不可写时照样可用，只是下次还要重建
        pass
    return value


def _build(src: Path, trie_path: Path, idiom_path: Path) -> None:
    keys: list[str] = []
    values: list[tuple[int, bytes]] = []
    idioms: list[str] = []
    with open(src, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            flag = parts[2] if len(parts) > 2 else ""
            keys.append(word)
            values.append((freq, flag.encode("ascii")[:5]))
            if (len(word) == 4 and flag in ("i", "l") and freq >= IDIOM_MIN_FREQ
                    and all("\u4e00" <= ch <= "\u9fff" for ch in word)):
                idioms.append(word)
    trie = marisa_trie.RecordTrie(_FORMAT, zip(keys, values, strict=True))
    # 先写临时文件再原子改名：并发启动的进程不会读到写了一半的文件
    for path, write in ((trie_path, trie.save), (idiom_path, None)):
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        if write is not None:
            write(str(tmp))
        else:
            tmp.write_text("\n".join(sorted(set(idioms))), encoding="utf-8")
        os.replace(tmp, path)


def _paths() -> tuple[Path, Path]:
    src = dict_path()
    # 按词典内容命名：换了词典就换缓存。5 MB 的哈希每个进程要算约 10 ms，所以哈希本身也按文件大小与修改时间缓存
    digest = cached("dict-digest", [src], lambda: hashlib.md5(src.read_bytes()).hexdigest()[:12])
    base = _cache_dir() / f"rongmei-words-{_CACHE_VERSION}-{digest}"
    return base.with_suffix(".marisa"), base.with_suffix(".idioms")


def _load() -> marisa_trie.RecordTrie:
    global _trie, _idioms, loads
    if _trie is not None:
        return _trie
    with _lock:
        if _trie is None:
            trie_path, idiom_path = _paths()
            if not (trie_path.exists() and idiom_path.exists()):
                _build(dict_path(), trie_path, idiom_path)
            trie = marisa_trie.RecordTrie(_FORMAT)
            trie.mmap(str(trie_path))
            _idioms = tuple(idiom_path.read_text(encoding="utf-8").split("\n"))
            loads += 1
            _trie = trie
    return _trie


class _Freq:
    """``FREQ`` 的只读视图：``get(word, default)``、``word in FREQ``、``FREQ[word]``。"""

    __slots__ = ()

    def get(self, word: str, default: int = 0) -> int:
        hit = _load().get(word)
        return hit[0][0] if hit else default

    def __getitem__(self, word: str) -> int:
        hit = _load().get(word)
        if not hit:
            raise KeyError(word)
        return hit[0][0]

    def __contains__(self, word: str) -> bool:
        return word in _load()


class _Tags:
    """词性表的只读视图：``get(word)`` -> 词性或 None。"""

    __slots__ = ()

    def get(self, word: str, default: str | None = None) -> str | None:
        hit = _load().get(word)
        return hit[0][1].rstrip(b"\0").decode("ascii") if hit else default


FREQ = _Freq()
TAGS = _Tags()


def trie() -> marisa_trie.RecordTrie:
    """词频表本身（``word in trie()`` 判断是否词典词，最快）。"""
    return _load()


def freq(word: str) -> int:
    return FREQ.get(word, 0)


def idioms() -> tuple[str, ...]:
    """词典中的成语（四字、词性 i/l、词频 ≥ :data:`IDIOM_MIN_FREQ`），已排序。"""
    _load()
    assert _idioms is not None
    return _idioms


def warm() -> None:
    """加载词频表，导入 rjieba 与 numpy（服务进程会查很多文本：分词用 Rust 实现，词性 HMM 与字级模型用 numpy）。"""
    _load()
    use_rjieba()
    _np_model()
    cut("预热")


def iter_words() -> Iterator[tuple[str, int, str]]:
    """词典全部词条（词、词频、词性），供离线构建数据用。"""
    trie = _load()
    for word, (f, flag) in trie.items():
        yield word, f, flag.rstrip(b"\0").decode("ascii")
