"""浏览器：合同页的图表（本地 ECharts）渲染、点击数字进入证据页、录入事实后数字更新。"""

from __future__ import annotations

import pytest

from conftest import screenshot

from .factories import anyuan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_contract_page_charts_and_evidence(platforms, workspace, personas, browser_login, live_server):
    anyuan(workspace)
    page = browser_login(personas["manager"].username)
    page.goto(f"{live_server.url}/w/{workspace.slug}/contracts/")
    # 曲线滚动到可见时才取数绘制：逐个滚到可见，全部画出
    charts = page.locator("[data-chart]")
    total = charts.count()
    assert total >= 8
    for i in range(total):
        charts.nth(i).scroll_into_view_if_needed()
    # 严格 CSP 不许 eval：用定位器等每张图画出画布，不用字符串形式的 wait_for_function
    for i in range(total):
        charts.nth(i).locator("canvas").first.wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    assert page.locator("[data-testid=status-dy_videos_plan]").inner_text() in ("严重滞后", "略有滞后")
    screenshot(page, "contracts-overview.png")
    done = page.locator("[data-testid=done-dy_videos]").get_attribute("data-value")
    page.click("[data-testid=done-dy_videos]")
    page.wait_for_selector("[data-testid=evidence-table]")
    assert float(page.locator("[data-testid=evidence-count]").inner_text()) == float(done)
    assert page.locator("[data-testid=evidence-done]").get_attribute("data-value") == done
    page.goto(f"{live_server.url}/w/{workspace.slug}/contracts/facts/new/")
    page.select_option("[data-testid=fact-type]", "placement")
    page.fill("[data-field=date]", "2025-06-01")
    page.fill("[data-field=outlet]", "人民网")
    page.select_option("[data-field=level]", "national")
    page.click("[data-testid=fact-save]")
    page.wait_for_selector("[data-testid=facts-table]")
    assert "人民网" in page.locator("[data-testid=facts-table]").inner_text()
