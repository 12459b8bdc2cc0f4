"""舆情应对：定级与人工确认、值班、预警（去重计数、免打扰、升级、群机器人真实 HTTP）、事件、危机开关。"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rongmei.audit.models import AuditEvent
from rongmei.core import crypto, duty
from rongmei.core.models import Notification
from rongmei.opinion import selectors, services
from rongmei.opinion.choices import AlertState, EntryKind, RiskGrade
from rongmei.opinion.models import Alert, AlertSettings, RobotChannel

pytestmark = pytest.mark.django_db

CASUALTY = [("某路段积水致2人受伤，市民质疑排水迟缓", "neg")]


def test_negative_mention_with_casualties_is_graded_larger_with_reasons(make_group, personas):
    group = make_group(CASUALTY)
    a = services.group_assess(group=group)
    assert a.grade == RiskGrade.LARGER and a.computed_grade == RiskGrade.LARGER
    assert any("伤亡 2 人" in r for r in a.reasons)
    assert a.facts["volume"] == 1 and a.facts["negative"] == 1


def test_quiet_group_is_general_and_raises_no_alert(make_group, on_duty_all_day):
    group = make_group([("今天天气不错", "pos")])
    assert services.group_assess(group=group).grade == RiskGrade.GENERAL
    assert not Alert.objects.exists()


def test_person_confirms_or_changes_the_grade_and_it_is_audited(make_group, personas):
    a = services.group_assess(group=make_group(CASUALTY))
    with pytest.raises(ValidationError) as err:
        services.assessment_confirm(actor=personas["analyst"], assessment=a, grade=RiskGrade.MAJOR)
    assert "理由" in str(err.value)
    with pytest.raises(PermissionDenied):
        services.assessment_confirm(actor=personas["editor"], assessment=a, grade=RiskGrade.LARGER)
    services.assessment_confirm(actor=personas["analyst"], assessment=a, grade=RiskGrade.MAJOR, note="涉及学生")
    a.refresh_from_db()
    assert a.grade == RiskGrade.MAJOR and a.confirmed_by == personas["analyst"] and a.changed_by_person
    audit = AuditEvent.objects.filter(object_type="opinion.riskassessment").latest("id")
    assert "改定舆情级别：重大" in audit.message and audit.before["级别"] == "较大"
    # 系统重新研判（同样较大）不会把人改定的“重大”降回去
    services.group_assess(group=a.group)
    a.refresh_from_db()
    assert a.grade == RiskGrade.MAJOR and a.is_confirmed


def test_duty_provider_answers_core_duty(workspace, personas):
    services.duty_slot_save(actor=personas["manager"], workspace=workspace, user=personas["editor"],
                            start=dt.time(22, 0), end=dt.time(8, 0), weekdays=[0])  # 周一夜班，跨到周二早上
    monday_night = timezone.make_aware(dt.datetime(2025, 11, 17, 23, 30))
    tuesday_early = timezone.make_aware(dt.datetime(2025, 11, 18, 7, 0))
    tuesday_night = timezone.make_aware(dt.datetime(2025, 11, 18, 23, 0))
    assert duty.on_duty(workspace, monday_night) == [personas["editor"]]
    assert duty.on_duty(workspace, tuesday_early) == [personas["editor"]]
    assert duty.on_duty(workspace, tuesday_night) == [personas["manager"]]  # 无人在班：退回项目经理


def test_duty_member_must_belong_to_the_workspace(workspace, personas, make_user):
    outsider = make_user("outsider")
    with pytest.raises(ValidationError):
        services.duty_slot_save(actor=personas["manager"], workspace=workspace, user=outsider, start=dt.time(9),
                                end=dt.time(18))
    with pytest.raises(PermissionDenied):
        services.duty_slot_save(actor=personas["editor"], workspace=workspace, user=personas["editor"],
                                start=dt.time(9), end=dt.time(18))


def test_alert_reaches_duty_person_in_app_and_both_robots(make_group, on_duty_all_day, robots, fake_robot, personas,
                                                          committed):
    group = make_group(CASUALTY)
    with committed():
        services.group_assess(group=group)
    alert = Alert.objects.get()
    assert alert.grade == RiskGrade.LARGER and list(alert.recipients.all()) == [personas["analyst"]]
    assert Notification.objects.filter(user=personas["analyst"], kind="opinion.alert").count() == 1
    got = fake_robot.messages()
    assert {m["robot"] for m in got} == {"wecom", "dingtalk"}
    assert all("舆情预警（较大）" in m["text"] and "某路段积水" in m["text"] for m in got)
    alert.refresh_from_db()
    assert [d["ok"] for d in alert.deliveries] == [True, True]


def test_storm_is_one_alert_with_a_counter(make_group, on_duty_all_day, robots, fake_robot, committed):
    group = make_group(CASUALTY)
    with committed():
        services.group_assess(group=group)
        for n in range(2, 6):  # 同一组陆续又来 4 条
            group.size = n
            group.save()
            services.group_assess(group=group)
    alert = Alert.objects.get()
    assert alert.count == 5
    assert len(fake_robot.messages("wecom")) == 1  # 机器人只收到一条


def test_quiet_hours_keep_robots_silent_but_not_in_app(make_group, workspace, on_duty_all_day, robots, fake_robot,
                                                      personas, committed):
    AlertSettings.objects.create(workspace=workspace, quiet_start=dt.time(0, 0), quiet_end=dt.time(23, 59, 59))
    with committed():
        services.group_assess(group=make_group(CASUALTY))
    alert = Alert.objects.get()
    assert alert.quiet and fake_robot.messages() == []
    assert Notification.objects.filter(user=personas["analyst"], kind="opinion.alert").exists()


def test_unacknowledged_alert_escalates_once_to_manager_and_client_leader(make_group, on_duty_all_day, robots,
                                                                          fake_robot, personas, committed):
    with committed():
        services.group_assess(group=make_group(CASUALTY))
    alert = Alert.objects.get()
    later = alert.first_at + dt.timedelta(minutes=16)
    assert services.alerts_escalate(now=alert.first_at + dt.timedelta(minutes=5)) == 0
    with committed():
        assert services.alerts_escalate(now=later) == 1
    assert services.alerts_escalate(now=later + dt.timedelta(minutes=30)) == 0
    alert.refresh_from_db()
    assert alert.state == AlertState.ESCALATED
    assert Notification.objects.filter(user=personas["client_leader"], title__contains="无人确认").exists()
    assert any("无人确认" in m["text"] for m in fake_robot.messages("wecom"))
    services.alert_acknowledge(actor=personas["analyst"], alert=alert)
    alert.refresh_from_db()
    assert alert.state == AlertState.ACKED and alert.acknowledged_by == personas["analyst"]


def test_robot_failure_is_recorded_in_chinese_without_secrets(make_group, workspace, on_duty_all_day, fake_robot,
                                                              fake_robot_url, committed):
    fake_robot.dingtalk_robot("dingtoken0002abcd", secret="SECrightsecret")
    services.robot_save(actor=None, workspace=workspace, kind="dingtalk", name="错签名",
                        webhook=f"{fake_robot_url}/robot/send?access_token=dingtoken0002abcd", secret="SECwrongsecret")
    with committed():
        services.group_assess(group=make_group(CASUALTY))
    (delivery,) = Alert.objects.get().deliveries
    assert not delivery["ok"] and "签名不匹配" in delivery["error"]
    robot = RobotChannel.objects.get()
    assert "签名不匹配" in robot.last_error and "SECwrong" not in robot.last_error


def test_robot_credentials_are_encrypted_and_masked(workspace, personas, fake_robot, fake_robot_url):
    robot = services.robot_save(actor=personas["manager"], workspace=workspace, kind="wecom", name="值班群",
                                webhook=f"{fake_robot_url}/cgi-bin/webhook/send?key=secretkey-12345678")
    assert "secretkey-12345678" not in robot.encrypted and "secretkey-12345678" not in robot.hint
    assert json.loads(crypto.decrypt(robot.encrypted))["token"] == "secretkey-12345678"
    audit = AuditEvent.objects.filter(object_type="opinion.robotchannel").latest("id")
    assert "secretkey-12345678" not in json.dumps(audit.after, ensure_ascii=False)
    with pytest.raises(ValidationError) as err:
        services.robot_save(actor=personas["manager"], workspace=workspace, kind="wecom", name="坏地址",
                            webhook="https://evil.example.com/cgi-bin/webhook/send?key=abcdefgh123")
    assert "官方地址" in str(err.value)
    # 修改名称时地址留空 = 保持原值
    robot = services.robot_save(actor=personas["manager"], workspace=workspace, kind="wecom", name="改名",
                                robot=robot)
    assert services.robot_client(robot)._key == "secretkey-12345678"


def test_alert_becomes_event_with_timeline(make_group, on_duty_all_day, personas):
    group = make_group(CASUALTY + [("转发：积水致2人受伤", "neg")])
    services.group_assess(group=group)
    alert = Alert.objects.get()
    event = services.event_open(actor=personas["analyst"], workspace=group.workspace, title="", alert=alert)
    assert event.grade == RiskGrade.LARGER and event.group == group and event.owner == personas["analyst"]
    kinds = list(event.entries.values_list("kind", flat=True))
    assert kinds.count(EntryKind.MENTION) == 2 and EntryKind.ALERT in kinds
    alert.refresh_from_db()
    assert alert.event == event and alert.state == AlertState.ACKED
    services.event_add_entry(actor=personas["editor"], event=event, kind=EntryKind.STATEMENT, text="已发布情况说明")
    with pytest.raises(ValidationError):
        services.event_add_entry(actor=personas["editor"], event=event, kind=EntryKind.CRISIS, text="x")
    with pytest.raises(ValidationError) as err:
        services.event_close(actor=personas["analyst"], event=event, cause="", handling="", lessons="")
    assert set(err.value.error_dict) == {"cause", "handling", "lessons"}
    services.event_close(actor=personas["analyst"], event=event, cause="排水不畅", handling="发布说明",
                         lessons="汛期提前预警")
    assert list(selectors.cases_of(group.workspace, q="汛期")) == [event]
    assert list(selectors.cases_of(group.workspace, q="不存在的词")) == []
