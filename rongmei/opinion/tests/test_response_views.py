"""舆情应对的页面：每个角色能看/能做什么（403），页面是中文，表单错误有中文提示。"""

from __future__ import annotations

import pytest
from django.urls import reverse

from rongmei.opinion import services
from rongmei.opinion.choices import RiskGrade
from rongmei.opinion.models import DutySlot, Event, RobotChannel

pytestmark = pytest.mark.django_db

ROLES = ["manager", "editor", "reviewer", "analyst", "designer", "video", "support", "tech", "client_officer",
         "client_leader", "contributor", "expert"]


@pytest.fixture
def event(workspace, personas, make_group):
    group = make_group([("某路段积水致2人受伤", "neg")])
    services.group_assess(group=group)
    return services.event_open(actor=personas["analyst"], workspace=workspace, title="某路段积水致人受伤",
                               grade=RiskGrade.LARGER, group=group)


def _url(name, ws, **kw):
    return reverse(f"opinion:{name}", kwargs={"ws": ws.slug, **kw})


# 页面（GET）× 角色：200 或 403
PAGES = {
    "alert_list": {"manager", "editor", "reviewer", "analyst", "designer", "video", "support", "tech"},
    "event_list": {"manager", "editor", "reviewer", "analyst", "designer", "video", "support", "tech",
                   "client_officer", "client_leader"},
    "case_list": None, "document_list": None, "assessment_list": None,  # None：同 event_list（查看舆情）
    "event_new": {"manager", "analyst", "editor"},
    "response_settings": {"manager"},
    "plan_new": {"manager", "analyst"},
}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(client, workspace, personas, event, role):
    client.force_login(personas[role])
    for name, allowed in PAGES.items():
        allowed = allowed if allowed is not None else PAGES["event_list"]
        resp = client.get(_url(name, workspace))
        assert resp.status_code == (200 if role in allowed else 403), (name, role, resp.status_code)
    detail = client.get(_url("event_detail", workspace, pk=event.pk))
    assert detail.status_code == (200 if role in PAGES["event_list"] else 403)
    if detail.status_code == 200:
        html = detail.content.decode()
        assert ("打开危机开关</button>" in html) == (role in {"manager", "client_leader"})
        assert ('data-testid="entry-form"' in html) == (role in {"manager", "analyst", "editor"})


# 写操作（POST）× 角色
ACTIONS = {
    "event_crisis": {"manager", "client_leader"},
    "event_entry": {"manager", "analyst", "editor"},
    "event_document": {"manager", "analyst"},
    "duty_add": {"manager"},
}


@pytest.mark.parametrize("role", ROLES)
def test_every_action_for_every_role(client, workspace, personas, event, role, django_capture_on_commit_callbacks):
    client.force_login(personas[role])
    data = {"event_crisis": {"on": "1"}, "event_entry": {"kind": "action", "text": "已联系城管核实"},
            "event_document": {"kind": "special"},
            "duty_add": {"user": personas["editor"].pk, "start": "09:00", "end": "18:00"}}
    for name, allowed in ACTIONS.items():
        kw = {"pk": event.pk} if name.startswith("event_") else {}
        with django_capture_on_commit_callbacks(execute=True):
            resp = client.post(_url(name, workspace, **kw), data[name])
        assert resp.status_code == (302 if role in allowed else 403), (name, role, resp.status_code)
    event.refresh_from_db()
    assert event.crisis_on == (role in ACTIONS["event_crisis"])
    assert DutySlot.objects.exists() == (role in ACTIONS["duty_add"])


def test_alert_ack_and_convert_from_the_alert_page(client, workspace, personas, make_group, on_duty_all_day):
    services.group_assess(group=make_group([("积水致3人受伤", "neg")], title="积水"))
    client.force_login(personas["analyst"])
    page = client.get(_url("alert_list", workspace)).content.decode()
    assert "【较大】积水" in page and "确认收到" in page
    alert = workspace.opinion_alerts.get()
    resp = client.post(_url("alert_to_event", workspace, pk=alert.pk))
    event = Event.objects.get(group=alert.group)
    assert resp.url == _url("event_detail", workspace, pk=event.pk)
    html = client.get(resp.url).content.decode()
    assert "预警（较大" in html and "crisis-on" not in html  # 分析员没有危机开关权限


