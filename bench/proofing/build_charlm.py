"""训练统计纠错层用的字级 4 元语言模型（插值 Kneser-Ney，按次数剪枝），写成
内存映射文件 ``packs/charlm.keys.npy`` / ``charlm.vals.npy`` / ``charlm.vocab.txt``（读取见
``rongmei/engines/proofing/charlm.py``）。

语料（都是 rongmei 可以再分发的文本）：

* 中国的法律、行政法规、司法解释、部门规章与地方性法规的正文：按《著作权法》第五条，法律、法规，国家机关的决议、
  决定、命令和其他具有立法、行政、司法性质的文件及其官方正式译文不适用该法（不受著作权保护）。取自 GitHub
  仓库 LawRefBook/Laws（该仓库没有许可证文件；我们只用其中的法规正文，不用、也不提交它的任何代码或文件）。
  用 ``fetch`` 拿到的 git 目录或一个检出目录作为参数传入；``案例`` 目录（裁判文书摘编）与 ``其他`` 不用。
* 训练集的正确句（MIT）：SIGHAN 2013/2014 train、2015 train 前 80%（``pairs_simplified``）、ECSpell law/med/odw
  train——与 ``build_packs.py`` 用的训练划分相同。**不用**任何测试集、开发集（SIGHAN 2014 test、2015 train 后 20%、
  gen_xxqg）或人民日报/学习强国无错句（误报测试集）。

* 可选的追加语料（``--extra 目录:文件``，可给多次）：同样只收国家机关具有立法、行政性质的文件正文（见
  ``docs/proofing.md``）。``.jsonl`` 取每行的 ``content`` 字段，``.txt`` / ``.md`` 取全文；按行切分、去重、去掉
  繁体行后接在法规文本后面。不给 ``--extra`` 时输出与以前逐字节相同。

用法::

    python bench/proofing/build_charlm.py /work/.mirror/LawRefBook+Laws/repo   # git 目录（读 HEAD）或检出目录
    python bench/proofing/build_charlm.py LAWS --extra /work/.mirror/aldohemsn+chinese-political-corpora/repo:government_work_reports.jsonl

字表：出现 ≥ ``MIN_CHAR`` 次的字；数字归为“0”，拉丁字母归为“A”，空白与少见字归为 <unk>；每行（段落）前后加 <s>。
剪枝：1、2 元全留；3、4 元留原始次数 ≥ ``MIN3`` / ``MIN4`` 的（开发集上，不剪枝的 569 万个 n 元组、57 MB 的模型
与剪到 186 万个、18.6 MB 的宽松 F1 相差 ≤ 0.005——这是修正折扣计算之前比的）。概率按未剪枝的插值修正 KN 算好后写成
ARPA 式的“概率 + 回退权重”，对数（自然对数）概率量化为 uint8（步长 ``QSTEP``）。
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
PACKS = REPO / "rongmei" / "engines" / "proofing" / "packs"
sys.path.insert(0, str(Path(__file__).resolve().parent))

ORDER = 4
BITS = 15  # 每个字的编号占 15 位，4 元组正好装进 60 位
MIN_CHAR = 2
MIN3 = 3
MIN4 = 3
QSTEP = 0.08  # 量化步长（自然对数）；uint8 覆盖 0 … -20.4
LAW_DIRS = ("宪法", "宪法相关法", "民法典", "民法商法", "行政法", "经济法", "社会法", "刑法", "诉讼与非诉讼程序法",
            "行政法规", "司法解释", "部门规章", "DLC")

PAD, BOS, UNK = 0, 1, 2


def _law_files_git(gitdir: Path) -> tuple[str, list[str]]:
    def git(*args: str, **kw) -> bytes:
        return subprocess.run(["git", "-C", str(gitdir), "-c", "core.quotepath=off", *args], check=True,
                              capture_output=True, **kw).stdout

    head = git("rev-parse", "HEAD").decode().strip()
    paths = [p for p in git("ls-tree", "-r", "--name-only", "-z", "HEAD").decode().split("\0")
             if p.endswith(".md") and p.split("/", 1)[0] in LAW_DIRS and not p.endswith("_index.md")]
    req = "".join(f"HEAD:{p}\n" for p in paths).encode()
    out = git("cat-file", "--batch", input=req)
    texts, i = [], 0
    for _ in paths:
        nl = out.index(b"\n", i)
        size = int(out[i:nl].split()[2])
        texts.append(out[nl + 1 : nl + 1 + size].decode("utf-8", "replace"))
        i = nl + 1 + size + 1
    return head, texts


def _law_files_dir(root: Path) -> tuple[str, list[str]]:
    texts = []
    for d in LAW_DIRS:
        for p in sorted((root / d).rglob("*.md")):
            if p.name != "_index.md":
                texts.append(p.read_text(encoding="utf-8", errors="replace"))
    return "(checkout)", texts


_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD = re.compile(r"^\s*(#+|[-*>]|\d+\.)\s+")


def strip_markdown(md: str) -> list[str]:
    md = _COMMENT.sub("", _FRONT.sub("", md))
    out = []
    for line in md.split("\n"):
        line = _MD.sub("", line).replace("**", "").strip()
        if line and not line.startswith(("|", "```")) and sum("\u4e00" <= c <= "\u9fff" for c in line) >= 4:
            out.append(line)
    return out


# 只在繁体里出现、简体规范字里不用的常见字；一行里有 2 个及以上就当繁体行丢掉（1954、1957 年报告等）
_TRAD = frozenset("們國會議關於並經過這個為來時說對進發動產業實現義點東應歷當內與從區將總書結問題長開無")


def _extra_texts(spec: str) -> tuple[str, str, list[str]]:
    """``目录:文件``（目录是 git 目录时读 HEAD）。返回 (提交, 文件, 文本列表)。"""
    root_s, _, rel = spec.rpartition(":")
    root = Path(root_s)
    if (root / "HEAD").exists() and (root / "objects").is_dir():
        def git(*args: str) -> bytes:
            return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True).stdout

        commit = git("rev-parse", "HEAD").decode().strip()
        raw = git("show", f"HEAD:{rel}").decode("utf-8", "replace")
    else:
        commit, raw = "(checkout)", (root / rel).read_text(encoding="utf-8", errors="replace")
    if rel.endswith(".jsonl"):
        docs = [json.loads(x)["content"] for x in raw.splitlines() if x.strip()]
    else:
        docs = [raw]
    return commit, rel, docs


def extra_lines(md: str) -> list[str]:
    out = []
    for line in strip_markdown(md.replace("\u3000", " ").replace("\u200b", "").replace("\u200d", "")):
        if sum(c in _TRAD for c in line) < 2:
            out.append(line)
    return out


def train_sentences(data: Path) -> list[str]:
    out = []
    base = data / "sighan-csc/pairs_simplified"
    for year in ("13", "14", "15"):
        cor = (base / f"train{year}_correct.txt").read_text(encoding="utf-8").split("\n")
        if year == "15":
            cor = cor[: int(len(cor) * 0.8)]  # 后 20% 是开发集（tune_stat.py）
        out += [s for s in cor if s]
    for dom in ("odw", "law", "med"):
        for line in (data / "ecspell" / f"{dom}.train.tsv").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                out.append(parts[2])
    return out


_DIGIT = re.compile(r"[0-9０-９]")
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")


def normalise(s: str) -> str:
    """训练与查询共用的规范化（与 ``charlm.normalise`` 相同）。"""
    return _LATIN.sub("A", _DIGIT.sub("0", s))


def counts(ids: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """所有不跨行（不含 PAD）的 n 元组的编码与次数。编码 = 各字编号按 15 位拼起来，历史在高位。"""
    m = len(ids) - n + 1
    code = np.zeros(m, dtype=np.uint64)
    ok = np.ones(m, dtype=bool)
    for k in range(n):
        part = ids[k : k + m]
        code = (code << np.uint64(BITS)) | part.astype(np.uint64)
        ok &= part != PAD
        if k > 0:
            ok &= part != BOS  # 行首 <s> 只能在最前
    return np.unique(code[ok], return_counts=True)


def kn(ngrams: dict[int, tuple[np.ndarray, np.ndarray]], vocab_size: int):
    """插值修正 KN。返回每阶 (编码, 对数概率, 回退权重的对数)。低阶用接续次数（以 <s> 开头的用原始次数）。"""
    mask = np.uint64((1 << BITS) - 1)
    adj: dict[int, np.ndarray] = {}
    for n in range(1, ORDER + 1):
        codes, raw = ngrams[n]
        if n == ORDER:
            adj[n] = raw.astype(np.float64)
            continue
        hi_codes = ngrams[n + 1][0]
        suffix = hi_codes & np.uint64((1 << (BITS * n)) - 1)
        su, sc = np.unique(suffix, return_counts=True)
        cont = np.zeros(len(codes))
        idx = np.searchsorted(codes, su)
        cont[idx] = sc
        first = codes >> np.uint64(BITS * (n - 1))
        a = np.where(first == BOS, raw, cont).astype(np.float64)
        a[a == 0] = raw[a == 0]
        adj[n] = a
    out = {}
    prev_lp = None
    for n in range(1, ORDER + 1):
        codes, _ = ngrams[n]
        a = adj[n]
        ai = np.rint(a).astype(np.int64)
        nc = np.bincount(np.minimum(ai, 5), minlength=6)  # nc[k]：次数恰为 k 的 n 元组数（k ≤ 4）
        ci = np.clip(ai, 0, 3)
        y = nc[1] / (nc[1] + 2 * nc[2])
        disc = np.array([0.0, 1 - 2 * y * nc[2] / nc[1], 2 - 3 * y * nc[3] / nc[2], 3 - 4 * y * nc[4] / nc[3]])
        disc = np.clip(disc, 0, None)
        print(f"  order {n}: discounts {np.round(disc[1:], 3).tolist()}", flush=True)
        d = disc[ci]
        ctx = codes >> np.uint64(BITS)
        uctx, inv = np.unique(ctx, return_inverse=True)
        tot = np.bincount(inv, weights=a)
        gam = np.maximum(np.bincount(inv, weights=d) / tot, 1e-6)
        if n == 1:
            lower = np.full(len(codes), 1.0 / vocab_size)
        else:
            lcodes, llp = out[n - 1][0], out[n - 1][1]
            lower = np.exp(llp[np.searchsorted(lcodes, codes & np.uint64((1 << (BITS * (n - 1))) - 1))])
        p = (a - d) / tot[inv] + gam[inv] * lower
        lp = np.log(p)
        out[n] = [codes, lp, uctx, np.log(gam)]
        prev_lp = lp
    del prev_lp, mask
    # 回退权重放到“作为历史的那个 n 元组”上
    res = {}
    for n in range(1, ORDER + 1):
        codes, lp = out[n][0], out[n][1]
        bow = np.zeros(len(codes))
        if n < ORDER:
            uctx, lg = out[n + 1][2], out[n + 1][3]
            idx = np.searchsorted(codes, uctx)
            bow[idx] = lg
        res[n] = (codes, lp, bow)
    return res


def main() -> int:
    from build_packs import data_dir

    ap = argparse.ArgumentParser()
    ap.add_argument("laws", type=Path, help="LawRefBook/Laws 的 git 目录（读 HEAD）或检出目录")
    ap.add_argument("--out", type=Path, default=PACKS)
    ap.add_argument("--extra", action="append", default=[], metavar="目录:文件",
                    help="追加的国家机关文件语料（.jsonl 的 content 字段，或 .txt / .md 全文）；可给多次")
    args = ap.parse_args()
    if (args.laws / "HEAD").exists() and (args.laws / "objects").is_dir():
        commit, docs = _law_files_git(args.laws)
    else:
        commit, docs = _law_files_dir(args.laws)
    lines: list[str] = []
    seen: set[str] = set()
    for md in docs:
        for line in strip_markdown(md):
            if line not in seen:  # 同一法规的多个版本大部分条文相同，去重
                seen.add(line)
                lines.append(line)
    n_law = len(lines)
    law_chars = sum(map(len, lines))
    extras = []
    for spec in args.extra:
        ecommit, rel, edocs = _extra_texts(spec)
        before, chars0 = len(lines), sum(map(len, lines))
        for md in edocs:
            for line in extra_lines(md):
                if line not in seen:
                    seen.add(line)
                    lines.append(line)
        extras.append({"commit": ecommit, "file": rel, "docs": len(edocs), "lines": len(lines) - before,
                       "chars": sum(map(len, lines)) - chars0})
        print(f"extra {rel} @ {ecommit}: {len(edocs)} docs, {len(lines) - before} distinct lines, "
              f"{extras[-1]['chars']:,} chars", flush=True)
    train = train_sentences(data_dir())
    lines += train
    text = normalise("\n".join(lines))
    freq = collections.Counter(text)
    chars = sorted(c for c, k in freq.items() if k >= MIN_CHAR and not c.isspace())
    assert len(chars) + 3 < (1 << BITS)
    cid = {c: i + 3 for i, c in enumerate(chars)}
    table = np.full(0x110000, UNK, dtype=np.uint16)
    for c, i in cid.items():
        table[ord(c)] = i
    table[ord("\n")] = BOS
    cps = np.frombuffer(("\n" + text + "\n").encode("utf-32-le"), dtype=np.uint32)
    ids = table[cps].astype(np.uint64)
    # 每行以 <s> 开头；行与行之间插 PAD 断开，使 n 元组不跨行（不建模句尾）
    bos = np.flatnonzero(ids == BOS)
    seq = np.insert(ids, bos[1:], PAD)
    seq = np.insert(seq, len(seq), PAD)
    print(f"laws commit {commit}: {len(docs)} files, {n_law} distinct lines, {law_chars:,} chars; "
          f"train sentences {len(train)}; vocab {len(chars)}; tokens {len(seq):,}", flush=True)
    ngrams = {n: counts(seq, n) for n in range(1, ORDER + 1)}
    for n in ngrams:
        print(f"  {n}-grams: {len(ngrams[n][0]):,}", flush=True)
    model = kn(ngrams, len(chars) + 3)
    keys, lps, bows = [], [], []
    for n in range(1, ORDER + 1):
        codes, lp, bow = model[n]
        raw = ngrams[n][1]
        keep = np.ones(len(codes), dtype=bool)
        if n == 3:
            keep = raw >= MIN3
        elif n == 4:
            keep = raw >= MIN4
        # 标记阶数：最高位之上不会有字，用第 61–63 位存阶数，使不同阶的编码不冲突且整体有序
        keys.append(codes[keep] | (np.uint64(n) << np.uint64(61)))
        lps.append(lp[keep])
        bows.append(bow[keep])
        print(f"  order {n}: kept {int(keep.sum()):,}", flush=True)
    key = np.concatenate(keys)
    order = np.argsort(key, kind="stable")
    key = key[order]
    q = lambda x: np.clip(np.rint(-x / QSTEP), 0, 255).astype(np.uint8)  # noqa: E731
    vals = np.stack([q(np.concatenate(lps)[order]), q(np.concatenate(bows)[order])], axis=1)
    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "charlm.keys.npy", key)
    np.save(args.out / "charlm.vals.npy", vals)
    meta = {"order": ORDER, "bits": BITS, "qstep": QSTEP, "min_char": MIN_CHAR, "min3": MIN3, "min4": MIN4,
            "laws_commit": commit, "law_files": len(docs), "law_lines": n_law, "law_chars": law_chars,
            **({"extra": extras} if extras else {}),
            "train_sentences": len(train), "ngrams": int(len(key)),
            "sha1_keys": hashlib.sha1(key.tobytes()).hexdigest()[:12]}
    (args.out / "charlm.vocab.txt").write_text(
        "# " + json.dumps(meta, ensure_ascii=False) + "\n" + "".join(chars) + "\n", encoding="utf-8")
    size = sum((args.out / f).stat().st_size for f in ("charlm.keys.npy", "charlm.vals.npy", "charlm.vocab.txt"))
    print(f"wrote {len(key):,} n-grams, {size / 1e6:.1f} MB", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
