"""浏览器：排期到公众号（假平台）和头条号（人工），跑 worker，登记人工链接，发布记录里两条都在。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_publish_and_record_manual(browser_login, live_server, fake, platforms, item, accounts,
                                            wechat_creds, personas):
    from rongmei.publishing import tasks
    from rongmei.publishing.models import Publication

    ws = item.workspace
    page = browser_login("t-editor")
    page.goto(f"{live_server.url}/w/{ws.slug}/publishing/items/")
    page.click(f"[data-testid=schedule-{item.pk}]")
    page.check(f"input[name=accounts][value='{accounts['wechat'].pk}']")
    page.check(f"input[name=accounts][value='{accounts['toutiao'].pk}']")
    when = (timezone.localtime() - dt.timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M")
    page.fill("input[name=planned_at]", when)
    page.click("[data-testid=schedule-submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=calendar] .pub-chip").count() == 2  # 统一日历的发布图层

    tasks.publish_due.call_local()  # worker
    assert len(fake.posts("wechat")) == 1
    manual = Publication.objects.get(account=accounts["toutiao"])
    assert manual.state == "manual"

    page.goto(f"{live_server.url}/w/{ws.slug}/publishing/{manual.pk}/")
    page.click("[data-testid=record-manual]")
    page.fill("input[name=url]", "https://www.toutiao.com/article/7300000000/")
    page.click("[data-testid=record-submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=pub-state]").inner_text() == "已发布"

    page.goto(f"{live_server.url}/w/{ws.slug}/publishing/log/")
    table = page.locator("[data-testid=log-table]").inner_text()
    assert "https://www.toutiao.com/article/7300000000/" in table
    assert "https://mp.weixin.qq.com/s/" in table
    assert "测试公众号" in table and "测试头条号" in table
    screenshot(page, "publishing-log.png")


def test_dragging_a_scheduled_post_to_another_day_in_the_calendar_reschedules_it(browser_login, live_server, platforms,
                                                                                  item, accounts, personas):
    """日历上把已排期的发布拖到另一天：改到那一天、保留原时刻，页面重新载入后在新的一格里。"""
    from rongmei.publishing import services
    from rongmei.publishing.models import Publication

    ws = item.workspace
    planned = timezone.localtime().replace(hour=10, minute=30, second=0, microsecond=0) + dt.timedelta(days=3)
    services.publication_schedule(actor=personas["editor"], workspace=ws, item=item, accounts=[accounts["toutiao"]],
                                  planned_at=planned)
    pub = Publication.objects.get(item=item)
    target = planned.date() + dt.timedelta(days=1 if planned.weekday() < 6 else -1)  # 同一周里的另一天，都在将来
    page = browser_login("t-editor")
    page.on("dialog", lambda d: d.accept())  # 改期提示（发布时段）用 alert
    page.goto(f"{live_server.url}/w/{ws.slug}/calendar/?view=week&date={planned:%Y-%m-%d}")
    chip = page.locator(f".pub-chip[data-pk='{pub.pk}']")
    assert chip.get_attribute("draggable") == "true"
    with page.expect_navigation():
        chip.drag_to(page.locator(f".pub-drop[data-date='{target:%Y-%m-%d}']"))
    pub.refresh_from_db()
    moved = timezone.localtime(pub.planned_at)
    assert (moved.date(), moved.hour, moved.minute) == (target, 10, 30)
    assert page.locator(f".pub-drop[data-date='{target:%Y-%m-%d}'] .pub-chip[data-pk='{pub.pk}']").count() == 1
