"""浏览器：组长在场次页开始扫码签到（1280 px），学员用手机（390 px）打开签到页填姓名手机号签到；手机上 H5 答题看到成绩。"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_qr_sign_in_and_h5_quiz_on_a_phone(browser_login, live_server, workspace, personas, people):
    from rongmei.core import clock
    from rongmei.grassroots import services
    from rongmei.grassroots.choices import Attendance, Audience
    from rongmei.grassroots.models import Enrolment

    c = services.course_save(actor=personas["manager"], workspace=workspace, name="基层信息供稿员培训",
                             audience=Audience.CONTRIBUTOR, year=2025, target_hours=12)
    s = services.session_save(actor=personas["manager"], course=c, title="线索发现", date=clock.today(),
                              mode="offline", place="报告厅", teacher="王老师", hours=3)
    services.enrol(actor=personas["manager"], session=s, members=[people["gao"]])
    now = clock.now()
    quiz = services.quiz_save(actor=personas["manager"], workspace=workspace, title="助残知识答题",
                              opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
                              questions=[{"q": "盲道通常是什么颜色？", "options": ["黄色", "红色"], "answer": 0}])
    page = browser_login("t-manager")
    page.set_viewport_size({"width": 1280, "height": 900})
    base = f"{live_server.url}/w/{workspace.slug}/grassroots"
    page.goto(f"{base}/sessions/{s.pk}/")
    page.locator("[data-testid=signin-open]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=signin-qr] svg").count() == 1
    url = page.locator("[data-testid=qr-signin] a").first.get_attribute("href")
    screenshot(page, "grassroots-qr-signin-manager.png")

    phone = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    p2 = phone.new_page()
    p2.goto(url)
    p2.fill("input[name=name]", "高管理")
    p2.fill("input[name=phone]", "13900000002")
    p2.locator("[data-testid=signin-submit]").click()
    p2.wait_for_load_state("networkidle")
    assert "签到成功" in p2.locator("[data-testid=signin-done]").inner_text()
    assert p2.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(p2, "grassroots-qr-signin-phone.png")
    assert Enrolment.objects.get(session=s, member=people["gao"]).state == Attendance.ATTENDED

    p2.goto(f"{base}/h5/quiz/{quiz.token}/?openid=oPhone1")
    p2.locator("[data-testid=quiz-submit]").click()
    p2.wait_for_load_state("networkidle")
    assert "第 1 题还没有选答案" in p2.locator("[data-testid=quiz-error]").inner_text()
    p2.locator("input[name=q0][value='0']").check()
    p2.locator("[data-testid=quiz-submit]").click()
    p2.wait_for_load_state("networkidle")
    assert "答对 1 / 1 题" in p2.locator("[data-testid=quiz-result]").inner_text()
    screenshot(p2, "grassroots-h5-quiz-phone.png")
    phone.close()
