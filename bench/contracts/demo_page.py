"""合同履约页在演示数据上的耗时与大小（北京：22 条义务、约 1.5 万条事实，其中 1.2 万条来自数据应用）。

用法（独立数据库，不碰开发库）：
    rm -rf /tmp/rm-dbench && mkdir -p /tmp/rm-dbench
    RONGMEI_DATA_DIR=/tmp/rm-dbench .venv/bin/python bench/contracts/demo_page.py [--repeat 7]

步骤：迁移 → rongmei demo → 以各工作区的项目经理身份用 Django 测试客户端请求合同页：进程内首次（冷）、
重复打开（缓存命中，取中位数）、页面字节数、SQL 查询数；再请求页面上全部曲线的 JSON（滚动到可见时才取）。
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings")
os.environ.setdefault("RONGMEI_HUEY_IMMEDIATE", "1")

WORKSPACES = {"bj-planning": "bj-manager", "anyuan-jobs": "ay-manager", "nmg-dpf": "nm-manager"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from rongmei.accounts.models import User

    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    call_command("demo", verbosity=0)
    print(f"demo data loaded in {time.perf_counter() - t:.1f}s")

    for slug, username in WORKSPACES.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        url = f"/w/{slug}/contracts/"

        def timed(path: str, client=client) -> tuple[float, int, int]:
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                resp = client.get(path)
                took = time.perf_counter() - start
            assert resp.status_code == 200, (path, resp.status_code)
            return took, len(resp.content), len(queries)

        cold, size, _ = timed(url)
        warm = [timed(url) for _ in range(args.repeat)]
        body = client.get(url).content.decode()
        charts = re.findall(r'data-src="([^"]+)"', body)
        chart_times, chart_bytes = [], 0
        for src in charts:
            took, n, _ = timed(src.replace("&amp;", "&"))
            chart_times.append(took)
            chart_bytes += n
        print(f"{slug}: cold={cold:.2f}s warm_median={statistics.median(w[0] for w in warm):.3f}s "
              f"page={size / 1024:.0f}KB queries={warm[-1][2]} charts={len(charts)} "
              f"chart_json_total={chart_bytes / 1024:.0f}KB chart_median={statistics.median(chart_times or [0]):.3f}s "
              f"load_avg={os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
