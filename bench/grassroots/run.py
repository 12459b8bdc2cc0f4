"""基层线索排行页的性能基准（不是测试断言）。

    RONGMEI_DATA_DIR=/tmp/rm-gbench .venv/bin/python bench/grassroots/run.py --contributors 2000 --clues 100000

在一个工作区里批量写入：12 个盟市 × 8 个旗县 × 3 个乡镇（共 396 个单位）、N 名基层人员、M 条线索（报送时间在近 12 个月均匀
分布；约一半采用、其中七成已发布），以及对应的积分流水（采用 +5、发布 +10，约 8.5 万条）。然后用 Django 测试客户端
以数据分析身份打开排行页（按人员、按单位、按盟市汇总，线索最多的月份）与 Excel 导出各 --repeat 次，报告墙钟与进程
CPU 的 p50 / p95（毫秒）和当时的负载（uptime）。已写过数据的库不重复写入。
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings")
os.environ.setdefault("RONGMEI_OTP_REQUIRED_ROLES", "")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

SLUG = "gr-bench"


def load() -> str:
    return os.getloadavg().__repr__()


def setup(contributors: int, clues: int):
    from rongmei.accounts.models import User
    from rongmei.grassroots import services
    from rongmei.grassroots.models import Clue, Member, PointEntry
    from rongmei.workspaces.models import Membership, Workspace

    call_command("migrate", verbosity=0)
    ws = Workspace.objects.filter(slug=SLUG).first() or Workspace.objects.create(slug=SLUG, name="基准工作区",
                                                                                client_name="基准甲方")
    user = User.objects.filter(username="gr-bench-analyst").first()
    if user is None:
        user = User(username="gr-bench-analyst", display_name="数据分析", must_change_password=False)
        user.set_password("Bench@2026x")
        user.save()
        Membership.objects.create(user=user, workspace=ws, role="analyst")
    if Clue.objects.filter(workspace=ws).exists():
        return ws, user
    t0 = time.perf_counter()
    towns = []
    for i in range(12):
        lg = services.unit_save(actor=None, workspace=ws, name=f"盟市{i}", kind="league", population=2_000_000)
        for j in range(8):
            b = services.unit_save(actor=None, workspace=ws, name=f"旗县{i}-{j}", kind="banner", parent=lg)
            for k in range(3):
                towns.append(services.unit_save(actor=None, workspace=ws, name=f"乡镇{i}-{j}-{k}", kind="township",
                                                parent=b))
    rng = random.Random(7)
    Member.objects.bulk_create([Member(workspace=ws, unit=towns[i % len(towns)], name=f"供稿员{i:04d}")
                                for i in range(contributors)], batch_size=2000)
    members = list(Member.objects.filter(workspace=ws))
    now = timezone.now()
    rows = []
    for i in range(clues):
        m = rng.choice(members)
        at = now - dt.timedelta(days=rng.randint(0, 364), minutes=rng.randint(0, 1440))
        r = rng.random()
        status = "adopted" if r < 0.5 else "rejected" if r < 0.8 else "submitted"
        published = at + dt.timedelta(days=2) if status == "adopted" and rng.random() < 0.7 else None
        rows.append(Clue(workspace=ws, member=m, unit_id=m.unit_id, title=f"线索{i}", body="内容", place="乡镇",
                         happened_on=at.date(), contact="电话", consent_publish=True, rights_holder="本人",
                         status=status, published_at=published, created_at=at))
    # 报送时间按上面随机生成的时间写入（模型的 auto_now_add 会把它改成“现在”，基准里关掉它）
    Clue._meta.get_field("created_at").auto_now_add = False
    Clue.objects.bulk_create(rows, batch_size=5000)
    entries = []
    for c in Clue.objects.filter(workspace=ws, status="adopted").only("pk", "member_id", "unit_id", "created_at",
                                                                      "published_at"):
        d = timezone.localtime(c.created_at).date()
        entries.append(PointEntry(workspace=ws, member_id=c.member_id, unit_id=c.unit_id, kind="adopted", points=5,
                                  clue_id=c.pk, reason="采用", month=f"{d.year:04d}-{d.month:02d}"))
        if c.published_at:
            p = timezone.localtime(c.published_at).date()
            entries.append(PointEntry(workspace=ws, member_id=c.member_id, unit_id=c.unit_id, kind="published",
                                      points=10, clue_id=c.pk, reason="发布", month=f"{p.year:04d}-{p.month:02d}"))
    PointEntry.objects.bulk_create(entries, batch_size=5000)
    print(f"写入 {len(towns) + 12 * 9} 个单位、{contributors} 人、{clues} 条线索、{len(entries)} 条积分："
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    return ws, user


def measure(client: Client, url: str, repeat: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    client.get(url)  # 预热（模板、连接）
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        r = client.get(url)
        walls.append((time.perf_counter() - w0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    return walls, cpus


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[-1] if len(xs) >= 2 else xs[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contributors", type=int, default=2000)
    ap.add_argument("--clues", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    from rongmei.grassroots.models import Clue, PointEntry

    ws, user = setup(args.contributors, args.clues)
    from django.db.models import Count

    busiest = PointEntry.objects.filter(workspace=ws).values("month").annotate(n=Count("id")).order_by("-n")[0]
    month = busiest["month"]
    print(f"工作区：{Clue.objects.filter(workspace=ws).count()} 条线索，{PointEntry.objects.filter(workspace=ws).count()}"
          f" 条积分；测量月份 {month}（该月积分 {busiest['n']} 条）", flush=True)
    client = Client()
    client.force_login(user)
    base = f"/w/{SLUG}/grassroots/"
    print(f"{'页面':<24}{'墙钟 p50':>10}{'墙钟 p95':>10}{'CPU p50':>10}{'CPU p95':>10}  负载(1/5/15 分钟)")
    for label, url in (("排行·按人员", f"{base}?month={month}&by=member"),
                       ("排行·按单位", f"{base}?month={month}&by=unit"),
                       ("排行·按盟市汇总", f"{base}?month={month}&by=top"),
                       ("排行·按人员第 20 页", f"{base}?month={month}&by=member&page=20"),
                       ("排行 Excel 导出", f"{base}rankings.xlsx?month={month}")):
        walls, cpus = measure(client, url, args.repeat)
        print(f"{label:<24}{statistics.median(walls):>10.0f}{p95(walls):>10.0f}{statistics.median(cpus):>10.0f}"
              f"{p95(cpus):>10.0f}  {load()}", flush=True)


if __name__ == "__main__":
    main()
