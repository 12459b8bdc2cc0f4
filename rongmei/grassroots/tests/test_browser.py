"""浏览器（手机宽度 390 px）：供稿员报送线索 → 编辑采用 → 稿件发布 → 供稿员看到积分、单位排名和发布链接。"""

from __future__ import annotations

import pytest

from conftest import screenshot

from .conftest import png_bytes
from .test_clues import _publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clue_from_phone_to_points(browser_login, live_server, workspace, personas, people, platforms, tmp_path):
    from rongmei.grassroots.models import Clue

    photo = tmp_path / "现场.png"
    photo.write_bytes(png_bytes())
    page = browser_login("t-contributor")
    page.set_viewport_size({"width": 390, "height": 844})
    base = f"{live_server.url}/w/{workspace.slug}/grassroots"
    page.goto(base + "/submit/")
    page.locator("[data-testid=submit]").click()  # 什么都没填：逐项中文提示，不会报送
    assert page.locator(".invalid-feedback").count() >= 5
    page.fill("input[name=title]", "武川县为残疾人送去康复辅具")
    page.fill("textarea[name=body]", "县残联为 36 名残疾人免费适配轮椅和助行器。")
    page.fill("input[name=place]", "武川县可可以力更镇")
    page.fill("input[name=happened_on]", "2025-11-10")
    page.fill("input[name=contact]", "徐供稿 13900000001")
    page.set_input_files("input[name=files]", str(photo))
    page.fill("input[name=rights_holder]", "本人")
    page.check("input[name=consent_publish]")
    page.locator("[data-testid=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=clue-status]").inner_text() == "待处理"
    screenshot(page, "grassroots-phone-submitted.png")
    clue = Clue.objects.get()
    assert clue.files.count() == 1
    # 页面宽度不超过手机屏幕（没有横向滚动）
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.context.clear_cookies()
    page = browser_login("t-editor")
    page.goto(f"{base}/clues/{clue.pk}/")
    page.select_option("select[name=decision]", "adopted")
    page.locator("[data-testid=decide-form] button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=clue-status]").inner_text() == "采用"
    clue.refresh_from_db()
    _publish(clue.item, personas, platforms, url="https://mp.weixin.qq.com/s/wuchuan-fuju")

    page.context.clear_cookies()
    page = browser_login("t-contributor")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/mine/")
    assert page.locator("[data-testid=my-points]").inner_text() == "15"
    assert "第 1 名" in page.locator("[data-testid=my-rank]").inner_text()
    unit = page.locator("[data-testid=unit-rank]").inner_text()
    assert "第 1 名" in unit and "15 分" in unit
    screenshot(page, "grassroots-phone-points.png")
    page.locator("[data-testid=my-clues] a").first.click()
    page.wait_for_load_state("networkidle")
    link = page.locator("[data-testid=published-link]")
    assert link.get_attribute("href") == "https://mp.weixin.qq.com/s/wuchuan-fuju"
