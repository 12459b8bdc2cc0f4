"""涨粉活动页与平台关注数据导入的性能基准（不是测试断言）。

    RONGMEI_DATA_DIR=/tmp/gr17-cbench /work/main/.venv/bin/python bench/grassroots/campaign.py --wechat 100000 --imported 50000

在一个工作区里写入：12 个参加单位、N 个公众号扫码关注用户（约 10% 取关、40% 有互动）、M 个抖音后台导入的用户（同样比例），
然后以组长身份打开活动页（先报告首次打开：关注人汇总落后于事件时在这次重算），再打开活动页（全程、按月排名）各 --repeat 次，并导入一个 10,000 行的 CSV（整表校验后写入），报告墙钟与
进程 CPU 的 p50 / p95（毫秒）和负载。已写过数据的库不重复写入。
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

SLUG = "gr-cbench"


def setup(n_wechat: int, n_imported: int):
    from rongmei.accounts.models import User
    from rongmei.grassroots import services
    from rongmei.grassroots.choices import FollowEventKind, Method
    from rongmei.grassroots.models import Campaign, FollowEvent
    from rongmei.workspaces.models import Membership, OfficialAccount, Platform, Workspace

    call_command("migrate", verbosity=0)
    ws = Workspace.objects.filter(slug=SLUG).first() or Workspace.objects.create(slug=SLUG, name="基准工作区",
                                                                                client_name="基准甲方")
    user = User.objects.filter(username="gr-cbench-manager").first()
    if user is None:
        user = User(username="gr-cbench-manager", display_name="组长", must_change_password=False)
        user.set_password("Bench@2026x")
        user.save()
        Membership.objects.create(user=user, workspace=ws, role="manager")
    c = Campaign.objects.filter(workspace=ws).first()
    if c is not None:
        return ws, user, c
    t0 = time.perf_counter()
    wechat = Platform.objects.get(code="wechat")
    wx = OfficialAccount.objects.create(workspace=ws, platform=wechat, name="基准公众号")
    c = services.campaign_save(actor=user, workspace=ws, name="基准活动", account=wx, goal=100000,
                               start=dt.date(2025, 1, 1), deadline=dt.date(2025, 12, 31), methods=[Method.EVENT])
    cus = []
    for i in range(12):
        unit = services.unit_save(actor=user, workspace=ws, name=f"盟市{i + 1}", kind="league", population=1_000_000)
        cus.append(services.campaign_unit_add(actor=user, campaign=c, unit=unit, target=5000))
    ch = services.channel_add(actor=user, campaign=c, platform="douyin", name="基准抖音号",
                              landing_url="https://www.douyin.com/user/bench")
    rng = random.Random(17)
    base = timezone.make_aware(dt.datetime(2025, 1, 1, 8))

    def events(n, prefix, **where):
        out = []
        for k in range(n):
            cu = cus[k % 12]
            at = base + dt.timedelta(minutes=rng.randint(0, 360 * 24 * 60))
            common = {"workspace": ws, "openid": f"{prefix}{k:07d}", **where}
            out.append(FollowEvent(kind=FollowEventKind.SUBSCRIBE, scene_str=cu.scene_str, campaign_unit=cu, at=at,
                                   **common))
            r = rng.random()
            if r < 0.1:
                out.append(FollowEvent(kind=FollowEventKind.UNSUBSCRIBE, at=at + dt.timedelta(days=rng.randint(1, 40)),
                                       **common))
            elif r < 0.5:
                out.append(FollowEvent(kind=FollowEventKind.ACTIVE, at=at + dt.timedelta(days=rng.randint(1, 40)),
                                       **common))
        return out

    FollowEvent.objects.bulk_create(events(n_wechat, "o", account=wx), batch_size=5000)
    FollowEvent.objects.bulk_create(events(n_imported, "dy", channel=ch), batch_size=5000)
    print(f"写入数据 {time.perf_counter() - t0:.1f} s")
    return ws, user, c


def measure(fn, repeat):
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)

    def p(xs, q):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

    return f"墙钟 p50 {statistics.median(wall):.0f} / p95 {p(wall, 0.95):.0f} ms；CPU p50 {statistics.median(cpu):.0f} / p95 {p(cpu, 0.95):.0f} ms"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wechat", type=int, default=100000)
    ap.add_argument("--imported", type=int, default=50000)
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    ws, user, c = setup(args.wechat, args.imported)
    client = Client()
    client.force_login(user)
    url = f"/w/{ws.slug}/grassroots/campaigns/{c.pk}/"
    w0, c0 = time.perf_counter(), time.process_time()
    assert client.get(url).status_code == 200
    print(f"首次打开（关注人汇总不是最新时重算）：墙钟 {(time.perf_counter() - w0) * 1000:.0f} ms，"
          f"CPU {(time.process_time() - c0) * 1000:.0f} ms")
    for label, u in (("活动页·全程", url), ("活动页·按月排名", url + "?month=2025-06")):
        assert client.get(u).status_code == 200
        print(label, measure(lambda u=u: client.get(u), args.repeat), "负载", os.getloadavg())
    from rongmei.grassroots.choices import FollowEventKind
    from rongmei.grassroots.models import FollowEvent

    cu0 = c.units.first()

    def one_new_event_then_open():
        FollowEvent.objects.create(workspace=ws, account=c.account, openid=f"new{time.time_ns()}",
                                   kind=FollowEventKind.SUBSCRIBE, scene_str=cu0.scene_str, campaign_unit=cu0,
                                   at=timezone.now())
        client.get(url)

    print("活动页·每次先到 1 条新扫码事件（只重算 1 人）", measure(one_new_event_then_open, args.repeat),
          "负载", os.getloadavg())
    from rongmei.grassroots import services

    ch = c.channels.first()
    codes = [cu.scene_str for cu in c.units.all()]
    rows = ["用户ID,来源渠道,关注时间,取关时间,互动时间"] + [
        f"imp{time.time_ns()}-{k},{codes[k % 12]},2025-07-{1 + k % 28:02d} 10:00,,2025-08-01" for k in range(10000)]
    data = "\n".join(rows).encode()
    w0, c0 = time.perf_counter(), time.process_time()
    counts = services.follow_import(actor=user, channel=ch, data=data, filename="bench.csv")
    print(f"导入 10,000 行 CSV（含重算这 1 万人的汇总）：墙钟 {(time.perf_counter() - w0) * 1000:.0f} ms，CPU {(time.process_time() - c0) * 1000:.0f} ms，"
          f"新增事件 {counts['added']}，负载 {os.getloadavg()}")


if __name__ == "__main__":
    main()
