"""在开发集上选 typo.stat 的阈值：SIGHAN 2014 test（pairs_simplified/test14）与 SIGHAN 2015 train 的后 20%（留出）。

只看开发集，从不看 SIGHAN 2015 test 与 ECSpell test。打印每组（阈值, 先验权重）的宽松纠错 F1 与无错句误报。
用法：RONGMEI_SHARED_DATA=... .venv/bin/python bench/proofing/tune_stat.py
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import data_dir, score_csc

from rongmei.engines.proofing import Engine
from rongmei.engines.proofing.rules import statistical

GRID_T = tuple(float(x) for x in (sys.argv[1] if len(sys.argv) > 1 else "4,6,8").split(","))
GRID_W = tuple(float(x) for x in (sys.argv[2] if len(sys.argv) > 2 else "0,1").split(","))


def pairs(base: Path, name: str) -> list[tuple[str, str]]:
    err = (base / f"{name}_error.txt").read_text(encoding="utf-8").split("\n")
    cor = (base / f"{name}_correct.txt").read_text(encoding="utf-8").split("\n")
    return [(a, b) for a, b in zip(err, cor, strict=False) if a and len(a) == len(b)]


def main() -> int:
    base = data_dir() / "sighan-csc/pairs_simplified"
    dev = pairs(base, "test14")
    held = pairs(base, "train15")
    held = held[int(len(held) * 0.8) :]
    engine = Engine(packs=["typo", "statistical"])
    for t, w in itertools.product(GRID_T, GRID_W):
        statistical.THRESHOLD, statistical.PAIR_WEIGHT = t, w
        run_defaults = statistical.run.__defaults__
        statistical.run.__defaults__ = (t, w)
        r1 = score_csc(engine, dev)
        r2 = score_csc(engine, held)
        statistical.run.__defaults__ = run_defaults
        print(f"T={t} w={w} dev14 lenient-cor F1 {r1['lenient_correction']['f1']:.3f} "
              f"(P {r1['lenient_correction']['precision']:.3f} R {r1['lenient_correction']['recall']:.3f}) "
              f"sighan-det F1 {r1['sighan_detection']['f1']:.3f} | held-out train15 lenient F1 "
              f"{r2['lenient_correction']['f1']:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
