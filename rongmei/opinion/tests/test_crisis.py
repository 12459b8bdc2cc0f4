"""危机开关：一键暂停排期发布（worker 真的不发）、建立先期回应口径（快速审核）、恢复一键且有审计。"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rongmei.audit.models import AuditEvent
from rongmei.opinion import services
from rongmei.opinion.choices import EntryKind, RiskGrade
from rongmei.production.choices import Importance
from rongmei.production.models import ContentItem
from rongmei.publishing import tasks as publishing_tasks
from rongmei.publishing.choices import PubState

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(workspace, personas, make_group):
    group = make_group([("某路段积水致2人受伤", "neg")], message_ids=[41, 42])
    return services.event_open(actor=personas["analyst"], workspace=workspace, title="某路段积水致人受伤",
                               grade=RiskGrade.LARGER, group=group)


def test_crisis_switch_pauses_scheduled_posts_and_the_worker_sends_nothing(
        fake, item, accounts, wechat_creds, schedule, event, personas, workspace):
    (pub,) = schedule(item, [accounts["wechat"]])
    services.crisis_switch(actor=personas["client_leader"], event=event, on=True)
    workspace.refresh_from_db()
    assert workspace.publishing_paused
    publishing_tasks.publish_due.call_local()
    publishing_tasks.publish_one.call_local(pub.pk, True)
    pub.refresh_from_db()
    assert pub.state == PubState.QUEUED and "暂停" in pub.hold_reason
    assert fake.posts() == [] and fake.calls() == []
    pause_audit = AuditEvent.objects.filter(message__startswith="暂停全部发布").latest("id")
    assert "某路段积水致人受伤" in pause_audit.message  # 暂停原因写明事件
    # 恢复：一键，有审计，之后 worker 照常发布
    services.crisis_switch(actor=personas["manager"], event=event, on=False)
    workspace.refresh_from_db()
    assert not workspace.publishing_paused
    assert AuditEvent.objects.filter(message="关闭危机开关：某路段积水致人受伤", actor_id=personas["manager"].pk).exists()
    publishing_tasks.publish_due.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.PUBLISHED and len(fake.posts()) == 1


def test_crisis_switch_opens_a_holding_statement_on_the_fast_path(event, personas):
    services.crisis_switch(actor=personas["manager"], event=event, on=True)
    event.refresh_from_db()
    holding = ContentItem.objects.get(pk=event.holding_item_id)
    assert holding.importance == Importance.LOW and "先期回应口径" in holding.title
    assert holding.author == personas["manager"]  # 负责人（分析员）不能新建稿件，由打开开关的组长起草
    crisis = event.entries.get(kind=EntryKind.CRISIS)
    assert "暂停全部排期发布" in crisis.text and "编号 41" in crisis.text  # 关联的互动消息
    assert AuditEvent.objects.filter(message="打开危机开关：某路段积水致人受伤").exists()


def test_crisis_switch_needs_larger_grade_and_the_right_role(workspace, personas, event):
    with pytest.raises(PermissionDenied):
        services.crisis_switch(actor=personas["editor"], event=event, on=True)
    small = services.event_open(actor=personas["analyst"], workspace=workspace, title="一般事件")
    with pytest.raises(ValidationError, match="较大或重大"):
        services.crisis_switch(actor=personas["manager"], event=small, on=True)
    workspace.refresh_from_db()
    assert not workspace.publishing_paused


def test_two_events_in_crisis_resume_only_when_both_are_off(workspace, personas, event):
    other = services.event_open(actor=personas["analyst"], workspace=workspace, title="另一事件",
                                grade=RiskGrade.MAJOR)
    services.crisis_switch(actor=personas["manager"], event=event, on=True)
    services.crisis_switch(actor=personas["manager"], event=other, on=True)
    services.crisis_switch(actor=personas["manager"], event=event, on=False)
    workspace.refresh_from_db()
    assert workspace.publishing_paused
    services.event_close(actor=personas["manager"], event=other, cause="a", handling="b", lessons="c")
    workspace.refresh_from_db()
    assert not workspace.publishing_paused  # 结案时关掉危机开关并恢复发布
