"""用户感受到的速度：在线审校与送审（HTTP，对着正在运行的 ``rongmei serve``；脚本，不是测试）。

用法::

    .venv/bin/rongmei setup && .venv/bin/rongmei demo
    PORT=8106 .venv/bin/rongmei serve &            # gunicorn 2 进程 × 4 线程 + Huey worker
    .venv/bin/python bench/production/run.py --base http://127.0.0.1:8106 --repeat 30

测量：

* 在线审校（``/w/bj-planning/proofread/``）提交 2,000 字文本：服务启动后的第一次（每个 gunicorn 进程各一次）
  和之后的 p50 / p95；
* 送审（``/w/bj-planning/production/<pk>/do/submit/``）：编辑新建一篇约 1,000 字、含错别字的稿件后送审，
  一审带 AI 审校；计 POST 本身和跟随跳转显示稿件页的总时间。

账号用演示账号（bj-editor，密码 Rongmei@2026）。
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

import httpx

SAMPLE = ("北京市规划和自然资源委员会发布城市副中心控制性详细规划，市民可登陆网站查询不动产登记进度。"
          "各区要坚持以人民为中心的发展思想，扎实推进城市更新行动，努力提高群众的获得感、幸福感、安全感。"
          "副中心建设要坚持高质量发展，统筹生产、生活、生态空间，推动形成绿色低碳的生产生活方式。")


def text_of(chars: int) -> str:
    out = ""
    while len(out) < chars:
        out += SAMPLE
    return out[:chars]


def login(client: httpx.Client, username: str, password: str) -> None:
    client.get("/accounts/login/")
    resp = client.post("/accounts/login/", data={"username": username, "password": password,
                                                 "csrfmiddlewaretoken": client.cookies["csrftoken"]})
    if resp.status_code != 302:
        raise SystemExit(f"登录失败：{username}（HTTP {resp.status_code}）")


def post(client: httpx.Client, url: str, data: dict, *, follow: bool = False) -> tuple[httpx.Response, float]:
    data = {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"]}
    start = time.perf_counter()
    resp = client.post(url, data=data, headers={"Referer": str(client.base_url) + url}, follow_redirects=follow)
    return resp, time.perf_counter() - start


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def fmt(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"n={len(ms)} p50={statistics.median(ms):.0f} ms p95={pct(ms, 95):.0f} ms "
            f"max={max(ms):.0f} ms")


def bench_proofread(client: httpx.Client, ws: str, repeat: int, chars: int) -> dict:
    url = f"/w/{ws}/proofread/"
    client.get(url)
    text = text_of(chars)
    times = []
    for _ in range(repeat):
        resp, took = post(client, url, {"text": text})
        if resp.status_code != 200 or "差错率" not in resp.text:
            raise SystemExit(f"在线审校失败：HTTP {resp.status_code}")
        times.append(took)
    return {"first": times[:2], "warm": times[2:]}


def bench_submit(client: httpx.Client, ws: str, repeat: int) -> dict:
    new_url = f"/w/{ws}/production/new/"
    post_times, page_times = [], []
    for i in range(repeat):
        client.get(new_url)
        resp, _ = post(client, new_url, {"title": f"基准稿件 {time.time():.0f}-{i}", "kind": "article",
                                         "body": text_of(1000), "importance": "normal", "is_original": "on"})
        m = re.search(rf"/w/{ws}/production/(\d+)/", resp.headers.get("location", ""))
        if resp.status_code != 302 or not m:
            raise SystemExit(f"新建稿件失败：HTTP {resp.status_code}")
        pk = m.group(1)
        resp, took = post(client, f"/w/{ws}/production/{pk}/do/submit/", {})
        if resp.status_code != 302:
            raise SystemExit(f"送审失败：HTTP {resp.status_code}")
        start = time.perf_counter()
        page = client.get(resp.headers["location"])
        page_times.append(took + time.perf_counter() - start)
        post_times.append(took)
        if "一审" not in page.text:
            raise SystemExit("送审后稿件没有进入一审")
    return {"post": post_times, "with_page": page_times}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default="http://127.0.0.1:8000")
    ap.add_argument("--workspace", default="bj-planning")
    ap.add_argument("--user", default="bj-editor")
    ap.add_argument("--password", default="Rongmei@2026")
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--chars", type=int, default=2000)
    args = ap.parse_args()
    with httpx.Client(base_url=args.base, timeout=120) as client:
        login(client, args.user, args.password)
        proof = bench_proofread(client, args.workspace, args.repeat, args.chars)
        print(f"在线审校 {args.chars} 字：前两次 {', '.join(f'{t * 1000:.0f} ms' for t in proof['first'])}；"
              f"之后 {fmt(proof['warm'])}")
        submit = bench_submit(client, args.workspace, max(3, args.repeat // 3))
        print(f"送审（POST）：{fmt(submit['post'])}")
        print(f"送审（含跳转后的稿件页）：{fmt(submit['with_page'])}")


if __name__ == "__main__":
    main()
