"""KPI 引擎基准：生成 20 万条确定性事实，分别计时解析与全年评估。

    .venv/bin/python bench/kpi/run.py [--facts 200000] [--repeat 5] [--contract anyuan-employment]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rongmei.engines.kpi import evaluate, load_template, parse_jsonl

PLATFORMS = ["douyin", "channels", "wechat", "weibo", "kuaishou", "toutiao", "baijiahao", "beijinghao", "website"]
METRICS = ["plays", "reads", "likes", "shares", "comments", "favorites", "followers_gained", "followers_lost", "airings"]


def generate(n: int, start: dt.date = dt.date(2025, 1, 1), seed: int = 20251122) -> list[str]:
    """确定性生成 n 条事实（JSON Lines 文本行）。"""
    rng = random.Random(seed)
    days = [(start + dt.timedelta(days=i)).isoformat() for i in range(365)]
    lines: list[str] = []
    dumps = json.dumps
    total = 0
    for plat in PLATFORMS:  # 每平台每天每个指标一条
        for d in days:
            for name in METRICS:
                lines.append(dumps({"type": "metric", "date": d, "platform": plat, "name": name,
                                    "value": rng.randint(0, 8000)}))
            lines.append(dumps({"type": "metric", "date": d, "platform": plat, "name": "followers_total",
                                "value": 50000 + total}))
            total += rng.randint(0, 60)
    for d in days:  # 每天 0–1 场抖音直播
        if rng.random() < 0.45:
            lines.append(dumps({"type": "live_session", "date": d, "platform": "douyin",
                                "minutes": rng.randint(60, 180), "viewers": rng.randint(300, 2500)}))
    kinds = ["short_video", "article", "poster", "news_brief", "infographic"]
    i = 0
    while len(lines) < n:
        d = days[rng.randrange(365)]
        i += 1
        if i % 10 == 0:
            lines.append(dumps({"type": "deliverable", "date": d, "kind": rng.choice(kinds[2:]), "item": f"D{i}"}))
        else:
            plat = PLATFORMS[rng.randrange(len(PLATFORMS))]
            lines.append(dumps({"type": "publication", "date": d, "platform": plat, "kind": rng.choice(kinds[:2]),
                                "item": f"P{i}", "url": f"https://example.org/{plat}/{i}", "original": i % 3 == 0}))
    rng.shuffle(lines)
    return lines[:n]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--facts", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--contract", default="anyuan-employment")
    ap.add_argument("--as-of", default=None, help="缺省为服务期最后一天")
    args = ap.parse_args()
    contract = load_template(args.contract)
    lines = generate(args.facts, contract.start)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
        path = Path(fh.name)
    raw = path.read_bytes()
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else contract.end
    parse_times, eval_times, eval_noseries = [], [], []
    facts = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        facts = parse_jsonl(raw, source=path.name)
        parse_times.append(time.perf_counter() - t0)
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        ev = evaluate(contract, facts, as_of=as_of, period="annual")
        eval_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        evaluate(contract, facts, as_of=as_of, period="annual", include_series=False)
        eval_noseries.append(time.perf_counter() - t0)
    path.unlink()
    print(f"contract={args.contract} facts={len(facts)} file={len(raw) / 1e6:.1f} MB repeat={args.repeat}")
    print(f"parse     median {statistics.median(parse_times):.3f} s  (min {min(parse_times):.3f})")
    print(f"evaluate  median {statistics.median(eval_times):.3f} s  (min {min(eval_times):.3f})  with series+evidence")
    print(f"evaluate  median {statistics.median(eval_noseries):.3f} s  (min {min(eval_noseries):.3f})  without series")
    print(f"score={ev.score} passed={ev.passed} payment_ratio={ev.payment_ratio} used={ev.facts_used}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
