"""浏览器里的中文控件：文件选择框显示“选择文件 / 未选择文件”，日期输入框显示已有的日期（1366 与 390 宽度）。"""

import pytest

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager(workspace, make_user):
    from rongmei.workspaces.models import Membership

    user = make_user("mgr", "组长老张")
    Membership.objects.create(user=user, workspace=workspace, role="manager")
    return user


@pytest.mark.parametrize("width", [1366, 390])
def test_file_input_is_a_chinese_picker(manager, workspace, browser_login, live_server, tmp_path, width):
    page = browser_login("mgr")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/w/{workspace.slug}/proofread/")
    picker = page.locator("[data-testid=file-picker]").first
    assert picker.is_visible()
    assert "选择文件" in picker.inner_text() and "未选择文件" in picker.inner_text()
    native = picker.locator("input[type=file]")
    assert native.bounding_box() is None or native.bounding_box()["width"] <= 1  # 浏览器自带的英文按钮看不见
    sample = tmp_path / "稿件.txt"
    sample.write_text("测试文本", encoding="utf-8")
    native.set_input_files(str(sample))
    assert "稿件.txt" in picker.inner_text()
    screenshot(page, f"file-picker-{width}.png")


def test_service_period_shows_in_the_date_inputs(manager, workspace, browser_login, live_server):
    page = browser_login("mgr")
    page.goto(f"{live_server.url}/w/{workspace.slug}/settings/")
    assert page.input_value("input[name=period_start]") == "2025-01-01"
    assert page.input_value("input[name=period_end]") == "2025-12-31"
    page.click("form[method=post] button[type=submit] >> nth=-1")
    page.wait_for_load_state("networkidle")
    workspace.refresh_from_db()
    assert str(workspace.period_start) == "2025-01-01" and str(workspace.period_end) == "2025-12-31"