def test_bad_input_shows_chinese_errors(client, workspace, personas, event):
    client.force_login(personas["manager"])
    resp = client.post(_url("robot_add", workspace), {"kind": "wecom", "name": "x",
                                                      "webhook": "https://example.com/hook?key=abcdefgh123"})
    assert resp.status_code == 400 and "官方地址" in resp.content.decode()
    assert not RobotChannel.objects.exists()
    resp = client.post(_url("rules_save", workspace), {"larger__volume": "很多", "larger__min_conditions": "1",
                                                       "larger__growth_min_volume": "5",
                                                       "larger__negative_min_volume": "5",
                                                       "major__min_conditions": "1", "major__volume": "100",
                                                       "major__growth_min_volume": "5",
                                                       "major__negative_min_volume": "5"})
    assert resp.status_code == 400 and "较大：信息量（条）应为数字" in resp.content.decode()
    resp = client.post(_url("event_close", workspace, pk=event.pk), {"cause": "", "handling": "", "lessons": ""})
    assert resp.status_code == 400 and "这个字段是必填项" in resp.content.decode()
    resp = client.post(_url("duty_add", workspace), {"user": personas["editor"].pk, "start": "09:00", "end": "09:00"})
    assert resp.status_code == 400 and "结束时间不能与开始时间相同" in resp.content.decode()


def test_grade_confirmation_page(client, workspace, personas, event):
    a = event.group.assessment
    client.force_login(personas["analyst"])
    html = client.get(_url("assessment_detail", workspace, pk=a.pk)).content.decode()
    assert "伤亡 2 人" in html
    resp = client.post(_url("assessment_detail", workspace, pk=a.pk), {"grade": "major", "note": ""})
    assert "改定级别时请写明理由" in resp.content.decode()
    client.post(_url("assessment_detail", workspace, pk=a.pk), {"grade": "major", "note": "涉及学生"})
    a.refresh_from_db()
    assert a.grade == "major"
    event.refresh_from_db()
    assert event.grade == "major"  # 处置中的事件跟着改级，并记入时间线
    client.force_login(personas["editor"])
    assert client.post(_url("assessment_detail", workspace, pk=a.pk), {"grade": "general"}).status_code == 403


def test_other_workspace_cannot_see_the_event(client, other_workspace, personas, event):
    from rongmei.workspaces.models import Membership

    Membership.objects.create(user=personas["manager"], workspace=other_workspace, role="manager")
    client.force_login(personas["manager"])
    assert client.get(_url("event_detail", other_workspace, pk=event.pk)).status_code == 404


def test_settings_page_never_shows_the_secret(client, workspace, personas, fake_robot, fake_robot_url):
    client.force_login(personas["manager"])
    client.post(_url("robot_add", workspace), {"kind": "dingtalk", "name": "领导群",
                                               "webhook": f"{fake_robot_url}/robot/send?access_token=tok-abcdef-123456",
                                               "secret": "SECverysecretvalue"})
    html = client.get(_url("response_settings", workspace)).content.decode()
    assert "领导群" in html and "tok-abcdef-123456" not in html and "SECverysecretvalue" not in html


def test_api_events_timeline_and_crisis(client, workspace, personas, event):
    client.force_login(personas["client_officer"])
    rows = client.get(f"/api/opinion/events/{workspace.slug}").json()
    assert [r["title"] for r in rows] == ["某路段积水致人受伤"] and rows[0]["grade_label"] == "较大"
    detail = client.get(f"/api/opinion/events/{workspace.slug}/{event.pk}").json()
    assert any("伤亡 2 人" in r for r in detail["reasons"]) and detail["timeline"]
    assert client.post(f"/api/opinion/events/{workspace.slug}/{event.pk}/crisis", {"on": True},
                       content_type="application/json").status_code == 403
    client.force_login(personas["client_leader"])
    resp = client.post(f"/api/opinion/events/{workspace.slug}/{event.pk}/crisis", {"on": True},
                       content_type="application/json")
    assert resp.status_code == 200 and resp.json()["crisis_on"] is True
    workspace.refresh_from_db()
    assert workspace.publishing_paused
    client.force_login(personas["editor"])
    bad = client.post(f"/api/opinion/events/{workspace.slug}/{event.pk}/entries", {"kind": "crisis", "text": "x"},
                      content_type="application/json")
    assert bad.status_code == 400 and "处置行动" in bad.json()["errors"][0]
