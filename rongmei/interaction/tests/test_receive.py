"""收消息：幂等、拒收别的工作区的账号、自动分类、时限起算、关联稿件、紧急推送值班。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rongmei.core.notifications import Notification
from rongmei.engines import textclass
from rongmei.interaction import services
from rongmei.interaction.models import Message

from .conftest import BJ, FRIDAY_5PM, incoming

QUESTION = "请问灵活就业社保补贴怎么申请？需要带什么材料？"


def test_same_message_twice_is_stored_once(receive, seeded, at_friday):
    first = receive(incoming("c1", QUESTION), incoming("c2", "视频拍得很好，支持！"))
    again = receive(incoming("c1", QUESTION), incoming("c3", "请问下周有招聘会吗？"))
    assert (first.count, first.duplicates) == (2, 0)
    assert (again.count, again.duplicates) == (1, 1)
    assert Message.objects.count() == 3
    assert "重复 1 条已忽略" in str(again)


def test_an_account_of_another_workspace_is_refused_in_chinese(workspace, other_workspace, platforms, accounts):
    from rongmei.workspaces.models import OfficialAccount

    foreign = OfficialAccount.objects.create(workspace=other_workspace, platform=platforms["douyin"], name="别人的号")
    with pytest.raises(PermissionDenied, match="不属于工作区“测试工作区”"):
        services.receive_messages(workspace=workspace, account=foreign, incoming=[incoming("x", QUESTION)],
                                  source="api")
    assert Message.objects.count() == 0


def test_a_bad_row_refuses_the_whole_batch(receive, seeded):
    with pytest.raises(ValidationError) as exc:
        receive(incoming("ok", QUESTION), incoming("", "没有编号"), incoming("e", "   "))
    text = "；".join(exc.value.messages)
    assert "第 2 条：缺少平台消息 ID" in text and "第 3 条：内容为空" in text
    assert Message.objects.count() == 0


def test_classification_is_stored_with_its_reasons(receive, seeded, at_friday):
    m = receive(incoming("c1", QUESTION)).created[0]
    expected = textclass.classify(QUESTION)
    m.refresh_from_db()
    assert m.category == expected.category
    assert m.sentiment == expected.sentiment.label
    assert m.reasons == list(expected.reasons) and m.reasons


def test_due_times_follow_the_rules_and_the_calendar(receive, seeded, workspace, at_friday):
    from rongmei.interaction.models import SlaRule

    SlaRule.objects.filter(workspace=workspace).delete()
    SlaRule.objects.create(workspace=workspace, category="", first_response="24h", resolution="1wd")
    m = receive(incoming("c1", QUESTION)).created[0]
    # 周五 17:00 收到：24 小时（自然时间）首次响应 → 周六 17:00；1 个工作日办结 → 周一 17:00
    assert m.first_due_at == FRIDAY_5PM + dt.timedelta(hours=24)
    assert m.due_at == dt.datetime(2025, 11, 17, 17, 0, tzinfo=BJ)


def test_weibo_uses_its_own_watch_hours(receive, seeded, workspace, at_friday):
    from rongmei.interaction.models import SlaRule

    SlaRule.objects.filter(workspace=workspace).delete()
    SlaRule.objects.create(workspace=workspace, category="", first_response="2wh", resolution="1wd")
    late = FRIDAY_5PM.replace(hour=21)
    m = receive(incoming("w1", QUESTION, when=late), account="weibo").created[0]
    # 微博后台 08:00–24:00：周五 21:00 + 2 个工作小时 → 周五 23:00（而不是下周一）
    assert m.first_due_at == late + dt.timedelta(hours=2)


def test_replies_are_threaded_to_their_parent(receive, seeded, at_friday):
    receive(incoming("p", QUESTION))
    res = receive(incoming("r1", "同问，我也想知道", kind="reply", parent="p"),
                  incoming("r2", "楼上+1", kind="reply", parent="r1"))
    parent = Message.objects.get(external_id="p")
    r1, r2 = (Message.objects.get(external_id=x) for x in ("r1", "r2"))
    assert res.count == 2
    assert r1.parent == parent and r1.thread == parent
    assert r2.parent == r1 and r2.thread == parent


def test_message_is_linked_to_the_publication_and_item(receive, seeded, workspace, accounts, personas, at_friday):
    from rongmei.production.services import item_create
    from rongmei.publishing.models import Publication

    item = item_create(actor=personas["editor"], workspace=workspace, title="灵活就业补贴政策解读", body="正文")
    pub = Publication.objects.create(workspace=workspace, item=item, revision=item.current_revision,
                                     account=accounts["douyin"], planned_at=FRIDAY_5PM, idempotency_key="k1",
                                     external_id="video-42")
    m = receive(incoming("c1", QUESTION, content="video-42")).created[0]
    assert m.publication == pub and m.item == item


def test_urgent_or_risk_messages_notify_the_people_on_duty(receive, seeded, workspace, personas, at_friday):
    text = "紧急！有人在就业中心门口聚集维权，扬言要跳楼，请马上处理"
    c = textclass.classify(text)
    assert c.urgent or c.category == "risk"
    m = receive(incoming("hot", text)).created[0]
    notes = Notification.objects.filter(user=personas["manager"], kind="interaction.hot")
    assert notes.count() == 1
    assert f"/interaction/m/{m.pk}/" in notes.get().url


def test_wechat_comments_wait_for_curation(receive, seeded, at_friday):
    m = receive(incoming("w", "写得真好", kind="comment"), account="wechat").created[0]
    private = receive(incoming("p", "请问怎么报名", kind="private"), account="wechat").created[0]
    assert m.curation_state == "pending" and private.curation_state == "none"


def test_corrections_feed_the_classifier_for_the_workspace(receive, seeded, workspace, personas, at_friday):
    m = receive(incoming("c1", "育婴师培训开班了没")).created[0]
    services.message_correct(actor=personas["support"], message=m, category="complain", keyword="开班了没")
    later = receive(incoming("c2", "电工培训开班了没")).created[0]
    assert later.category == "complain"
    assert any("开班了没" in r for r in later.reasons)
    assert services.learned_keywords(workspace) == {"complain": ["开班了没"]}
