"""浏览器：一条评论进来（receive_messages）→ 自动分类 → 客服选口径写答复 → 组长审核通过 → 客服标记已人工发出。"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import screenshot
from rongmei.interaction import services
from rongmei.interaction.models import Message, Reply

from .conftest import incoming

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_comment_is_classified_answered_from_a_template_approved_and_sent(workspace, accounts, personas, seeded,
                                                                          browser_login, live_server):
    tpl = services.template_save(actor=None, workspace=workspace, title="社保补贴口径", category="",
                                 text="{昵称}您好！灵活就业社保补贴可在赣服通申请。")
    from django.utils import timezone

    m = services.receive_messages(workspace=workspace, account=accounts["douyin"], source="api", incoming=[
        incoming("b1", "请问灵活就业社保补贴怎么申请？", author="萍乡小李", when=timezone.now())]).created[0]
    page = browser_login(personas["support"].username)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/w/{workspace.slug}/interaction/")
    assert page.locator("[data-testid=inbox]").inner_text().count("灵活就业社保补贴") == 1
    page.click("[data-testid=msg-link]")
    assert page.locator("[data-testid=category]").inner_text() == m.get_category_display()
    page.select_option("[data-testid=template-select]", str(tpl.pk))
    # 严格 CSP 不许页面里 eval：用定位器等待，不用字符串形式的 wait_for_function
    expect(page.locator("[data-testid=reply-text]")).to_have_value(re.compile("萍乡小李您好"))
    screenshot(page, "interaction-compose.png")
    page.click("[data-testid=reply-submit]", timeout=90000)  # 第一次 AI 审校要加载规则包
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=reply-state]").inner_text() == "待审核"
    assert page.locator("[data-testid=approve]").count() == 0  # 客服不能审核

    page.context.clear_cookies()
    page = browser_login(personas["manager"].username)
    page.goto(f"{live_server.url}/w/{workspace.slug}/interaction/m/{m.pk}/")
    page.click("[data-testid=approve]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=reply-state]").inner_text() == "已通过待发送"

    page.context.clear_cookies()
    page = browser_login(personas["support"].username)
    page.goto(f"{live_server.url}/w/{workspace.slug}/interaction/m/{m.pk}/")
    page.click("[data-testid=mark-manual]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=reply-state]").inner_text() == "已人工发送"
    assert page.locator("[data-testid=state]").inner_text() == "已答复"
    screenshot(page, "interaction-sent.png")
    reply = Reply.objects.get()
    assert reply.text == "萍乡小李您好！灵活就业社保补贴可在赣服通申请。" and reply.template == tpl
    assert (reply.written_by, reply.approved_by, reply.sent_by) == (personas["support"], personas["manager"],
                                                                     personas["support"])
    assert Message.objects.get(pk=m.pk).state == "answered"
    assert not errors


def test_inbox_on_a_phone_shows_each_message_as_a_card_and_folds_filters_and_bulk_actions(
        workspace, accounts, personas, seeded, browser_login, live_server):
    """390 px 宽（手机）：页面不横向滚动；每条消息的内容、分类、状态、时限都在屏幕内；筛选和批量操作收在按钮后，
    点开后下拉框和按钮都在屏幕内、点得到。"""
    from django.utils import timezone

    services.receive_messages(workspace=workspace, account=accounts["douyin"], source="api", incoming=[
        incoming("p1", "请问灵活就业社保补贴怎么申请？需要带哪些材料？是不是要本人去窗口办理？", author="萍乡小李",
                 when=timezone.now()),
        incoming("p2", "投诉某某公司拖欠工资三个月，求帮助", author="网友乙", when=timezone.now())])
    page = browser_login(personas["support"].username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/w/{workspace.slug}/interaction/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator(".inbox-row").filter(has_text="拖欠工资").first
    for part in ("[data-testid=msg-link]", ".badge >> nth=0", "[data-testid=timer]"):
        box = row.locator(part).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, part
    assert "拖欠工资三个月" in row.locator("[data-testid=msg-link]").inner_text()  # 手机上内容换行显示，不截断

    assert not page.locator("[data-testid=filters] select[name=state]").is_visible()
    page.click("[data-testid=filters-toggle]")
    state = page.locator("[data-testid=filters] select[name=state]")
    state.wait_for(state="visible")
    box = state.bounding_box()
    assert box["x"] + box["width"] <= 390
    state.select_option("all")
    # 展开的筛选区里有新字：没有中文字体的浏览器（CI）这时才取随应用发布的字体块，字体换上时按钮会挪位，等它取完再点
    page.evaluate("document.fonts.ready.then(() => true)")
    page.click("[data-testid=filters] button:has-text('筛选')")
    page.wait_for_url(re.compile(r"state=all"))  # 等到筛选后的页面真的打开（networkidle 可能在跳转开始前就返回）
    page.wait_for_load_state()
    assert page.locator("[data-testid=filters] select[name=state]").is_visible()  # 已筛选时筛选区保持展开

    assert not page.locator("[data-testid=bulk] button[value=close]").is_visible()
    page.click("[data-testid=bulk-toggle]")
    close = page.locator("[data-testid=bulk] button[value=close]")
    close.wait_for(state="visible")
    box = close.bounding_box()
    assert box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "interaction-inbox-phone.png")
