"""演示事实生成器（contracts.demo.facts.generate）的耗时：三份合同模板，截至演示日期。

`rongmei demo` 每次生成两遍（合同事实导入、直播场次），测试里每次 load_demo 也一样。
用法： .venv/bin/python bench/contracts/demo_facts.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings")
os.environ.setdefault("RONGMEI_TESTING", "1")

import django  # noqa: E402

django.setup()

from rongmei.contracts.demo.facts import generate  # noqa: E402
from rongmei.engines.kpi import load_template  # noqa: E402

CASES = (("anyuan-employment", dt.date(2025, 9, 30)), ("inner-mongolia-dpf-2025", dt.date(2025, 12, 31)),
         ("beijing-planning-2023", dt.date(2024, 6, 30)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"负载 {os.getloadavg()[0]:.1f}")
    for tid, until in CASES:
        contract = load_template(tid)
        wall, cpu, n = [], [], 0
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            n = len(generate(contract, until=until, seed="bench"))
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        print(f"{tid}: {n} 条，墙钟中位数 {statistics.median(wall) * 1000:.0f} ms，CPU {statistics.median(cpu) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
