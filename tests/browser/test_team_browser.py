"""团队（浏览器）：编辑请假 → 岗位缺人的提醒；组长看到缺岗与缺班，批准换班；月度值班表导出 Word（手机宽度也能用）。"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from docx import Document

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2024, 2, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def scene(workspace, make_user):
    from rongmei.contracts.services import contract_save
    from rongmei.team import services
    from rongmei.team.tests.test_team import CONTRACT
    from rongmei.workspaces.models import Membership

    users = {}
    for username, name, role in [("mgr", "组长老张", "manager"), ("ed", "编辑小王", "editor"),
                                 ("rv", "审核员老李", "reviewer"), ("cl", "甲方领导吴主任", "client_leader")]:
        users[username] = make_user(username, name)
        Membership.objects.create(user=users[username], workspace=workspace, role=role)
    contract_save(actor=None, workspace=workspace, yaml_text=CONTRACT)
    members = {}
    for username, post, years in [("mgr", "pm", 8), ("ed", "ed", 3), ("rv", "ed", 6)]:
        members[username] = services.member_create(
            actor=None, workspace=workspace, name=users[username].display_name, post=post, years=Decimal(years),
            on_site=True, joined_on=dt.date(2024, 1, 1), user=users[username])
    services.bands_setup(actor=None, workspace=workspace)
    onsite = workspace.team_bands.get(code="onsite")
    services.rota_fill(actor=None, workspace=workspace, band=onsite, start=dt.date(2024, 2, 1),
                       end=dt.date(2024, 2, 29), members=[members["ed"]])
    return members


def _as(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "Test@12345")
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state("networkidle")


def test_leave_uncovers_a_post_then_swap_then_word_rota(scene, workspace, browser_page, live_server):
    page = browser_page
    base = f"{live_server.url}/w/{workspace.slug}/team"
    with time_machine.travel(NOW, tick=True):
        # 编辑小王请 2 月 5–6 日的假：驻场编辑只剩 1 人，提交后看到缺岗提醒
        _as(page, live_server, "ed")
        page.goto(base + "/leaves/")
        form = page.locator("[data-testid=leave-form]")
        form.locator("input[name=start]").fill("2024-02-05")
        form.locator("input[name=end]").fill("2024-02-06")
        form.locator("input[name=reason]").fill("回老家办事")
        form.locator("button").click()
        warning = page.locator("[data-testid=leave-uncovered]")
        assert "驻场编辑" in warning.inner_text() and "2024-02-05" in warning.inner_text()
        assert "待组长审批" in page.locator("[data-testid=leave-state]").inner_text()
        screenshot(page, "team-leave-uncovered.png")

        # 组长：名册页提前看到缺岗；值班表上 2 月 5 日驻场值守缺班（排的是请假的小王）
        _as(page, live_server, "mgr")
        page.goto(base + "/")
        assert "2月5日" in page.locator("[data-testid=staff-gaps]").inner_text()
        page.goto(base + "/rota/?m=2024-02")
        row = page.locator("tr[data-day='2024-02-05']")
        assert row.locator("[data-band=onsite] [data-testid=gap]").count() == 1
        assert page.locator("tr[data-day='2024-02-04'] [data-testid=adjusted]").count() == 1  # 调休上班的星期日

        # 换班：换给请假的人不行（换给自己请假的同事时给出中文错误），换给老李可以，组长批准后不再缺班
        row.locator("[data-band=onsite] [data-testid=swap-link]").click()
        page.select_option("select[name=to_member]", label="审核员老李（驻场编辑）")
        page.fill("input[name=reason]", "小王请假")
        page.locator("[data-testid=team-form] button.btn-primary").click()
        page.locator("[data-testid=swaps]").wait_for()
        page.locator("[data-testid=swaps] button[value=approve]").click()
        page.wait_for_load_state("networkidle")
        row = page.locator("tr[data-day='2024-02-05']")
        onsite = row.locator("[data-band=onsite]")
        assert "审核员老李" in onsite.inner_text() and onsite.locator("[data-testid=gap]").count() == 0
        screenshot(page, "team-rota-after-swap.png")

        # 月度值班表导出 Word
        with page.expect_download() as info:
            page.click("[data-testid=rota-docx]")
        doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
        rows = {r.cells[0].text: [c.text for c in r.cells] for r in doc.tables[0].rows}
        assert "审核员老李" in rows["2月5日 周一"][2]
        assert "编辑小王" in rows["2月4日 周日（春节调休上班）"][2]

        # 手机宽度：值班表不横向溢出，导出按钮可见
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(base + "/rota/?m=2024-02")
        assert page.locator("[data-testid=rota-docx]").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        screenshot(page, "team-rota-390.png")


def test_swap_onto_someone_on_leave_is_refused(scene, workspace, browser_page, live_server):
    from rongmei.team import services

    services.leave_request(actor=None, workspace=workspace, member=scene["rv"], start=dt.date(2024, 2, 5),
                           end=dt.date(2024, 2, 5), reason="病假")
    page = browser_page
    with time_machine.travel(NOW, tick=True):
        _as(page, live_server, "ed")
        page.goto(f"{live_server.url}/w/{workspace.slug}/team/rota/?m=2024-02")
        page.locator("tr[data-day='2024-02-05'] [data-band=onsite] [data-testid=swap-link]").click()
        page.select_option("select[name=to_member]", label="审核员老李（驻场编辑）")
        page.locator("[data-testid=team-form] button.btn-primary").click()
        assert "请假，不能值班" in page.locator("[data-testid=team-form]").inner_text()
