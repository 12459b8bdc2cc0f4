"""浏览器测试：两个不同角色登录，各自只看到允许看到的内容；首页截图存到 test-artifacts/。"""

import pytest

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_workspaces(make_user, platforms):
    from rongmei.workcal.services import theme_days_seed
    from rongmei.workspaces.models import Membership, OfficialAccount, Platform, Workspace

    a = Workspace.objects.create(slug="ws-a", name="甲工作区·残联宣传", client_name="某残联")
    b = Workspace.objects.create(slug="ws-b", name="乙工作区·就业之家", client_name="某就业中心")
    for ws in (a, b):
        theme_days_seed(workspace=ws)
    OfficialAccount.objects.create(workspace=a, platform=Platform.objects.get(code="wechat"), name="甲的公众号")
    OfficialAccount.objects.create(workspace=b, platform=Platform.objects.get(code="douyin"), name="乙的抖音号")
    manager = make_user("mgr", "组长老张")
    contributor = make_user("contrib", "基层供稿员小徐")
    Membership.objects.create(user=manager, workspace=a, role="manager")
    Membership.objects.create(user=contributor, workspace=b, role="contributor")
    return a, b


def test_two_roles_see_only_what_they_may(two_workspaces, browser_login, live_server):
    page = browser_login("mgr")
    assert "/w/ws-a/" in page.url
    nav = page.locator("[data-testid=nav]").text_content()  # 分组下拉里的菜单项也算
    assert "审计日志" in nav and "成员与角色" in nav and "后台任务" in nav
    assert "甲的公众号" in page.content() and "乙的抖音号" not in page.content()
    assert page.locator("[data-testid=current-role]").inner_text() == "项目经理/组长"
    shot = screenshot(page, "home-manager.png")
    assert shot.endswith(".png")
    resp = page.goto(live_server.url + "/w/ws-b/")
    assert resp.status == 404 and "工作区不存在或您不是其成员" in page.content()
    page.click("text=退出")

    page = browser_login("contrib")
    assert "/w/ws-b/" in page.url
    nav = page.locator("[data-testid=nav]").text_content()  # 分组下拉里的菜单项也算
    assert "审计日志" not in nav and "成员与角色" not in nav
    page.goto(live_server.url + "/w/ws-b/accounts/")  # 供稿员的工作台不放账号矩阵；隔离看账号页
    assert "乙的抖音号" in page.content() and "甲的公众号" not in page.content()
    screenshot(page, "home-contributor.png")
    resp = page.goto(live_server.url + "/w/ws-b/audit/")
    assert resp.status == 403
    resp = page.goto(live_server.url + "/w/ws-a/")
    assert resp.status == 404


def test_calendar_month_in_browser(two_workspaces, browser_login, live_server):
    page = browser_login("mgr")
    page.goto(live_server.url + "/w/ws-a/calendar/?year=2025&month=10")
    cell = page.locator('td[data-date="2025-10-11"]')
    assert "调休上班" in cell.inner_text()
    screenshot(page, "calendar-2025-10.png")
