"""把一份代码在固定句子上的全部发现逐条写出来，用于改动前后逐字节比较（提速不许改变任何发现）。

用法：``.venv/bin/python bench/proofing/findings_ab.py ROOT fast|all OUT``，ROOT 是要测的代码所在目录（含 ``rongmei/``）。
句子：人民日报 + 学习强国无错句（9,636 句，与 ``run.py speed`` 相同）与 SIGHAN 2014 test 错句（``test14_error.txt``）。
每行一句的发现（``Finding.to_dict()`` 的 JSON），最后打印行数、发现数与 SHA-256。比较两份：``cmp A B``。
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

root, which, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, root)

from rongmei.engines.proofing import PACK_NAMES, Engine  # noqa: E402

data = Path(os.environ.get("RONGMEI_SHARED_DATA", "/work/shared/data"))
sents = [x["original_text"] for name in ("acc_rmrb.tet.json", "acc_xxqg.tet.json")
         for x in json.loads((data / "macro-correct-eval" / name).read_text(encoding="utf-8"))]
sents += [s for s in (data / "sighan-csc/pairs_simplified/test14_error.txt").read_text(encoding="utf-8").split("\n") if s]
eng = Engine(packs=[p for p in PACK_NAMES if p != "statistical"]) if which == "fast" else Engine()
n = 0
with open(out_path, "w", encoding="utf-8") as fh:
    for s in sents:
        fs = [f.to_dict() for f in eng.check(s)]
        n += len(fs)
        fh.write(json.dumps(fs, ensure_ascii=False, sort_keys=True) + "\n")
digest = hashlib.sha256(Path(out_path).read_bytes()).hexdigest()[:16]
print(Path(root).name, which, f"{len(sents)} sentences, {n} findings, sha256 {digest}")
