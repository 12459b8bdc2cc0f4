"""答复流程（审校 → 审核 → 发送/人工发送）、处室、暂停计时、精选、问题集锦、到期提醒。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rongmei.audit.models import AuditEvent
from rongmei.core.notifications import Notification
from rongmei.interaction import senders, services
from rongmei.interaction.models import Department, Message, Reply

from .conftest import BJ, FRIDAY_5PM, incoming

QUESTION = "请问灵活就业社保补贴怎么申请？"


@pytest.fixture
def msg(receive, seeded, at_friday):
    return receive(incoming("q1", QUESTION, author="萍乡小李")).created[0]


@pytest.fixture
def template(workspace):
    return services.template_save(actor=None, workspace=workspace, title="社保补贴", category="consult",
                                  text="{昵称}您好！请到{账号}菜单“办事指南”查看，或致电中心。")


def test_template_variables_are_filled(msg, template):
    assert services.fill_template(template, msg) == "萍乡小李您好！请到测试抖音号菜单“办事指南”查看，或致电中心。"


def test_template_edits_are_versioned(workspace, template, personas):
    services.template_save(actor=personas["editor"], workspace=workspace, template=template, title="社保补贴",
                           category="consult", text="新口径")
    template.refresh_from_db()
    assert template.version == 2
    assert [v.version for v in template.versions.all()] == [2, 1]


def test_reply_is_proofread_then_approved_by_the_manager_then_marked_sent(msg, template, personas, at_friday):
    writer, manager = personas["support"], personas["manager"]
    reply = services.reply_create(actor=writer, message=msg, text=services.fill_template(template, msg),
                                  template=template)
    msg.refresh_from_db()
    assert msg.state == "awaiting_approval" and reply.state == "pending"
    assert isinstance(reply.findings, list)
    assert Notification.objects.filter(user=manager, kind="interaction.approve").exists()
    # 经办人自己不能审核（默认审核角色是组长）
    with pytest.raises(PermissionDenied):
        services.reply_decide(actor=writer, reply=reply, approve=True)
    with pytest.raises(PermissionDenied, match="项目经理/组长"):
        services.reply_decide(actor=personas["reviewer"], reply=reply, approve=True)
    at_friday.shift(dt.timedelta(minutes=30))
    services.reply_decide(actor=manager, reply=reply, approve=True)
    reply.refresh_from_db()
    assert reply.state == "approved" and reply.approved_by == manager
    services.reply_mark_manual(actor=writer, reply=reply)
    reply.refresh_from_db()
    msg.refresh_from_db()
    assert reply.state == "sent_manual" and reply.sent_by == writer
    assert msg.state == "answered" and msg.first_response_at == FRIDAY_5PM + dt.timedelta(minutes=30)
    actions = list(AuditEvent.objects.filter(object_type="interaction.reply").values_list("message", flat=True))
    assert any("撰写答复" in a for a in actions) and any("审核通过" in a for a in actions)
    assert any("人工发出" in a for a in actions)


def test_rejecting_needs_a_reason_and_tells_the_writer(msg, personas):
    reply = services.reply_create(actor=personas["support"], message=msg, text="您好，请查看菜单")
    with pytest.raises(ValidationError, match="理由"):
        services.reply_decide(actor=personas["manager"], reply=reply, approve=False)
    services.reply_decide(actor=personas["manager"], reply=reply, approve=False, reason="口径不对")
    reply.refresh_from_db()
    assert reply.state == "rejected"
    assert Notification.objects.filter(user=personas["support"], title="互动答复被退回").exists()


def test_the_workspace_can_make_the_client_officer_the_approver(msg, personas, workspace):
    import datetime as _dt

    services.settings_save(actor=personas["manager"], workspace=workspace, work_start=_dt.time(9),
                           work_end=_dt.time(18), approver_role="client_officer", department_within="1wd",
                           escalate_minutes=60)
    workspace._inbox_settings_cache = None
    reply = services.reply_create(actor=personas["support"], message=msg, text="您好")
    with pytest.raises(PermissionDenied):
        services.reply_decide(actor=personas["manager"], reply=reply, approve=True)
    services.reply_decide(actor=personas["client_officer"], reply=reply, approve=True)


def test_a_registered_sender_sends_through_the_job_and_records_the_result(msg, personas, django_capture_on_commit_callbacks):
    calls = []

    def sender(reply):
        calls.append(reply.text)
        return "platform-reply-9"

    senders.register("douyin", sender)
    try:
        reply = services.reply_create(actor=personas["support"], message=msg, text="您好，已为您查询")
        with django_capture_on_commit_callbacks(execute=True):
            services.reply_decide(actor=personas["manager"], reply=reply, approve=True)
    finally:
        senders.unregister("douyin")
    reply.refresh_from_db()
    msg.refresh_from_db()
    assert calls == ["您好，已为您查询"]
    assert reply.state == "sent" and reply.external_id == "platform-reply-9"
    assert msg.state == "answered"


def test_a_failing_sender_keeps_the_reason_and_can_fall_back_to_manual(msg, personas,
                                                                        django_capture_on_commit_callbacks):
    def sender(reply):
        raise RuntimeError("评论已被删除，无法回复")

    senders.register("douyin", sender)
    try:
        reply = services.reply_create(actor=personas["support"], message=msg, text="您好")
        with django_capture_on_commit_callbacks(execute=True):
            services.reply_decide(actor=personas["manager"], reply=reply, approve=True)
    finally:
        senders.unregister("douyin")
    reply.refresh_from_db()
    assert reply.state == "failed" and reply.failure_reason == "评论已被删除，无法回复"
    services.reply_mark_manual(actor=personas["support"], reply=reply)
    reply.refresh_from_db()
    assert reply.state == "sent_manual"


def test_department_has_its_own_clock_and_only_its_contact_sees_the_question(msg, workspace, personas, make_user,
                                                                             at_friday):
    from rongmei.workspaces.models import Membership

    dept = services.department_save(actor=personas["manager"], workspace=workspace, name="社会保险股",
                                    contacts=[personas["department"]])
    other = Department.objects.create(workspace=workspace, name="培训股")
    stranger = make_user("t-dept2", "另一处室联络人")
    Membership.objects.create(user=stranger, workspace=workspace, role="department")
    other.contacts.add(stranger)
    due_before = Message.objects.get(pk=msg.pk).due_at
    services.message_route(actor=personas["support"], message=msg, department=dept)
    msg.refresh_from_db()
    # 周五 17:00 转交，1 个工作日 → 周一 17:00；群众的时限不因等待处室而暂停
    assert msg.department_due_at == dt.datetime(2025, 11, 17, 17, 0, tzinfo=BJ)
    assert msg.state == "waiting_department" and msg.due_at == due_before and msg.paused_at is None
    with pytest.raises(PermissionDenied, match="本处室"):
        services.department_answer(actor=stranger, message=msg, answer="不归我们管")
    services.department_answer(actor=personas["department"], message=msg, answer="可在赣服通申请，三个工作日办结。")
    msg.refresh_from_db()
    assert msg.department_answer.startswith("可在赣服通") and msg.state == "in_progress"
    relay = services.template_save(actor=None, workspace=workspace, title="转达", text="{昵称}您好，经{处室}核实：{答复}")
    assert services.fill_template(relay, msg) == "萍乡小李您好，经社会保险股核实：可在赣服通申请，三个工作日办结。"
    assert services.relay_draft(msg) == "您好！关于您反映的问题，经社会保险股答复如下：可在赣服通申请，三个工作日办结。"


def test_message_page_drafts_the_relay_from_the_department_answer(client, msg, workspace, personas, at_friday):
    dept = services.department_save(actor=personas["manager"], workspace=workspace, name="社会保险股",
                                    contacts=[personas["department"]])
    services.message_route(actor=personas["support"], message=msg, department=dept)
    client.force_login(personas["support"])
    page = client.get(services.message_url(msg)).content.decode()
    assert 'data-testid="relay-hint"' not in page  # 处室还没答复：答复框是空的
    services.department_answer(actor=personas["department"], message=msg, answer="可在赣服通申请，三个工作日办结。")
    page = client.get(services.message_url(msg)).content.decode()
    assert 'data-testid="relay-hint"' in page
    assert "经社会保险股答复如下：可在赣服通申请，三个工作日办结。</textarea>" in page


def test_waiting_on_the_citizen_pauses_the_clock(msg, personas, at_friday):
    due = Message.objects.get(pk=msg.pk).due_at
    services.message_set_state(actor=personas["support"], message=msg, state="waiting_citizen")
    # 暂停期间的工作时间：周五 17:00–18:00 与周一 09:00–12:00，共 4 小时
    at_friday.move_to(dt.datetime(2025, 11, 17, 12, 0, tzinfo=BJ))
    msg.refresh_from_db()
    assert not msg.overdue()
    services.message_set_state(actor=personas["support"], message=msg, state="in_progress")
    msg.refresh_from_db()
    assert msg.paused_at is None and msg.paused_seconds == 4 * 3600
    assert msg.due_at > due


def test_curation_is_confirmed_by_the_client_officer_and_calls_the_platform(receive, seeded, personas, at_friday):
    m = receive(incoming("w1", "写得真好，点赞", kind="comment"), account="wechat").created[0]
    called = []
    senders.register_curation("wechat", lambda message, elect: called.append((message.external_id, elect)))
    try:
        with pytest.raises(PermissionDenied):
            services.message_curate(actor=personas["support"], message=m, show=True)
        services.message_curate(actor=personas["client_officer"], message=m, show=True)
    finally:
        senders.unregister_curation("wechat")
    m.refresh_from_db()
    assert called == [("w1", True)]
    assert m.curation_state == "confirmed" and m.curated_by == personas["client_officer"]


def test_a_platform_refusing_curation_leaves_it_pending(receive, seeded, personas, at_friday):
    m = receive(incoming("w2", "好文章", kind="comment"), account="wechat").created[0]

    def refuse(message, elect):
        raise RuntimeError("留言不存在")

    senders.register_curation("wechat", refuse)
    try:
        with pytest.raises(ValidationError, match="留言不存在"):
            services.message_curate(actor=personas["client_officer"], message=m, show=True)
    finally:
        senders.unregister_curation("wechat")
    m.refresh_from_db()
    assert m.curation_state == "pending" and m.curation_error == "留言不存在"


def test_repeated_questions_become_a_faq_and_a_planned_article(receive, seeded, workspace, personas, at_friday):
    from rongmei.interaction import selectors

    for i, text in enumerate(["请问灵活就业社保补贴怎么申请？", "请问灵活就业社保补贴怎么申请啊",
                              "请问，灵活就业社保补贴怎么申请？", "下周有招聘会吗？"]):
        receive(incoming(f"f{i}", text))
    groups = selectors.repeated_questions(workspace)
    assert [g["count"] for g in groups] == [3]
    faq = services.faq_create(actor=personas["editor"], workspace=workspace, messages=groups[0]["ids"],
                              question="灵活就业社保补贴怎么申请？", answer="在赣服通申请。")
    assert faq.asked_count == 3 and faq.item.kind == "article"
    assert faq.item.planned_publish_at is not None
    assert selectors.repeated_questions(workspace) == []


def test_escalation_reminds_the_assignee_then_the_manager(msg, personas, at_friday):
    services.message_assign(actor=personas["support"], message=msg, assignee=personas["support"])
    first_due = Message.objects.get(pk=msg.pk).first_due_at
    at_friday.move_to(first_due - dt.timedelta(minutes=30))
    assert services.escalate_due() == 1
    assert Notification.objects.filter(user=personas["support"], kind="interaction.due").count() == 1
    assert services.escalate_due() == 0  # 不重复提醒
    at_friday.move_to(first_due + dt.timedelta(minutes=1))
    assert services.escalate_due() == 1
    assert Notification.objects.filter(user=personas["manager"], kind="interaction.due").count() == 1


def test_reply_states_are_recorded_with_people_and_times(msg, personas):
    reply = services.reply_create(actor=personas["support"], message=msg, text="您好")
    services.reply_decide(actor=personas["manager"], reply=reply, approve=True)
    services.reply_mark_manual(actor=personas["editor"], reply=Reply.objects.get(pk=reply.pk))
    r = Reply.objects.get(pk=reply.pk)
    assert (r.written_by, r.approved_by, r.sent_by) == (personas["support"], personas["manager"], personas["editor"])
    assert r.written_at and r.approved_at and r.sent_at
