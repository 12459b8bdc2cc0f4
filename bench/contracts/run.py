"""合同页在 20 万条履约事实下的实际耗时（数据库 → 事实 → 评估 → 页面渲染）。

用法（独立数据库，不碰开发库）：
    rm -rf /tmp/rm-cbench && mkdir -p /tmp/rm-cbench
    RONGMEI_DATA_DIR=/tmp/rm-cbench .venv/bin/python bench/contracts/run.py [--facts 200000]

步骤：迁移 → 建工作区并套用 anyuan-employment 模板 → 导入 N 条 facts-v1（确定性生成，与 bench/kpi 相同的生成器）
→ 用 Django 测试客户端请求合同页：首次（冷，含从数据库读事实、解析、评估）、重复（缓存命中）、换考核期、证据页、冻结快照。
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "kpi"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings")
os.environ.setdefault("RONGMEI_HUEY_IMMEDIATE", "1")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facts", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    import run as kpi_bench  # bench/kpi/run.py 的确定性生成器

    from rongmei.accounts.models import User
    from rongmei.contracts import services
    from rongmei.workspaces.models import Membership, Workspace

    ws, _ = Workspace.objects.get_or_create(slug="bench", defaults={"name": "基准工作区", "client_name": "甲方"})
    user = User.objects.filter(username="bench").first() or User.objects.create_user("bench", password="x")
    user.must_change_password = False
    user.save()
    Membership.objects.get_or_create(user=user, workspace=ws, defaults={"role": "manager"})
    services.contract_from_template(actor=user, workspace=ws, template_id="anyuan-employment")

    from rongmei.engines.kpi import load_template

    lines = kpi_bench.generate(args.facts, start=load_template("anyuan-employment").start)
    content = ("\n".join(lines) + "\n").encode("utf-8")
    t0 = time.perf_counter()
    services.facts_import(actor=user, workspace=ws, filename="bench.jsonl", content=content)
    t_import = time.perf_counter() - t0

    client = Client()
    client.force_login(user)
    url = f"/w/{ws.slug}/contracts/"

    def timed(path: str) -> float:
        t = time.perf_counter()
        resp = client.get(path)
        assert resp.status_code == 200, (path, resp.status_code)
        return time.perf_counter() - t

    cold = timed(url)
    warm = [timed(url) for _ in range(args.repeat)]
    other = timed(url + "?period=h1")
    services.fact_create(actor=user, workspace=ws, type="award", date="2025-06-01", points=1, note="基准：新增一条")
    after_add = timed(url)
    evidence = timed(url + "evidence/dy_videos/?page=5")
    t = time.perf_counter()
    import datetime as dt

    services.snapshot_create(actor=user, workspace=ws, as_of=dt.date(2025, 12, 31), period="annual")
    t_snap = time.perf_counter() - t
    load = os.getloadavg()[0]
    print(f"facts={args.facts} import={t_import:.2f}s cold_page={cold:.2f}s warm_page_median={statistics.median(warm):.3f}s "
          f"other_period={other:.2f}s after_one_new_fact={after_add:.2f}s evidence_page={evidence:.3f}s snapshot={t_snap:.2f}s load_avg={load:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
