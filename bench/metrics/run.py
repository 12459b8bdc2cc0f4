"""数据看板与月度报告的性能基准（不是测试断言）。

    DATABASE_URL=sqlite:////tmp/rm-bench/db.sqlite3 RONGMEI_MEDIA_ROOT=/tmp/rm-bench/media \
        .venv/bin/python bench/metrics/run.py

造数：1 个工作区、20 个账号 × 3 年日数据（每账号每天 10 个指标，约 22 万行原始数据与其汇总）、
5 万条作品数据（ItemStat），其中每 10 条 1 条关联到稿件（ContentItem）与发布记录（平台内容 ID 相同）。
然后通过 Django 测试客户端请求看板（默认 30 天、90 天、单账号、全年）各 30 次取 p50/p95，
并生成一份月度数据报告（Word + Excel，含图表）计时。
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings")
os.environ.setdefault("RONGMEI_HUEY_IMMEDIATE", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

END = dt.date(2025, 11, 30)
START = END - dt.timedelta(days=3 * 365 - 1)
ACCOUNTS = 20
ITEMS = 50_000


def build():
    from rongmei.accounts.models import User
    from rongmei.metrics.models import DailyMetric, ItemStat
    from rongmei.metrics.services import DayValue, _write_daily
    from rongmei.workspaces.models import Membership, OfficialAccount, Platform, Workspace

    ws = Workspace.objects.filter(slug="bench").first()
    if ws is None:
        ws = Workspace.objects.create(slug="bench", name="基准工作区", client_name="基准甲方", period_start=START,
                                      period_end=END)
    user = User.objects.filter(username="bench-analyst").first()
    if user is None:
        user = User.objects.create_user(username="bench-analyst", password="x", display_name="基准分析员",
                                        must_change_password=False)
        Membership.objects.create(user=user, workspace=ws, role="analyst")
    platforms = list(Platform.objects.filter(code__in=["wechat", "douyin", "weibo", "kuaishou", "toutiao"]))
    if DailyMetric.objects.filter(workspace=ws).exists():
        return ws, user
    t0 = time.perf_counter()
    accounts = [OfficialAccount.objects.create(workspace=ws, platform=platforms[i % len(platforms)], name=f"账号{i}")
                for i in range(ACCOUNTS)]
    names = ("plays", "reads", "likes", "shares", "comments", "favorites", "followers_gained", "followers_lost",
             "followers_net", "followers_total")
    for acc in accounts:
        values = []
        day, total = START, 10000
        while day <= END:
            seed = (acc.pk * 7919 + day.toordinal()) % 1000
            for j, name in enumerate(names):
                v = (seed * (j + 3)) % 500 + 10
                if name == "followers_total":
                    total += 20
                    v = total
                values.append(DayValue(acc.pk, day, name, float(v)))
            day += dt.timedelta(days=1)
        with transaction.atomic():
            _write_daily(workspace=ws, values=values, source="manual")
    now = dt.datetime.now(dt.UTC)
    span = (END - START).days * 86400
    batch = []
    for i in range(ITEMS):
        acc = accounts[i % ACCOUNTS]
        published = dt.datetime.combine(START, dt.time(), dt.UTC) + dt.timedelta(seconds=(i * 7919 * 61) % span)
        batch.append(ItemStat(workspace=ws, account=acc, item_ref=f"bench-{i}", title=f"基准作品{i}",
                              published_at=published, published_hour=(published.hour + 8) % 24,
                              kind=("短视频", "图文", "海报", "直播")[i % 4], column=f"栏目{i % 9}",
                              plays=float((i * 37) % 90000), reads=float((i * 13) % 20000), likes=float(i % 700),
                              as_of=now))
    ItemStat.objects.bulk_create(batch, batch_size=5000)
    print(f"造数 {time.perf_counter() - t0:.1f} 秒：原始日数据 {DailyMetric.objects.filter(workspace=ws).count():,} 行，"
          f"作品 {ItemStat.objects.filter(workspace=ws).count():,} 条")
    return ws, user


LINKED = 5_000


def link(ws, user):
    """每 10 条作品中 1 条有对应的稿件与发布记录（平台内容 ID = 作品标识），回填关联，让看板走稿件形态/栏目的路径。"""
    from rongmei.metrics.models import ItemStat
    from rongmei.metrics.services import item_stats_link
    from rongmei.production.models import Column, ContentItem, Revision
    from rongmei.publishing.models import Publication

    if Publication.objects.filter(workspace=ws).exists():
        return
    t0 = time.perf_counter()
    columns = [Column.objects.get_or_create(workspace=ws, name=f"稿件栏目{i}")[0] for i in range(6)]
    stats = list(ItemStat.objects.filter(workspace=ws).order_by("pk")
                 .values_list("item_ref", "account_id", "title", "published_at")[::ITEMS // LINKED])
    kinds = ("short_video", "article", "poster", "live", "infographic")
    with transaction.atomic():
        items = ContentItem.objects.bulk_create(
            [ContentItem(workspace=ws, title=title, kind=kinds[i % 5], column=columns[i % 6], author=user,
                         status="approved") for i, (_r, _a, title, _p) in enumerate(stats)], batch_size=2000)
        revs = Revision.objects.bulk_create([Revision(item=it, number=1, title=it.title) for it in items],
                                            batch_size=2000)
        Publication.objects.bulk_create(
            [Publication(workspace=ws, item=it, revision=rev, account_id=acc, planned_at=pub, published_at=pub,
                         state="published", idempotency_key=f"bench-{ref}", external_id=ref)
             for it, rev, (ref, acc, _t, pub) in zip(items, revs, stats, strict=True)], batch_size=2000)
    n = item_stats_link(actor=None, workspace=ws)
    print(f"关联稿件 {time.perf_counter() - t0:.1f} 秒：{n:,} 条作品数据关联到稿件与发布记录")


def timed(client: Client, url: str, n: int = 30) -> tuple[float, float]:
    client.get(url)  # 预热
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        resp = client.get(url)
        samples.append((time.perf_counter() - t) * 1000)
        assert resp.status_code == 200, resp.status_code
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main():
    call_command("migrate", verbosity=0)
    ws, user = build()
    link(ws, user)
    client = Client()
    client.force_login(user)
    base = f"/w/{ws.slug}/metrics/"
    from rongmei.workspaces.models import OfficialAccount

    acc = OfficialAccount.objects.filter(workspace=ws).first()
    cases = {
        "工作区看板 30 天": f"{base}?start=2025-11-01&end=2025-11-30",
        "工作区看板 90 天": f"{base}?start=2025-09-01&end=2025-11-29",
        "工作区看板 全年": f"{base}?start=2024-12-01&end=2025-11-30",
        "单账号看板 90 天": f"/w/{ws.slug}/metrics/accounts/{acc.pk}/?start=2025-09-01&end=2025-11-29",
        "看板接口 30 天": f"/api/metrics/{ws.slug}/dashboard?start=2025-11-01&end=2025-11-30",
    }
    print(f"开始时负载（1/5/15 分钟）：{'/'.join(f'{x:.2f}' for x in os.getloadavg())}，CPU {os.cpu_count()} 核")
    print("| 场景 | p50 (ms) | p95 (ms) |\n|---|---|---|")
    for label, url in cases.items():
        p50, p95 = timed(client, url)
        print(f"| {label} | {p50:.0f} | {p95:.0f} |")
    print(f"看板测完时负载：{'/'.join(f'{x:.2f}' for x in os.getloadavg())}")
    from rongmei.reports.choices import ReportKind
    from rongmei.reports.models import Report
    from rongmei.reports.services import report_generate

    for kind, start, end in ((ReportKind.MONTHLY_DATA, dt.date(2025, 10, 1), dt.date(2025, 10, 31)),
                             (ReportKind.ANNUAL, dt.date(2024, 1, 1), dt.date(2024, 12, 31))):
        report = Report.objects.create(workspace=ws, kind=kind, title=f"基准{kind}", period_start=start,
                                       period_end=end)
        t = time.perf_counter()
        report = report_generate(report.pk)
        print(f"{report.get_kind_display()}（{start}—{end}）生成 Word+Excel：{time.perf_counter() - t:.2f} 秒，"
              f"状态 {report.get_state_display()} {report.error}")


if __name__ == "__main__":
    main()
