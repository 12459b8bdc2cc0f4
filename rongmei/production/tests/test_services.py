"""审核流程的服务层行为：送审、逐级审核、退回、自动检查、乐观锁、通过后修改、发布守卫、事实。"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rongmei.core.models import Notification
from rongmei.production import documents, selectors, services
from rongmei.production.choices import FindingDecision, ItemStatus, Verdict
from rongmei.production.models import ReviewDecision

pytestmark = pytest.mark.django_db


def _through(item, personas, *stages):
    for role in stages:
        services.item_decide(actor=personas[role], item=item, verdict=Verdict.APPROVE, comments="同意")
        item.refresh_from_db()
    return item


def test_five_step_chain_with_ai_findings_and_final_approval(chain, make_item, personas, fake_checker):
    item = make_item()
    services.item_submit(actor=personas["editor"], item=item)
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW
    assert item.current_stage.name == "一审"
    finding = selectors.findings_of(item).get()
    assert (finding.text, finding.suggestion) == ("登陆", "登录")
    # 未处理的检查结果不能通过
    with pytest.raises(ValidationError, match="1 条自动检查结果未处理"):
        services.item_decide(actor=personas["editor"], item=item, verdict=Verdict.APPROVE)
    services.finding_resolve(actor=personas["editor"], finding=finding, accept=True)
    item.refresh_from_db()
    assert item.current_revision.number == 2
    assert "登录网站" in item.current_revision.body
    finding.refresh_from_db()
    assert finding.decision == FindingDecision.ACCEPTED and finding.revision == item.current_revision
    _through(item, personas, "editor", "reviewer", "manager", "client_officer")
    assert item.current_stage.name == "终审"
    assert item.stage_due >= timezone.localdate()
    assert not item.is_approved
    with pytest.raises(ValidationError, match="未通过终审"):
        services.assert_publishable(item)
    _through(item, personas, "client_leader")
    assert item.status == ItemStatus.APPROVED and item.is_approved
    services.assert_publishable(item)
    assert list(selectors.approved_items(item.workspace)) == [item]
    footer = documents.footer_text(item)
    assert footer == "编辑：编辑小王 校对：编辑小王、审核员老李 审核：组长老张、甲方联络人周科长 终审：甲方领导吴主任"
    # 作者收到“已通过终审”的站内通知
    assert Notification.objects.filter(user=personas["editor"], title__startswith="已通过终审").exists()


def test_return_sends_back_to_author_with_reason_and_resubmission_restarts(chain, make_item, personas, fake_checker):
    item = make_item(body="正文没有问题。")
    services.item_submit(actor=personas["editor"], item=item)
    _through(item, personas, "editor")
    with pytest.raises(ValidationError):
        services.item_decide(actor=personas["reviewer"], item=item, verdict=Verdict.RETURN, comments="  ")
    services.item_decide(actor=personas["reviewer"], item=item, verdict=Verdict.RETURN, comments="第二段数据需核实")
    item.refresh_from_db()
    assert item.status == ItemStatus.RETURNED and item.returned_by == personas["reviewer"]
    note = Notification.objects.get(user=personas["editor"], title__contains="退回修改")
    assert "第二段数据需核实" in note.body
    assert list(selectors.sent_back_by(item.workspace, personas["reviewer"])) == [item]
    services.item_update(actor=personas["editor"], item=item, base_revision=1, body="正文没有问题，数据已核实。")
    services.item_submit(actor=personas["editor"], item=item)
    item.refresh_from_db()
    assert item.current_stage.order == 1


def test_reject_is_terminal_until_manager_reopens(chain, make_item, personas, no_checker):
    item = make_item()
    services.item_submit(actor=personas["editor"], item=item)
    services.item_decide(actor=personas["editor"], item=item, verdict=Verdict.REJECT, comments="选题不合适")
    item.refresh_from_db()
    assert item.status == ItemStatus.REJECTED
    with pytest.raises(PermissionDenied):
        services.item_update(actor=personas["editor"], item=item, body="x")
    services.item_reopen(actor=personas["manager"], item=item)
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT


def test_without_registered_checker_stage_records_note_and_editor_can_proceed(chain, make_item, personas, no_checker):
    item = make_item()
    services.item_submit(actor=personas["editor"], item=item)
    note = ReviewDecision.objects.get(item=item, verdict=Verdict.NOTE, stage_name="一审")
    assert "未注册自动检查器" in note.comments
    services.item_decide(actor=personas["editor"], item=item, verdict=Verdict.APPROVE, comments="人工检查无误")
    item.refresh_from_db()
    assert item.current_stage.name == "二审"


def test_dismissed_finding_keeps_text_and_records_reason(chain, make_item, personas, fake_checker):
    item = make_item()
    services.item_submit(actor=personas["editor"], item=item)
    finding = selectors.findings_of(item).get()
    services.finding_resolve(actor=personas["editor"], finding=finding, accept=False, reason="引用原文，不改")
    finding.refresh_from_db()
    item.refresh_from_db()
    assert finding.decision == FindingDecision.DISMISSED and finding.reason == "引用原文，不改"
    assert item.current_revision.number == 1
    with pytest.raises(ValidationError, match="已经处理过"):
        services.finding_resolve(actor=personas["editor"], finding=finding, accept=True)


def test_accepting_one_finding_shifts_the_others(chain, make_item, personas, fake_checker):
    item = make_item(body="请登陆。再登陆。")
    services.item_submit(actor=personas["editor"], item=item)
    first, second = selectors.findings_of(item)
    services.finding_resolve(actor=personas["editor"], finding=first, accept=True)
    second.refresh_from_db()
    services.finding_resolve(actor=personas["editor"], finding=second, accept=True)
    item.refresh_from_db()
    assert item.current_revision.body == "请登录。再登录。"
    assert item.current_revision.number == 3


def test_low_importance_skips_skippable_stages(chain, make_item, personas, no_checker):
    item = make_item(importance="low")
    services.item_submit(actor=personas["editor"], item=item)
    _through(item, personas, "editor")
    assert item.current_stage.name == "三审"  # 二审可跳过
    _through(item, personas, "manager")
    assert item.current_stage.name == "终审"  # 四审可跳过
    skipped = ReviewDecision.objects.filter(item=item, verdict=Verdict.SKIP).values_list("stage_name", flat=True)
    assert list(skipped) == ["二审", "四审"]


def test_stale_revision_is_refused_with_name_of_who_saved(chain, make_item, personas):
    item = make_item()
    services.item_update(actor=personas["manager"], item=item, base_revision=1, body="组长改过的正文")
    with pytest.raises(ValidationError) as exc:
        services.item_update(actor=personas["editor"], item=item, base_revision=1, body="编辑基于旧版的修改")
    msg = exc.value.messages[0]
    assert "第 1 版" in msg and "组长老张" in msg and "第 2 版" in msg
    item.refresh_from_db()
    assert item.current_revision.body == "组长改过的正文"


def test_advisory_lock_reports_other_editor_and_expires(make_item, personas):
    item = make_item()
    assert services.item_lock(actor=personas["editor"], item=item) is None
    assert services.item_lock(actor=personas["manager"], item=item) == personas["editor"]
    item.refresh_from_db()
    assert item.lock_holder(now=timezone.now() + dt.timedelta(minutes=16)) is None
    services.item_unlock(actor=personas["editor"], item=item)
    assert services.item_lock(actor=personas["manager"], item=item) is None


def test_editing_after_approval_goes_back_to_configured_stage(chain, make_item, personas, no_checker):
    item = make_item()
    services.item_submit(actor=personas["editor"], item=item)
    _through(item, personas, "editor", "reviewer", "manager", "client_officer", "client_leader")
    assert item.is_approved
    services.item_update(actor=personas["editor"], item=item, base_revision=item.current_revision.number,
                         body="通过后又改了一句。")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW and not item.is_approved
    assert item.current_stage.order == chain.reopen_stage_order == 3
    with pytest.raises(ValidationError):
        services.assert_publishable(item)
    # 只改截止日期不需要重新审核
    _through(item, personas, "manager", "client_officer", "client_leader")
    services.item_update(actor=personas["editor"], item=item, deadline=dt.date(2030, 1, 1))
    item.refresh_from_db()
    assert item.is_approved


def test_submit_without_chain_explains(make_item, personas):
    item = make_item()
    with pytest.raises(ValidationError, match="还没有配置审核流程"):
        services.item_submit(actor=personas["editor"], item=item)


def test_kind_specific_chain_wins_over_default(chain, workspace, make_item, personas, no_checker):
    services.chain_install_preset(actor=personas["manager"], workspace=workspace, preset="three_step", kind="poster")
    poster = make_item(kind="poster", title="国庆海报")
    services.item_submit(actor=personas["editor"], item=poster)
    poster.refresh_from_db()
    assert poster.chain.name.startswith("编辑") and poster.current_stage.name == "校对"


def test_reviewers_get_notified_when_item_arrives(chain, make_item, personas, no_checker):
    item = make_item()
    services.item_submit(actor=personas["editor"], item=item)
    services.item_decide(actor=personas["editor"], item=item, verdict=Verdict.APPROVE)
    assert Notification.objects.filter(user=personas["reviewer"], title__startswith="待审核").exists()
    assert not Notification.objects.filter(user=personas["client_leader"]).exists()


def test_deliverable_facts_only_for_approved_non_publication_items(chain, workspace, make_item, personas, no_checker):
    film = make_item(kind="promo_film", title="助残日公益宣传片", body="", duration_seconds=45)
    article = make_item(kind="article", title="图文")
    draft_poster = make_item(kind="poster", title="未审海报")
    for item in (film, article):
        services.item_submit(actor=personas["editor"], item=item)
        _through(item, personas, "editor", "reviewer", "manager", "client_officer", "client_leader")
    today = timezone.localdate()
    facts = documents.deliverable_facts(workspace, today - dt.timedelta(days=1), today)
    assert facts == [{"type": "deliverable", "date": today.isoformat(), "kind": "promo_film", "item": str(film.pk),
                      "minutes": 0.75, "ref": f"production.item:{film.pk}", "title": "助残日公益宣传片",
                      "original": True}]
    assert draft_poster.pk not in [int(f["item"]) for f in facts]
    from rongmei.core import facts as registry

    assert "production" in registry.sources()
    from rongmei.engines.kpi.facts import fact_from_mapping

    fact, errors = fact_from_mapping(facts[0], line=1)  # KPI 引擎能直接读取
    assert errors == [] and fact is not None

    assert documents.deliverable_facts(workspace, today + dt.timedelta(days=1), today + dt.timedelta(days=2)) == []


def test_approval_form_docx_names_every_reviewer(chain, make_item, personas, no_checker):
    from docx import Document

    item = make_item()
    services.item_submit(actor=personas["editor"], item=item)
    _through(item, personas, "editor")
    services.item_decide(actor=personas["reviewer"], item=item, verdict=Verdict.RETURN, comments="请补充来源")
    services.item_submit(actor=personas["editor"], item=item)
    _through(item, personas, "editor", "reviewer", "manager", "client_officer", "client_leader")
    doc = Document(io.BytesIO(documents.approval_form_docx(item)))
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells) + "\n".join(
        p.text for p in doc.paragraphs)
    for name in ("编辑小王", "审核员老李", "组长老张", "甲方联络人周科长", "甲方领导吴主任", "请补充来源", "宣传审批表"):
        assert name in text


def test_diff_is_character_level_for_chinese():
    html = documents.diff_html("北京市规划委员会", "北京市规划和自然资源委员会")
    assert html == "北京市规划<ins>和自然资源</ins>委员会"
    assert "<del>旧</del>" in documents.diff_html("旧<b>", "新<b>")
    assert "&lt;b&gt;" in documents.diff_html("旧<b>", "新<b>")


def test_cross_workspace_references_refused(workspace, other_workspace, personas, make_item):
    from rongmei.production.models import Column

    col = Column.objects.create(workspace=other_workspace, name="别人的栏目")
    with pytest.raises(ValidationError):
        make_item(column=col)


def test_planning_and_windows(workspace, personas):
    n = services.windows_install_preset(actor=personas["manager"], workspace=workspace, preset="beijing")
    assert n == 6
    wins = selectors.recommended_windows(workspace, "wechat")
    assert [(s.hour, e.hour) for s, e, _ in wins] == [(8, 9), (11, 12), (18, 19)]
    services.windows_install_preset(actor=personas["editor"], workspace=workspace, preset="guide")
    assert [(s.hour, e.hour) for s, e, _ in selectors.recommended_windows(workspace, "wechat")] == [
        (7, 9), (12, 14), (19, 22)]
    assert len(selectors.recommended_windows(workspace, "weibo")) == 3
    with pytest.raises(PermissionDenied):
        services.windows_install_preset(actor=personas["reviewer"], workspace=workspace, preset="guide")
    with pytest.raises(ValidationError):
        services.window_save(actor=personas["editor"], workspace=workspace, platform_code="weibo",
                             start=dt.time(10), end=dt.time(9))
    with pytest.raises(ValidationError):
        services.theme_plan_save(actor=personas["editor"], workspace=workspace, year=2025, month=13, theme="x")


def test_overdue_reminder_notifies_stage_reviewers(chain, make_item, personas, no_checker):
    item = make_item()
    services.item_submit(actor=personas["editor"], item=item)
    item.refresh_from_db()
    assert services.remind_overdue(today=item.stage_due) == 0
    assert services.remind_overdue(today=item.stage_due + dt.timedelta(days=1)) == 1
    assert Notification.objects.filter(user=personas["editor"], title__startswith="审核已逾期").exists()
    assert item in list(selectors.overdue_for(item.workspace, personas["editor"], "editor")) or item.stage_due >= \
        timezone.localdate()


def test_approval_form_docx_with_control_character_in_title(make_item, no_checker):
    from docx import Document

    item = make_item(title="春季\x0b招聘会")
    doc = Document(io.BytesIO(documents.approval_form_docx(item)))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "春季招聘会" in cells
