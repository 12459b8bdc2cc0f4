"""浏览器（390 像素宽的手机）：组长按策略绑定手机验证器后，账户安全、自查、档案、发布队列与发布记录都不横向撑宽整页；
发布记录里标了密级的稿件带“内部”标签，长网址截断，账号列不被挤成一字一行。"""

from __future__ import annotations

import datetime as dt
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def marked_publication(workspace, personas, platforms):
    from rongmei.production.models import ContentItem, Revision
    from rongmei.publishing.choices import PubState
    from rongmei.publishing.models import Publication
    from rongmei.workspaces.models import OfficialAccount

    account = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"],
                                             name="北京规划自然资源发布")
    item = ContentItem.objects.create(workspace=workspace, author=personas["editor"], title="内部工作通报",
                                      kind="article", confidentiality="internal")
    when = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    rev = Revision.objects.create(item=item, number=1, title=item.title, body="正文", created_at=when,
                                  created_by=personas["editor"])
    item.current_revision = rev
    item.save(update_fields=["current_revision"])
    return Publication.objects.create(
        workspace=workspace, item=item, revision=rev, account=account, planned_at=when, published_at=when,
        state=PubState.PUBLISHED, idempotency_key="phone-1",
        url="https://mp.weixin.qq.com/s/" + "a" * 120)


def test_manager_on_a_phone(personas, workspace, marked_publication, browser_login, live_server, settings):
    settings.OTP_REQUIRED_ROLES = ["manager"]
    page = browser_login("t-manager")
    page.set_viewport_size({"width": 390, "height": 844})
    assert "/accounts/security/otp/" in page.url
    page.get_by_test_id("otp-confirm").click()  # 空表单：中文提示，不出错页
    assert "这个字段是必填项" in page.content()
    raw = page.get_by_test_id("otp-secret").inner_text().replace(" ", "")
    totp = TOTP(b32decode(raw + "=" * (-len(raw) % 8)))
    totp.time = time.time()
    page.fill("input[name=code]", f"{totp.token():06d}")
    page.get_by_test_id("otp-confirm").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("recovery-codes").locator("code").count() == 10
    base = f"{live_server.url}/w/{workspace.slug}"
    for name, url in (("security", f"{live_server.url}/accounts/security/"), ("inspection", f"{base}/inspection/"),
                      ("archives", f"{base}/archives/"), ("queue", f"{base}/publishing/queue/"),
                      ("log", f"{base}/publishing/log/")):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        screenshot(page, f"phone-{name}-390.png")
    row = page.get_by_test_id("log-table").locator("tbody tr").first
    assert row.get_by_test_id("marking").inner_text() == "内部"
    account_cell = row.locator("td").nth(2)
    assert account_cell.bounding_box()["width"] > 80  # 原来被长网址挤到一字宽（约 14 像素）
    link = row.locator("a.rm-cell-url")
    assert link.bounding_box()["width"] <= 121 and link.get_attribute("title").startswith("https://mp.weixin.qq.com/s/")
