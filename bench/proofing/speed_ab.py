"""快路径（或深层、全部默认）的单进程 CPU 速度，用来在同一负载下交替比较两份代码（例如 main 与一个分支的工作树）。

用法：``.venv/bin/python bench/proofing/speed_ab.py ROOT fast|deep|all``，ROOT 是要测的代码所在目录（含 ``rongmei/``）。
数据：``$RONGMEI_SHARED_DATA/macro-correct-eval/acc_rmrb.tet.json`` 与 ``acc_xxqg.tet.json``（9,636 句）。
每次计时前清空按输入串缓存的结果（词性 HMM、状语词判断），两次计时，打印句/秒与当时的负载。
交替跑：``for i in 1 2 3; do for r in /work/main /work/wt/x; do python bench/proofing/speed_ab.py $r fast; done; done``
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

root = sys.argv[1]
which = sys.argv[2] if len(sys.argv) > 2 else "fast"
sys.path.insert(0, root)

from rongmei.engines.proofing import PACK_NAMES, Engine, words  # noqa: E402

data = Path(os.environ.get("RONGMEI_SHARED_DATA", "/work/shared/data")) / "macro-correct-eval"
sents = [x["original_text"] for name in ("acc_rmrb.tet.json", "acc_xxqg.tet.json")
         for x in json.loads((data / name).read_text(encoding="utf-8"))]
if which == "fast":
    eng = Engine(packs=[p for p in PACK_NAMES if p != "statistical"])
elif which == "deep":
    eng = Engine(packs=["statistical"])
else:
    eng = Engine()
eng.warm()


def clear() -> None:
    for fn in (getattr(words, "_viterbi", None),):
        if hasattr(fn, "cache_clear"):
            fn.cache_clear()
    from rongmei.engines.proofing.rules import grammar

    if hasattr(grammar._is_adverbial_word, "cache_clear"):
        grammar._is_adverbial_word.cache_clear()


rates = []
for _ in range(2):
    clear()
    c0 = time.process_time()
    for s in sents:
        eng.check(s)
    rates.append(len(sents) / (time.process_time() - c0))
print(Path(root).name, which, [round(r) for r in rates], f"load {os.getloadavg()[0]:.2f}")
