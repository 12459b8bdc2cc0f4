"""浏览器：假公众号上出现一条新留言 → “立即拉取”进收件箱 → 客服用口径答复 → 组长审核通过 → 通过接口发送，
假平台只收到一条回复。"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import screenshot
from rongmei.interaction import services
from rongmei.interaction.models import Message, Reply

from .test_ingest import fake, platforms_accounts, registered, wechat_article  # noqa: F401  夹具

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_comment_from_fake_wechat_is_pulled_answered_approved_and_sent_once(
        fake, platforms_accounts, wechat_article, personas, browser_login, live_server):  # noqa: F811
    ws = wechat_article.workspace
    services.sla_seed(workspace=ws)
    tpl = services.template_save(actor=None, workspace=ws, title="演练咨询口径", category="",
                                 text="您好！演练无需报名，请按现场指引参加。")
    fake.add_comment("wechat", msg_data_id="2247500001", index=0, content="请问防汛演练需要报名吗？",
                     openid="oBROWSER")
    page = browser_login(personas["support"].username)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/w/{ws.slug}/interaction/ingest/")
    row = page.locator(f"tr[data-account='{platforms_accounts['wechat'].pk}']")
    row.get_by_role("button", name="立即拉取").click()
    page.wait_for_load_state("networkidle")
    assert "已开始拉取" in page.content()
    assert "新收 3 条" in page.locator("[data-testid=ingest]").inner_text()
    screenshot(page, "ingest-status.png")

    page.goto(f"{live_server.url}/w/{ws.slug}/interaction/")
    assert page.locator("[data-testid=inbox]").inner_text().count("请问防汛演练需要报名吗？") == 1
    m = Message.objects.get(text="请问防汛演练需要报名吗？")
    page.goto(f"{live_server.url}/w/{ws.slug}/interaction/m/{m.pk}/")
    page.select_option("[data-testid=template-select]", str(tpl.pk))
    # 严格 CSP 不许页面里 eval：用定位器等待，不用字符串形式的 wait_for_function
    expect(page.locator("[data-testid=reply-text]")).to_have_value(re.compile("演练无需报名"))
    page.click("[data-testid=reply-submit]", timeout=90000)  # 第一次 AI 审校要加载规则包
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=reply-state]").inner_text() == "待审核"

    page.context.clear_cookies()
    page = browser_login(personas["manager"].username)
    page.goto(f"{live_server.url}/w/{ws.slug}/interaction/m/{m.pk}/")
    page.click("[data-testid=approve]")  # 审核通过即排队通过接口发送（测试里任务同步执行）
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/w/{ws.slug}/interaction/m/{m.pk}/")
    assert page.locator("[data-testid=reply-state]").inner_text() == "已发送"
    screenshot(page, "ingest-sent.png")
    assert Reply.objects.get().state == "sent"
    replies = fake.replies("wechat")
    assert [(r["kind"], r["content"]) for r in replies] == [("comment_reply", "您好！演练无需报名，请按现场指引参加。")]
    assert not errors
