"""发布流程：手工登记不改计划时间且记为“手工登记”；排期表单预填稿件计划时间；稿件页“排期发布”；
服务期外不预警；状态流转表是唯一的规则（服务、网页、接口、命令行一致）。"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from rongmei.publishing import planning, selectors, services, workflow
from rongmei.publishing.choices import PubState
from rongmei.publishing.models import FrequencyRule, Publication
from rongmei.publishing.workflow import PubAct

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


@pytest.fixture
def planned(item, accounts, schedule):
    """明天 08:30 计划发到公众号（有接口的平台）的一条发布。"""
    when = (timezone.localtime() + dt.timedelta(days=1)).replace(hour=8, minute=30, second=0, microsecond=0)
    (p,) = schedule(item, [accounts["wechat"]], when=when)
    return p


# --- 手工登记 -------------------------------------------------------------------------------------


def test_manual_record_refuses_a_link_that_is_not_http(personas, planned):
    """The service (through the platform engine's manual-record check) refuses javascript:/data:/ftp links, so the
    web form, the API and `rongmei publication record` cannot store one."""
    from django.core.exceptions import ValidationError

    for bad in ("javascript:alert(1)", "data:text/html,hi", "ftp://example.gov.cn/1"):
        with pytest.raises(ValidationError) as err:
            services.publication_record_manual(actor=personas["editor"], publication=planned, url=bad,
                                               published_at=timezone.now() - dt.timedelta(minutes=5))
        assert "http://" in str(err.value)
    planned.refresh_from_db()
    assert planned.state != PubState.PUBLISHED and not planned.url


def test_manual_record_keeps_planned_time_and_is_logged_as_manual(client, personas, planned):
    from rongmei.audit.models import AuditEvent

    plan = planned.planned_at
    actual = timezone.now() - dt.timedelta(minutes=30)
    services.publication_record_manual(actor=personas["editor"], publication=planned,
                                       url="https://mp.weixin.qq.com/s/abc", published_at=actual)
    planned.refresh_from_db()
    assert planned.state == PubState.PUBLISHED
    assert planned.planned_at == plan  # 计划时间留作记录，不被实际时间覆盖
    assert abs((planned.published_at - actual).total_seconds()) < 1
    assert planned.method_label == "手工登记"

    client.force_login(personas["editor"])
    ws = planned.workspace
    log = client.get(f"/w/{ws.slug}/publishing/log/").content.decode()
    assert "手工登记" in log and "接口发布" not in log
    detail = client.get(f"/w/{ws.slug}/publishing/{planned.pk}/").content.decode()
    assert timezone.localtime(plan).strftime("%Y-%m-%d %H:%M") in detail
    assert timezone.localtime(actual).strftime("%Y-%m-%d %H:%M") in detail
    event = AuditEvent.objects.filter(object_id=str(planned.pk), message="手工登记发布结果").get()
    assert event.after["发布方式"] == "手工登记"

    from openpyxl import load_workbook

    resp = client.get(f"/w/{ws.slug}/publishing/log/export/")
    sheet = load_workbook(io.BytesIO(resp.content)).active
    assert sheet.cell(row=3, column=11).value == "手工登记"


def test_publish_now_keeps_planned_time_and_still_goes_out(personas, planned):
    plan = planned.planned_at
    services.publication_publish_now(actor=personas["editor"], publication=planned)
    planned.refresh_from_db()
    assert planned.state == PubState.QUEUED and planned.planned_at == plan
    # 已排队的行不等计划时间，worker 马上会取到
    assert planned in selectors.due_publications()


def test_rescheduling_a_queued_row_waits_for_the_new_time(personas, planned):
    services.publication_publish_now(actor=personas["editor"], publication=planned)
    later = timezone.now() + dt.timedelta(days=2)
    services.publication_reschedule(actor=personas["editor"], publication=planned, planned_at=later)
    planned.refresh_from_db()
    assert planned.state == PubState.PLANNED
    assert planned not in selectors.due_publications()


# --- 排期表单与稿件页 ------------------------------------------------------------------------------


def test_schedule_form_prefills_item_planned_time(client, personas, item):
    when = (timezone.localtime() + dt.timedelta(days=3)).replace(hour=18, minute=15, second=0, microsecond=0)
    item.planned_publish_at = when
    item.save(update_fields=["planned_publish_at"])
    client.force_login(personas["editor"])
    html = client.get(f"/w/{item.workspace.slug}/publishing/items/{item.pk}/schedule/").content.decode()
    assert f'value="{when:%Y-%m-%dT%H:%M}"' in html
    assert "已按稿件的计划发布时间预填" in html

    item.planned_publish_at = timezone.now() - dt.timedelta(days=1)
    item.save(update_fields=["planned_publish_at"])
    html = client.get(f"/w/{item.workspace.slug}/publishing/items/{item.pk}/schedule/").content.decode()
    assert "已过，已预填为一小时后" in html


def test_item_page_offers_schedule_action_to_schedulers_only(client, personas, item, make_item):
    url = f"/w/{item.workspace.slug}/production/{item.pk}/"
    target = f"/w/{item.workspace.slug}/publishing/items/{item.pk}/schedule/"
    client.force_login(personas["editor"])
    html = client.get(url).content.decode()
    assert target in html and "排期发布" in html
    client.force_login(personas["reviewer"])  # 审核员没有排期权限
    assert target not in client.get(url).content.decode()
    draft = make_item("草稿", status="draft")
    client.force_login(personas["editor"])
    html = client.get(f"/w/{item.workspace.slug}/production/{draft.pk}/").content.decode()
    assert f"/publishing/items/{draft.pk}/schedule/" not in html


# --- 排期预警只在服务期内 --------------------------------------------------------------------------


def test_no_warnings_for_a_contract_that_has_ended(workspace, platforms, accounts):
    FrequencyRule.objects.create(workspace=workspace, platform=platforms["wechat"], workday_min=2, week_min=10)
    # 测试工作区服务期 2025-01-01 至 2025-12-31：之后的任何一天都没有发布义务
    after = dt.date(2026, 3, 2)
    assert planning.check(workspace, after, after + dt.timedelta(days=30), today=after) == []
    # 服务期最后几天仍然提示（工作日不足），但跨出服务期的那一周不按整周要求
    last = dt.date(2025, 12, 29)  # 周一
    msgs = [w.message for w in planning.check(workspace, last, dt.date(2026, 1, 4), today=last)]
    assert any(m.startswith("12月29日是工作日") for m in msgs)
    assert not any("这一周" in m for m in msgs)
    assert not any(m.startswith("1月") for m in msgs)
    idle = [m for m in msgs if m.startswith("未来")]
    assert idle and all("未来 3 天" in m for m in idle)  # 12-29 至 12-31


# --- 状态流转表：唯一的规则 ------------------------------------------------------------------------


def _in_state(pub: Publication, state: str) -> Publication:
    Publication.objects.filter(pk=pub.pk).update(state=state)
    pub.refresh_from_db()
    return pub


def _call(action: str, pub: Publication, actor):
    if action == PubAct.PUBLISH_NOW:
        return services.publication_publish_now(actor=actor, publication=pub)
    if action == PubAct.RETRY:
        return services.publication_retry(actor=actor, publication=pub, clear_checkpoint=True)
    if action == PubAct.RECORD_MANUAL:
        return services.publication_record_manual(actor=actor, publication=pub, url="https://example.gov.cn/1",
                                                  published_at=timezone.now())
    if action == PubAct.RESCHEDULE:
        return services.publication_reschedule(actor=actor, publication=pub,
                                               planned_at=timezone.now() + dt.timedelta(days=2))
    if action == PubAct.WITHDRAW:
        return services.publication_withdraw(actor=actor, publication=pub, reason="测试")
    raise AssertionError(action)


@pytest.mark.parametrize("state", [s.value for s in PubState])
def test_services_follow_the_transition_table(personas, planned, state):
    for action in workflow.USER_ACTIONS:
        pub = _in_state(planned, state)
        expected = (state, action) in workflow.TRANSITIONS
        if expected:
            _call(action, pub, personas["editor"])
            pub.refresh_from_db()
            assert pub.state in workflow.TRANSITIONS[(state, action)].to, (state, action, pub.state)
        else:
            with pytest.raises(ValidationError) as exc:
                _call(action, pub, personas["editor"])
            assert "状态的发布不能" in exc.value.messages[0]
            assert Publication.objects.get(pk=pub.pk).state == state
        # 没有排期权限的人一律不行，状态不变
        pub = _in_state(planned, state)
        with pytest.raises(PermissionDenied):
            _call(action, pub, personas["reviewer"])
        assert Publication.objects.get(pk=pub.pk).state == state


@pytest.mark.parametrize("state", [s.value for s in PubState])
def test_web_api_and_cli_show_the_same_actions(client, personas, planned, state):
    pub = _in_state(planned, state)
    expected = workflow.actions_for(pub, personas["editor"])
    assert expected == [a for a in workflow.USER_ACTIONS if (state, a) in workflow.TRANSITIONS]
    ws = pub.workspace
    client.force_login(personas["editor"])
    html = client.get(f"/w/{ws.slug}/publishing/{pub.pk}/").content.decode()
    buttons = {PubAct.PUBLISH_NOW: 'data-testid="publish-now"', PubAct.RECORD_MANUAL: 'data-testid="record-manual"',
               PubAct.RETRY: 'data-testid="retry"', PubAct.RESCHEDULE: 'data-testid="reschedule"',
               PubAct.WITHDRAW: 'data-testid="withdraw"'}
    shown = [a for a, marker in buttons.items() if marker in html]
    assert sorted(shown) == sorted(expected)

    api = client.get(f"/api/publishing/{ws.slug}/publications").json()
    assert [row["actions"] for row in api if row["id"] == pub.pk] == [expected]

    out = io.StringIO()
    call_command("publication", "list", "-w", ws.slug, "--user", personas["editor"].username, stdout=out)
    line = next(row for row in out.getvalue().splitlines() if row.startswith(f"{pub.pk}\t"))
    labels = "、".join(workflow.ACTION_LABELS[a] for a in expected) or "—"
    assert line.endswith(f"可做：{labels}")


def test_cli_records_a_manual_publication(personas, planned):
    out = io.StringIO()
    call_command("publication", "record", str(planned.pk), "-w", planned.workspace.slug, "--user",
                 personas["editor"].username, "--url", "https://mp.weixin.qq.com/s/cli",
                 "--published-at", timezone.localtime().strftime("%Y-%m-%d %H:%M"), stdout=out)
    planned.refresh_from_db()
    assert planned.state == PubState.PUBLISHED and planned.method_label == "手工登记"
    assert planned.published_by == personas["editor"]


def test_error_codes_are_shown_in_chinese(client, personas, planned):
    Publication.objects.filter(pk=planned.pk).update(state=PubState.FAILED, error_code="no_credentials",
                                                     error_message="请先在“凭证”中填写公众号 AppID 和 AppSecret")
    client.force_login(personas["editor"])
    html = client.get(f"/w/{planned.workspace.slug}/publishing/{planned.pk}/").content.decode()
    assert "未配置发布凭证" in html
    assert "no_credentials" not in html and planned.idempotency_key not in html
    html = client.get(f"/w/{planned.workspace.slug}/publishing/queue/").content.decode()
    assert "no_credentials" not in html
