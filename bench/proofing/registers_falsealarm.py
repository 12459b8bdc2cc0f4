"""登记表（领导职务姓名、落马官员）在无错新闻句上的发现：改登记表前后对比用。

只启用 ``fallen_official`` 与 ``leader_title`` 两类，文章日期取今天，逐条列出发现。
用法（数据目录见 bench/README.md）::

    RONGMEI_SHARED_DATA=/work/shared/data .venv/bin/python bench/proofing/registers_falsealarm.py
    # 与旧登记表对比：把旧的两个 YAML 连同其他规则包放进一个目录
    .venv/bin/python bench/proofing/registers_falsealarm.py --packs-dir /tmp/oldpacks
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from rongmei.engines.proofing import Engine
    from rongmei.engines.proofing import packs as P

    ap = argparse.ArgumentParser()
    ap.add_argument("--packs-dir", help="用这个目录里的规则包代替随包发布的（对比旧登记表）")
    args = ap.parse_args()
    data = Path(os.environ.get("RONGMEI_SHARED_DATA", ROOT.parent / "shared/data")) / "macro-correct-eval"
    if args.packs_dir:
        P.PACK_DIR = Path(args.packs_dir)
        P.load_yaml.cache_clear()
    sents: list[str] = []
    for name in ("acc_rmrb.tet.json", "acc_xxqg.tet.json"):
        sents += [x["original_text"] for x in json.loads((data / name).read_text(encoding="utf-8"))]
    print("load average at start:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    t0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_utime
    engine = Engine(packs=["fallen_official", "leader_title"])
    today = dt.date.today().isoformat()
    hits = [(f.rule, f.text, s[max(0, f.start - 10) : f.end + 10]) for s in sents for f in engine.check(s, date=today)]
    wall, cpu = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_utime - c0
    print(f"{len(sents)} 句，{len(hits)} 条发现（墙钟 {wall:.2f} s，进程 CPU {cpu:.2f} s）")
    for rule, text, ctx in hits:
        print(f"  {rule}\t{text}\t⟨{ctx}⟩")
    print("load average at end:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
