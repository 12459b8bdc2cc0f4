"""工作台（/w/<工作区>/）在并发用户下的响应时间：登录若干演示账号，N 个并发客户端反复打开各自的首页。

前提：已有演示数据并启动了服务（演示的经理和甲方领导默认要先绑定手机验证器，压测时服务要带
``RONGMEI_OTP_REQUIRED_ROLES=`` 启动，关掉第二重验证的强制要求）（默认 SQLite）::

    .venv/bin/rongmei setup && .venv/bin/rongmei demo
    PORT=8105 .venv/bin/rongmei serve &
    .venv/bin/python bench/home/run.py --base http://127.0.0.1:8105 --concurrency 20 --requests 400

每个并发客户端是一个独立登录的会话（按角色轮流分配账号），打印总体与各账号的 p50/p95/最大值以及 `uptime`。

机器很忙时并发数字主要是排队；``--service`` 不经网络、在本进程里逐个打开各账号的工作台，给出每次请求的
墙钟与 CPU 时间（服务时间），可据此估算空闲机器上的容量::

    .venv/bin/python bench/home/run.py --service --requests 20
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import subprocess
import time

import httpx

USERS = ["nm-client-leader", "bj-editor", "ay-manager", "nm-reviewer", "bj-client-leader", "ay-editor",
         "nm-manager", "bj-analyst", "ay-client-officer", "nm-editor"]
PASSWORD = "Rongmei@2026"


async def login(base: str, username: str) -> tuple[httpx.AsyncClient, str]:
    client = httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=True)
    page = await client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    resp = await client.post("/accounts/login/", data={"username": username, "password": PASSWORD,
                                                       "csrfmiddlewaretoken": token},
                             headers={"Referer": base + "/accounts/login/"})
    home = str(resp.url).removeprefix(base)
    if "/w/" not in home:
        raise SystemExit(f"{username} 登录后没有进入工作区首页：{resp.url}")
    return client, home


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def service_times(repeat: int) -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings")
    django.setup()
    from django.conf import settings
    from django.test import Client

    from rongmei.accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    every_wall, every_cpu = [], []
    for username in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        home = client.get("/").url if client.get("/").status_code == 302 else "/"
        client.get(home)  # 预热
        wall, cpu = [], []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            resp = client.get(home)
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert resp.status_code == 200, (username, resp.status_code)
        every_wall += wall
        every_cpu += cpu
        print(f"{username:18} 墙钟 p50 {statistics.median(wall):5.0f} ms  CPU p50 {statistics.median(cpu):5.0f} ms")
    print(f"全部  墙钟 p50 {statistics.median(every_wall):5.0f} ms  p95 {pct(every_wall, 0.95):5.0f} ms  "
          f"CPU p50 {statistics.median(every_cpu):5.0f} ms  p95 {pct(every_cpu, 0.95):5.0f} ms")
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:8105")
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400, help="总请求数（不含预热）")
    ap.add_argument("--warmup", type=int, default=2, help="每个会话先打开几次（不计时）")
    ap.add_argument("--service", action="store_true", help="本进程内逐个请求，测服务时间（墙钟与 CPU）")
    args = ap.parse_args()
    if args.service:
        await asyncio.to_thread(service_times, max(1, args.requests // len(USERS)))
        return

    sessions = await asyncio.gather(*(login(args.base, USERS[i % len(USERS)]) for i in range(args.concurrency)))
    for client, home in sessions:
        for _ in range(args.warmup):
            (await client.get(home)).raise_for_status()

    timings: dict[str, list[float]] = {}
    remaining = args.requests
    lock = asyncio.Lock()

    async def worker(i: int) -> None:
        nonlocal remaining
        client, home = sessions[i]
        user = USERS[i % len(USERS)]
        while True:
            async with lock:
                if remaining <= 0:
                    return
                remaining -= 1
            t0 = time.perf_counter()
            resp = await client.get(home)
            elapsed = (time.perf_counter() - t0) * 1000
            resp.raise_for_status()
            timings.setdefault(user, []).append(elapsed)

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(args.concurrency)))
    wall = time.perf_counter() - t0
    for client, _ in sessions:
        await client.aclose()

    every = [t for ts in timings.values() for t in ts]
    print(f"并发 {args.concurrency}，{len(every)} 次请求，{wall:.1f} s，{len(every) / wall:.1f} 次/秒")
    print(f"总体  p50 {statistics.median(every):6.0f} ms  p95 {pct(every, 0.95):6.0f} ms  最大 {max(every):6.0f} ms")
    for user, ts in sorted(timings.items()):
        print(f"{user:18} n={len(ts):3}  p50 {statistics.median(ts):6.0f} ms  p95 {pct(ts, 0.95):6.0f} ms")
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    asyncio.run(main())
