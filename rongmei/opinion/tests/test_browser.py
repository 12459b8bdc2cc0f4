"""浏览器：一条负面信息进来 → 定为较大 → 值班人的群机器人收到预警（仿真服务器记录）→ 打开事件 → 打开危机开关
→ 排期的稿件没有被 worker 发出。"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import screenshot
from rongmei.opinion import services
from rongmei.opinion import tasks as opinion_tasks
from rongmei.opinion.models import Alert, Event
from rongmei.publishing import tasks as publishing_tasks
from rongmei.publishing.choices import PubState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_negative_mention_to_crisis_switch(browser_login, live_server, fake, fake_robot, fake_robot_url, item,
                                           accounts, wechat_creds, schedule, personas, workspace, make_group):
    manager = personas["manager"]
    services.duty_slot_save(actor=None, workspace=workspace, user=manager, start=dt.time(0, 0),
                            end=dt.time(23, 59, 59), note="全天值班")
    services.robot_save(actor=None, workspace=workspace, kind="wecom", name="舆情值班群",
                        webhook=f"{fake_robot_url}/cgi-bin/webhook/send?key=browser-test-key-01")
    (pub,) = schedule(item, [accounts["wechat"]])  # 已到时间的排期稿件

    # 一条负面信息进来，定级任务把它定为较大并预警
    make_group([("某路段积水致2人受伤，市民质疑排水迟缓", "neg")], title="某路段积水致人受伤")
    assert opinion_tasks.assess_recent.call_local() == 1
    alert = Alert.objects.get()
    assert alert.get_grade_display() == "较大" and list(alert.recipients.all()) == [manager]
    (robot_msg,) = fake_robot.messages("wecom")
    assert "舆情预警（较大）" in robot_msg["text"] and "某路段积水致人受伤" in robot_msg["text"]

    # 值班人打开预警，转为事件
    page = browser_login("t-manager")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/w/{workspace.slug}/opinion/alerts/")
    assert "伤亡 2 人" in page.locator("[data-testid=alerts]").inner_text()
    page.click("[data-testid=alert-to-event]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=event-grade]").inner_text() == "较大"
    assert "某路段积水致人受伤" in page.locator("[data-testid=timeline]").inner_text()

    # 打开危机开关
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=crisis-on]")
    page.wait_for_load_state("networkidle")
    assert "已打开" in page.locator("[data-testid=crisis-state]").inner_text()
    assert page.locator("[data-testid=holding-link]").count() == 1
    screenshot(page, "opinion-crisis-1280.png")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "opinion-crisis-390.png")

    # worker 跑一遍：排期稿件没有发出
    publishing_tasks.publish_due.call_local()
    publishing_tasks.publish_one.call_local(pub.pk, True)
    pub.refresh_from_db()
    assert pub.state == PubState.QUEUED and "暂停" in pub.hold_reason
    assert fake.posts() == []
    event = Event.objects.get()
    assert event.crisis_on and event.workspace.publishing_paused
