"""分词、词性与词典词频：启动快、占内存少的一层。

* 分词与词性标注用 ``rjieba``（jieba-rs 的 Python 绑定，MIT；词典与 jieba 0.42.1 的 ``dict.txt`` 相同，
  分词结果与 jieba 一致，导入约 0.13 s，词典编进二进制，不读 pickle 缓存）。
* 词频与词性表（“这个词在词典里吗、多常见、什么词性”）放在 ``marisa-trie`` 的 RecordTrie 里，
  由 jieba 自带的 ``dict.txt`` 生成一次，按词典内容哈希命名缓存文件，之后每个进程直接内存映射（约 1.8 MB，
  多个工作进程共享同一份页缓存）。原来的做法（jieba 的 marshal 缓存 + posseg 再读一遍词典）每个进程要 2 秒、上百 MB。
* 成语表（四字、词性 i/l、词频 ≥ 20）随词频表一起生成。

全部函数线程安全：只读结构，第一次使用时在锁内加载。
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import pickle
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import marisa_trie
import rjieba

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
    return rjieba.cut(text, hmm=False)


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
    for w in rjieba.cut(blk, hmm=False):
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
                    # jieba 随包的词性 HMM 参数（pickle，来自已固定版本的 jieba 包本身）
                    return tuple(pickle.loads((base / f"{n}.p").read_bytes()) for n in names)

                _hmm = cached("posseg-hmm", [base / f"{n}.p" for n in names], build)
    return _hmm


@functools.cache
def _predecessors() -> dict[tuple[str, str], tuple[tuple[tuple[str, str], float], ...]]:
    """状态 -> ((能转移到它的前一状态, 转移对数概率), ...)。"""
    _states, _start, trans_p, _emit = _hmm_model()
    pred: dict = {}
    for y0, nxt in trans_p.items():
        for y, p in nxt.items():
            pred.setdefault(y, []).append((y0, p))
    return {y: tuple(v) for y, v in pred.items()}


@functools.lru_cache(maxsize=1 << 15)
def _viterbi(obs: str) -> tuple[tuple[str, str], ...]:
    """jieba 0.42.1 ``posseg.viterbi``（MIT）的移植。结果只取决于输入串，按串缓存（同样的单字串反复出现）。

    与原实现逐状态相同：原实现对每个状态在全部前一状态里取最大值，没有转移的前一状态得分是负无穷；这里只看
    有转移的前一状态（每个状态平均 20 个，而前一步常有上百个状态），都没有时才退回原来的写法。"""
    states, start_p, trans_p, emit_p = _hmm_model()
    pred = _predecessors()
    V: list[dict] = [{}]
    mem_path: list[dict] = [{}]
    all_states = trans_p.keys()
    for y in states.get(obs[0], all_states):
        V[0][y] = start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
        mem_path[0][y] = ""
    for t in range(1, len(obs)):
        vp = V[t - 1]
        cur: dict = {}
        path: dict = {}
        prev_states = [x for x in mem_path[t - 1].keys() if len(trans_p[x]) > 0]
        prev_expect = {y for x in prev_states for y in trans_p[x].keys()}
        obs_states = set(states.get(obs[t], all_states)) & prev_expect
        if not obs_states:
            obs_states = prev_expect if prev_expect else all_states
        ch = obs[t]
        for y in obs_states:
            em = emit_p[y].get(ch, _MIN_FLOAT)
            cands = [(vp[y0] + p + em, y0) for y0, p in pred.get(y, ()) if y0 in vp]
            if cands:
                prob, state = max(cands)
            else:
                prob, state = max((vp[y0] + trans_p[y0].get(y, _MIN_INF) + em, y0) for y0 in prev_states)
            cur[y] = prob
            path[y] = state
        V.append(cur)
        mem_path.append(path)
    _prob, state = max((V[-1][y], y) for y in mem_path[-1].keys())
    route: list = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = mem_path[i][state]
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
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
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
    digest = hashlib.md5(src.read_bytes()).hexdigest()[:12]  # 按词典内容命名：换了词典就换缓存
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
    """加载词频表并让 rjieba 完成初始化。"""
    _load()
    cut("预热")


def iter_words() -> Iterator[tuple[str, int, str]]:
    """词典全部词条（词、词频、词性），供离线构建数据用。"""
    trie = _load()
    for word, (f, flag) in trie.items():
        yield word, f, flag.rstrip(b"\0").decode("ascii")
