"""浏览器：一条评论进来（receive_messages）→ 自动分类 → 客服选口径写答复 → 组长审核通过 → 客服标记已人工发出。"""

from __future__ import annotations

import pytest

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
    page.wait_for_function("document.querySelector('[data-testid=reply-text]').value.includes('萍乡小李您好')")
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
