"""政务留言标注集上的分类、情感、紧急标记准确率（按类别的精确率 / 召回率）。

    .venv/bin/python bench/textclass/eval_gov.py [--split test|train|all] [--errors]

数据：bench/textclass/gov_messages.tsv（见 bench/textclass/README.md）。调规则只看 train 部分。
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from rongmei.engines.textclass import CATEGORY_LABELS, SENTIMENT_LABELS, classify  # noqa: E402

DATA = Path(__file__).parent / "gov_messages.tsv"


def load(split: str) -> list[dict]:
    with open(DATA, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if split == "all" or r["split"] == split]


def prf(gold: list[str], pred: list[str], labels) -> list[tuple[str, int, float, float]]:
    out = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        n_pred = sum(1 for p in pred if p == lab)
        n_gold = sum(1 for g in gold if g == lab)
        out.append((lab, n_gold, tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0))
    return out


def evaluate(split: str, show_errors: bool = False) -> dict:
    rows = load(split)
    results = [classify(r["text"]) for r in rows]
    cat_gold = [r["category"] for r in rows]
    cat_pred = [c.category for c in results]
    sen_gold = [r["sentiment"] for r in rows]
    sen_pred = [c.sentiment.label for c in results]
    urg_gold = [r["urgent"] == "1" for r in rows]
    urg_pred = [c.urgent for c in results]
    n = len(rows)
    report = {
        "n": n,
        "category_accuracy": sum(g == p for g, p in zip(cat_gold, cat_pred, strict=True)) / n,
        "category_prf": prf(cat_gold, cat_pred, CATEGORY_LABELS),
        "sentiment_accuracy": sum(g == p for g, p in zip(sen_gold, sen_pred, strict=True)) / n,
        "sentiment_prf": prf(sen_gold, sen_pred, SENTIMENT_LABELS),
        "urgent_prf": prf(urg_gold, urg_pred, [True]),
    }
    if show_errors:
        for r, c in zip(rows, results, strict=True):
            bad = []
            if c.category != r["category"]:
                bad.append(f"类别 {r['category']}→{c.category}")
            if c.sentiment.label != r["sentiment"]:
                bad.append(f"情感 {r['sentiment']}→{c.sentiment.label}")
            if c.urgent != (r["urgent"] == "1"):
                bad.append(f"紧急 {r['urgent']}→{int(c.urgent)}")
            if bad:
                print(" / ".join(bad), "|", r["text"], "|", "；".join(c.reasons))
    return report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", choices=["test", "train", "all"])
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    rep = evaluate(args.split, args.errors)
    print(f"政务留言集 {args.split}：{rep['n']} 条")
    print(f"类别准确率 {rep['category_accuracy']:.3f}")
    print("类别\t条数\t精确率\t召回率")
    for lab, n, p, r in rep["category_prf"]:
        print(f"{CATEGORY_LABELS[lab]}\t{n}\t{p:.3f}\t{r:.3f}")
    print(f"情感准确率 {rep['sentiment_accuracy']:.3f}")
    for lab, n, p, r in rep["sentiment_prf"]:
        print(f"{SENTIMENT_LABELS[lab]}\t{n}\t{p:.3f}\t{r:.3f}")
    _, n, p, r = rep["urgent_prf"][0]
    print(f"紧急\t{n}\t{p:.3f}\t{r:.3f}")


if __name__ == "__main__":
    main()
