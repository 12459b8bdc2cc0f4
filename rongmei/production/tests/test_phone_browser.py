"""手机（390 px 宽）上的审批路径：审核员从菜单进“我的待办”，打开稿件，通过；每一页都不能横向滚动。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} 在 {PHONE} px 宽时横向溢出到 {width} px"


def test_reviewer_approves_on_a_phone(browser_login, live_server, personas, chain, make_item, no_checker):
    from rongmei.production.choices import ItemStatus
    from rongmei.production.models import ContentItem, ReviewStage

    item = make_item(title="助残日主题海报文案", body="全国助残日，我们一起关注残疾人就业。" * 20)
    stage = ReviewStage.objects.get(chain=chain, order=2)  # 二审：审核员
    ContentItem.objects.filter(pk=item.pk).update(status=ItemStatus.IN_REVIEW, chain=chain, current_stage=stage,
                                                  stage_due=timezone.localdate() + dt.timedelta(days=1))

    page = browser_login("t-reviewer")
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.reload()
    _no_horizontal_scroll(page)
    assert not page.locator("[data-testid=nav]").is_visible()  # 菜单收起在按钮后面
    page.click("[data-testid=nav-toggle]")
    todo = page.locator("[data-testid=nav] [data-nav=production_todo]")
    if not todo.is_visible():  # 我的待办里有多项（审核、互动、舆情预警）时收在分组下拉里
        page.locator("[data-testid=nav] .dropdown:has([data-nav=production_todo]) > .dropdown-toggle").click()
    todo.click()
    page.wait_for_load_state("networkidle")
    assert "/production/my/" in page.url
    _no_horizontal_scroll(page)

    page.click("text=助残日主题海报文案")
    page.wait_for_load_state("networkidle")
    assert f"/production/{item.pk}/" in page.url
    _no_horizontal_scroll(page)
    submit = page.locator("[data-testid=decide-submit]")
    submit.scroll_into_view_if_needed()
    box = submit.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE
    page.check("[data-testid=verdict-approve]")
    submit.click()
    page.wait_for_load_state("networkidle")
    assert "/production/my/" in page.url and "二审：通过" in page.content()  # 回到待办，继续下一篇
    _no_horizontal_scroll(page)
    screenshot(page, "phone-item-approved.png")
    item.refresh_from_db()
    assert item.current_stage.order == 3
