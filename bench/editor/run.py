"""编辑器的速度（issue 16）：编辑页载入、自动保存往返、手机预览随输入更新——5,000 字的文章。

用法（先起服务，登录用演示账号）：
    RONGMEI_OTP_REQUIRED_ROLES= PORT=8170 .venv/bin/rongmei serve &
    .venv/bin/python bench/editor/run.py --base http://127.0.0.1:8170 --ws bj-planning --user bj-editor --repeat 30

在真实的 Debian chromium 里量：
* 载入：从导航开始到编辑器可输入（``[data-slate-editor]`` 出现并载入 5,000 字正文）。
* 自动保存：页面里 fetch 自动保存接口（5,000 字正文）到收到 JSON 的往返。
* 预览：在编辑器里插入一个字到 375 px 手机预览里出现这个字（下一帧渲染完成）。
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from playwright.sync_api import sync_playwright


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def article(chars: int = 5000) -> str:
    para = "全国助残日期间，市残联组织志愿者走进社区，为残疾人提供康复咨询、辅具适配和就业指导服务，" \
           "并现场解答政策问题。"
    out, n = [], 0
    i = 0
    while n < chars:
        i += 1
        text = f"{i:02d}　{para}"
        out.append(f"<h3>第{i}部分</h3><p style=\"text-indent:2em\">{text}<strong>重点</strong>内容。</p>")
        n += len(text) + 8
    return "".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:8170")
    ap.add_argument("--ws", default="bj-planning")
    ap.add_argument("--user", default="bj-editor")
    ap.add_argument("--password", default="Rongmei@2026")
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    print(f"负载（1/5/15 分钟）：{os.getloadavg()}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless=new"])
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page.goto(f"{args.base}/accounts/login/")
        page.fill("input[name=username]", args.user)
        page.fill("input[name=password]", args.password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        # 一篇 5,000 字的稿件
        page.goto(f"{args.base}/w/{args.ws}/production/new/")
        page.locator("#editor-text [data-slate-editor]").wait_for()
        page.fill("input[name=title]", "编辑器基准：5,000 字稿件")
        page.evaluate("(h) => window.rmEditor.setHtml(h)", article())
        page.click("[data-testid=item-save]")
        page.wait_for_load_state()
        edit_url = page.url.rstrip("/") + "/edit/"
        text_len = None

        loads = []
        for _ in range(max(5, args.repeat // 3)):
            t0 = time.perf_counter()
            page.goto(edit_url)
            page.locator("#editor-text [data-slate-editor]").wait_for()
            page.wait_for_function("window.rmEditor && window.rmEditor.getText().length > 4000")
            loads.append((time.perf_counter() - t0) * 1000)
            text_len = page.evaluate("window.rmEditor.getText().length")

        saves = page.evaluate("""async (n) => {
            const form = document.getElementById('item-form');
            const csrf = form.querySelector('input[name=csrfmiddlewaretoken]').value;
            const out = [];
            for (let i = 0; i < n; i++) {
              const data = new FormData();
              data.append('title', '编辑器基准');
              data.append('body', window.rmEditor.getHtml());
              const t0 = performance.now();
              const r = await fetch(form.dataset.autosaveUrl, {method: 'POST', body: data, headers: {'X-CSRFToken': csrf}});
              await r.json();
              out.push(performance.now() - t0);
            }
            return out; }""", args.repeat)

        previews = page.evaluate("""async (n) => {
            const out = [];
            const body = document.querySelector('[data-preview-body]');
            for (let i = 0; i < n; i++) {
              const mark = '测' + i + '字';
              window.rmEditor.focus(true);
              const t0 = performance.now();
              window.rmEditor.insertText(mark);
              while (!body.textContent.includes(mark)) { await new Promise(requestAnimationFrame); }
              await new Promise(requestAnimationFrame);
              out.push(performance.now() - t0);
            }
            return out; }""", args.repeat)
        browser.close()

    print(f"正文 {text_len} 字；重复 {args.repeat} 次")
    for name, values in (("编辑页载入到可输入", loads), ("自动保存往返", saves), ("手机预览更新", previews)):
        print(f"{name}: p50 {statistics.median(values):.0f} ms, p95 {pct(values, 0.95):.0f} ms, 最大 {max(values):.0f} ms"
              f"（{len(values)} 次）")
    print(f"负载（1/5/15 分钟）：{os.getloadavg()}")


if __name__ == "__main__":
    main()
