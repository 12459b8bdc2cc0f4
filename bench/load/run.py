"""负载测试：5 / 20 / 50 个并发用户（各自登录的会话，无思考时间）轮流打开工作台、稿件列表、合同履约页与数据看板。

只对本机（127.0.0.1 / localhost）运行；每一档发固定数量的请求（有界），打印各页面与总体的 p50 / p95 / p99、错误数与
`uptime`。前提：已有演示数据并启动了服务（演示的经理和甲方领导默认要先绑定手机验证器，压测时服务要带
``RONGMEI_OTP_REQUIRED_ROLES=`` 启动，关掉第二重验证的强制要求）::

    RONGMEI_DATA_DIR=/tmp/rm-load .venv/bin/rongmei setup && RONGMEI_DATA_DIR=/tmp/rm-load .venv/bin/rongmei demo
    RONGMEI_DATA_DIR=/tmp/rm-load PORT=8135 .venv/bin/rongmei serve &
    .venv/bin/python bench/load/run.py --base http://127.0.0.1:8135 --users 5 20 50 --requests 400

PostgreSQL：同样三步，前面加 ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/rongmei_bench REDIS_URL=redis://127.0.0.1:6379/9``
（先 ``createdb -h 127.0.0.1 -U postgres rongmei_bench``）。
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import time
from collections import defaultdict
from urllib.parse import urlsplit

import httpx

# 北京工作区的演示账号（经理、编辑、分析、审核、甲方）——各页面对他们都可见
USERS = ["bj-manager", "bj-editor", "bj-analyst", "bj-reviewer", "bj-client-leader"]
PASSWORD = "Rongmei@2026"
WS = "bj-planning"
PAGES = {"工作台": f"/w/{WS}/", "稿件列表": f"/w/{WS}/production/", "合同履约": f"/w/{WS}/contracts/",
         "数据看板": f"/w/{WS}/metrics/"}


async def login(base: str, username: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=120, follow_redirects=False)
    page = await client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    resp = await client.post("/accounts/login/", data={"username": username, "password": PASSWORD,
                                                       "csrfmiddlewaretoken": token},
                             headers={"Referer": base + "/accounts/login/"})
    if resp.status_code != 302:
        raise SystemExit(f"{username} 登录失败：{resp.status_code}")
    if "otp" in resp.headers.get("location", "") or "second" in resp.headers.get("location", ""):
        raise SystemExit(f"{username} 登录后被要求绑定手机验证器：服务请用 RONGMEI_OTP_REQUIRED_ROLES= 启动")
    return client


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


async def level(base: str, users: int, requests: int) -> dict:
    clients = [await login(base, USERS[i % len(USERS)]) for i in range(users)]
    for client in clients:  # 预热：每个会话每页一次（不计入）
        for path in PAGES.values():
            await client.get(path)
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    names = list(PAGES)
    counter = iter(range(requests))

    async def worker(client: httpx.AsyncClient, offset: int) -> None:
        for n in counter:
            name = names[(n + offset) % len(names)]
            t0 = time.perf_counter()
            try:
                resp = await client.get(PAGES[name])
                ok = resp.status_code == 200
            except httpx.HTTPError:
                ok = False
            times[name].append((time.perf_counter() - t0) * 1000)
            if not ok:
                errors[name] += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(c, i) for i, c in enumerate(clients)))
    elapsed = time.perf_counter() - started
    for client in clients:
        await client.aclose()
    return {"times": times, "errors": errors, "elapsed": elapsed}


def report(users: int, result: dict) -> None:
    every = [t for ts in result["times"].values() for t in ts]
    total_errors = sum(result["errors"].values())
    print(f"\n## {users} 个并发用户：{len(every)} 次请求，{len(every) / result['elapsed']:.1f} 次/秒，错误 {total_errors}")
    print("| 页面 | 次数 | p50 ms | p95 ms | p99 ms | 错误 |")
    print("|---|---|---|---|---|---|")
    for name in PAGES:
        ts = result["times"][name]
        print(f"| {name} | {len(ts)} | {pct(ts, .5):.0f} | {pct(ts, .95):.0f} | {pct(ts, .99):.0f} | "
              f"{result['errors'][name]} |")
    print(f"| 全部 | {len(every)} | {pct(every, .5):.0f} | {pct(every, .95):.0f} | {pct(every, .99):.0f} | "
          f"{total_errors} |")
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8135")
    parser.add_argument("--users", type=int, nargs="+", default=[5, 20, 50])
    parser.add_argument("--requests", type=int, default=400, help="每一档的请求总数（有界）")
    args = parser.parse_args()
    if urlsplit(args.base).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("负载测试只对本机（127.0.0.1）运行")
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    for users in args.users:
        report(users, asyncio.run(level(args.base, users, args.requests)))


if __name__ == "__main__":
    main()
