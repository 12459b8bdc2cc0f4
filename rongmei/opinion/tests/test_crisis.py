"""危机开关：一键暂停排期发布（worker 真的不发）、建立先期回应口径（快速审核）、恢复一键且有审计。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rongmei.audit.models import AuditEvent
from rongmei.interaction.models import Message
from rongmei.opinion import services
from rongmei.opinion.choices import EntryKind, RiskGrade
from rongmei.production.choices import Importance
from rongmei.production.models import ContentItem
from rongmei.publishing import tasks as publishing_tasks
from rongmei.publishing.choices import PubState
from rongmei.workspaces.models import OfficialAccount

pytestmark = pytest.mark.django_db


def _message(ws, account, ext: str, text: str, minutes_ago: int) -> Message:
    return Message.objects.create(workspace=ws, account=account, platform="douyin", external_id=ext, text=text,
                                  author="网友甲", received_at=timezone.now() - dt.timedelta(minutes=minutes_ago))


@pytest.fixture
def messages(workspace, platforms):
    account = OfficialAccount.objects.create(workspace=workspace, platform=platforms["douyin"], name="测试抖音号")
    related = _message(workspace, account, "c1", "某路段积水，有人受伤了，怎么没人管", 120)
    other = _message(workspace, account, "c2", "请问明天的招聘会几点开始", 5)
    return related, other


@pytest.fixture
def event(workspace, personas, make_group, messages):
    group = make_group([("某路段积水致2人受伤", "neg")], message_ids=[messages[0].pk])
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
    assert "暂停全部排期发布" in crisis.text and "关联互动消息 1 条已在互动收件箱置顶" in crisis.text
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


def test_crisis_puts_related_inbox_messages_on_top_until_resumed(client, workspace, personas, event, messages):
    related, other = messages
    client.force_login(personas["editor"])
    inbox = f"/w/{workspace.slug}/interaction/"
    page = client.get(inbox).content.decode()
    assert page.index("请问明天的招聘会") < page.index("某路段积水，有人受伤")  # 平时按收到时间，新的在前
    services.crisis_switch(actor=personas["manager"], event=event, on=True)
    page = client.get(inbox).content.decode()
    assert "危机事件置顶：某路段积水致人受伤" in page
    assert page.index("某路段积水，有人受伤") < page.index("请问明天的招聘会")
    api = client.get(f"/api/interaction/{workspace.slug}/messages").json()
    assert [r["id"] for r in api] == [related.pk, other.pk]
    # 恢复：取消置顶，时间线写明
    services.crisis_switch(actor=personas["manager"], event=event, on=False)
    page = client.get(inbox).content.decode()
    assert "危机事件置顶" not in page
    assert page.index("请问明天的招聘会") < page.index("某路段积水，有人受伤")
    assert "取消 1 条互动消息的置顶" in event.entries.filter(kind=EntryKind.CRISIS).latest("id").text
