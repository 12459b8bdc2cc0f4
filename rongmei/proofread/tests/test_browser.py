"""浏览器：在在线审校页粘贴含错文字，看到高亮，采纳建议后文字被改正。"""

import pytest

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_paste_highlight_and_accept(platforms, personas, workspace, browser_login, live_server):
    from rongmei.proofread import services

    services.entry_create(actor=personas["manager"], workspace=workspace, category="banned_expression",
                          data={"term": "规土委", "suggestion": "规划自然资源委"})
    page = browser_login(personas["editor"].username)
    page.goto(f"{live_server.url}/w/{workspace.slug}/proofread/")
    page.fill("[data-testid=proof-input]", "截止目前，市规土委共受理申请3000件。")
    page.click("[data-testid=proof-submit]")
    page.wait_for_selector("#proof-text .finding")
    highlighted = page.locator("#proof-text .finding").all_inner_texts()
    assert "规土委" in highlighted and "截止" in highlighted
    assert page.locator("[data-testid=error-rate-value]").inner_text().strip() != ""
    screenshot(page, "proofread-highlight.png")
    item = page.locator("[data-testid=finding-item]", has_text="规土委")
    item.locator("[data-accept]").click()
    text = page.locator("#proof-text").inner_text()
    assert "市规划自然资源委共受理" in text and "规土委" not in text
    assert "已采纳" in item.inner_text()
    # 忽略“截止”：高亮去掉，文字不变
    page.locator("[data-testid=finding-item]", has_text="截止").locator("[data-dismiss-finding]").click()
    assert page.locator("#proof-text .finding").count() == 0
    assert page.locator("#proof-text").inner_text().startswith("截止目前")
    # 忽略后可以申请白名单（htmx 提交，带 CSRF 头）
    item2 = page.locator("[data-testid=finding-item]", has_text="截止")
    item2.locator("input[name=reason]").fill("引用原文件标题，不改")
    item2.locator("form.propose button").click()
    page.wait_for_selector("[data-testid=propose-result]")
    assert "已申请将“截止”加入白名单" in item2.inner_text()
    page.click("[data-testid=copy-fixed]")
    assert page.input_value("[data-testid=proof-input]").startswith("截止目前，市规划自然资源委")
    screenshot(page, "proofread-accepted.png")


def test_manager_records_a_local_leaders_dated_positions(platforms, personas, workspace, browser_login, live_server):
    """经理在审校词库里给本地领导写任职期间与职务连写顺序；在线审校按今天的日期提示已卸任的职务。"""
    page = browser_login(personas["manager"].username)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/w/{workspace.slug}/proofread/lexicon/new/?category=leader_title")
        assert page.get_by_text("任职期间").first.is_visible()
        screenshot(page, f"proofread-leader-form-{width}.png")
    page.fill("input[name=name]", "甄为民")
    page.fill("input[name=title]", "示例市委书记、市人大常委会主任")
    page.fill("textarea[name=positions]", "示例市市长 2021-06-01 至 2024-03-10\n示例市委书记 2024-03-10 起")
    page.fill("input[name=title_order]", "示例市委书记、市人大常委会主任")
    page.locator("[data-testid=entry-form] button").click()
    page.wait_for_url("**/lexicon/**")
    assert page.get_by_text("示例市市长 2021-06-01 至 2024-03-10").first.is_visible()
    screenshot(page, "proofread-leader-list-390.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/w/{workspace.slug}/proofread/")
    page.fill("[data-testid=proof-input]", "示例市市长甄为民出席会议。")
    page.click("[data-testid=proof-submit]")
    item = page.locator("[data-testid=finding-item]", has_text="卸任")
    item.first.wait_for()
    assert "已于 2024-03-10 卸任“示例市市长”" in item.first.inner_text()
    screenshot(page, "proofread-leader-outdated-1280.png")
    # 细查：手机宽度下勾选后，把握较低的疑似错别字也列出
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/w/{workspace.slug}/proofread/")
    page.fill("[data-testid=proof-input]", "各部门要密切配和，形成工作合力。")
    page.check("input[name=thorough]")
    page.click("[data-testid=proof-submit]")
    hit = page.locator("[data-testid=finding-item]", has_text="疑为“合”")
    hit.first.wait_for()
    assert page.locator("input[name=thorough]").is_checked()
    screenshot(page, "proofread-thorough-390.png")
