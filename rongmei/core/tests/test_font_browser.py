"""浏览器：页面带着自己的中文字体。电脑上没有中文字体时（精简安装的 Linux、内网终端，CI 的 Chromium 也是），
正文与图表用随应用发布的思源黑体，字体文件从本站取（不走 CDN）。"""

from __future__ import annotations

import pytest

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_load_the_bundled_chinese_font_from_the_site_itself(workspace, personas, browser_login, live_server):
    page = browser_login(personas["manager"].username)
    fonts: list[str] = []
    page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
    page.goto(f"{live_server.url}/w/{workspace.slug}/")
    page.wait_for_load_state("networkidle")
    assert "Noto Sans SC Variable" in page.evaluate("getComputedStyle(document.body).fontFamily")
    statuses = page.evaluate("""async () => {
        const faces = await document.fonts.load("16px 'Noto Sans SC Variable'", "融媒运营平台工作台");
        return faces.map(f => f.status);
    }""")
    assert statuses and set(statuses) == {"loaded"}  # 这几个字所在的字符块都从本站取到了
    assert fonts and all(url.startswith(live_server.url + "/static/vendor/noto-sans-sc/") for url in fonts), fonts
    screenshot(page, "bundled-font-workspace-home.png")
