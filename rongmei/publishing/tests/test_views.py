"""页面与权限：角色 × 操作矩阵、跨工作区隔离、列表查询次数、凭证打码、Excel 导出、账号信息变更审批、事实。"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from rongmei.publishing.choices import PubState

pytestmark = pytest.mark.django_db

ROLES = ["manager", "editor", "reviewer", "analyst", "designer", "video", "support", "tech", "client_officer",
         "client_leader", "contributor", "expert"]
INSIDE = set(ROLES) - {"contributor", "expert"}

# 操作 → 允许的角色（明确写出）
EXPECTED = {
    "view_calendar": INSIDE,
    "view_log": INSIDE,
    "schedule": {"manager", "editor"},
    "publish_now": {"manager", "editor"},
    "credentials": {"manager", "tech"},
    "pause": {"manager", "client_leader"},
    "approve_change": {"client_officer", "client_leader"},
    "request_change": {"manager", "editor", "tech"},
    "edit_rules": {"manager"},
}


@pytest.fixture
def pub(item, accounts, schedule):
    (p,) = schedule(item, [accounts["toutiao"]], when=timezone.now() + dt.timedelta(days=1))
    return p


def _do(client, action, ws, pub, item, accounts):
    base = f"/w/{ws.slug}/publishing"
    if action == "view_calendar":  # 旧排期日历跳到统一日历的发布图层
        return client.get(f"{base}/", follow=True)
    if action == "view_log":
        return client.get(f"{base}/log/")
    if action == "schedule":
        return client.get(f"{base}/items/{item.pk}/schedule/")
    if action == "publish_now":
        return client.post(f"{base}/{pub.pk}/publish-now/")
    if action == "credentials":
        return client.get(f"{base}/credentials/{accounts['wechat'].pk}/")
    if action == "pause":
        return client.post(f"{base}/pause/", {"paused": "0"})
    if action == "approve_change":
        from rongmei.publishing.models import AccountChangeRequest

        req = AccountChangeRequest.objects.create(workspace=ws, account=accounts["wechat"], new_intro="新简介")
        return client.post(f"{base}/changes/{req.pk}/decide/", {"decision": "reject", "comment": "暂缓"})
    if action == "request_change":
        return client.get(f"{base}/changes/new/")
    if action == "edit_rules":
        return client.get(f"{base}/rules/new/")
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_role_action_matrix(client, personas, workspace, pub, item, accounts, action):
    for role in ROLES:
        client.force_login(personas[role])
        resp = _do(client, action, workspace, pub, item, accounts)
        allowed = role in EXPECTED[action]
        assert (resp.status_code != 403) == allowed, f"{role} {action} → {resp.status_code}"
        assert resp.status_code in (200, 302, 403)


def test_other_workspace_is_404(client, make_user, other_workspace, workspace, pub):
    from rongmei.workspaces.models import Membership

    outsider = make_user("outsider", "外人")
    Membership.objects.create(user=outsider, workspace=other_workspace, role="manager")
    client.force_login(outsider)
    assert client.get(f"/w/{workspace.slug}/publishing/").status_code == 404
    assert client.get(f"/w/{workspace.slug}/publishing/{pub.pk}/").status_code == 404
    assert client.get(f"/w/{other_workspace.slug}/publishing/{pub.pk}/").status_code == 404


def test_queue_and_log_query_counts(client, personas, make_item, accounts, schedule, django_assert_max_num_queries):
    from rongmei.publishing.services import publication_record_manual

    for i in range(12):
        (p,) = schedule(make_item(f"稿件{i}"), [accounts["toutiao"]])
        publication_record_manual(actor=personas["editor"], publication=p, url=f"https://www.toutiao.com/a{i}/",
                                  published_at=timezone.now())
    ws = accounts["toutiao"].workspace
    client.force_login(personas["editor"])
    for url in ("publishing/queue/", "publishing/log/", "calendar/"):  # 排期日历并入了统一日历
        with django_assert_max_num_queries(25):
            resp = client.get(f"/w/{ws.slug}/{url}")
        assert resp.status_code == 200
    html = client.get(f"/w/{ws.slug}/publishing/log/?q=稿件1").content.decode()
    assert "https://www.toutiao.com/a1/" in html and "https://www.toutiao.com/a2/" not in html


def test_marking_shows_on_queue_and_log_rows(client, personas, make_item, accounts, schedule):
    """标了密级的稿件：发布队列与发布记录的每一行都带密级标签，不只在稿件页；公开的没有标签。"""
    from rongmei.publishing.services import publication_record_manual

    marked = make_item("内部通报稿")
    marked.confidentiality = "internal"
    marked.save(update_fields=["confidentiality"])
    (p,) = schedule(marked, [accounts["toutiao"]])
    schedule(make_item("公开稿件"), [accounts["toutiao"]])
    ws = accounts["toutiao"].workspace
    client.force_login(personas["editor"])

    def marked_rows(url):
        html = client.get(f"/w/{ws.slug}/publishing/{url}").content.decode()
        rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")
        return {("内部通报稿" in r, 'data-testid="marking"' in r and ">内部<" in r) for r in rows if "稿" in r}

    assert marked_rows("queue/") == {(True, True), (False, False)}
    publication_record_manual(actor=personas["editor"], publication=p, url="https://www.toutiao.com/a/1/",
                              published_at=timezone.now())
    assert marked_rows("log/") == {(True, True)}


def test_calendar_month_week_day_show_publications(client, personas, pub):
    client.force_login(personas["editor"])
    day = timezone.localdate(pub.planned_at).isoformat()
    for view in ("month", "week", "day"):
        html = client.get(f"/w/{pub.workspace.slug}/publishing/?view={view}&date={day}", follow=True).content.decode()
        assert f'data-pk="{pub.pk}"' in html and "计划" in html


def test_drag_reschedule_keeps_time(client, personas, pub):
    client.force_login(personas["editor"])
    old = timezone.localtime(pub.planned_at)
    new_day = (old + dt.timedelta(days=2)).date()
    resp = client.post(f"/w/{pub.workspace.slug}/publishing/{pub.pk}/reschedule/", {"date": new_day.isoformat()})
    assert resp.json()["ok"]
    pub.refresh_from_db()
    local = timezone.localtime(pub.planned_at)
    assert local.date() == new_day and (local.hour, local.minute) == (old.hour, old.minute)


def test_schedule_form_creates_one_row_per_account(client, personas, item, accounts):
    client.force_login(personas["editor"])
    ws = item.workspace
    when = (timezone.localtime() + dt.timedelta(days=1)).replace(hour=8, minute=30).strftime("%Y-%m-%dT%H:%M")
    resp = client.post(f"/w/{ws.slug}/publishing/items/{item.pk}/schedule/",
                       {"accounts": [accounts["wechat"].pk, accounts["toutiao"].pk], "planned_at": when})
    assert resp.status_code == 302
    assert sorted(p.account.name for p in item.publications.all()) == ["测试公众号", "测试头条号"]
    # 同一版本再排一次：拒绝，不会出现第二行
    resp = client.post(f"/w/{ws.slug}/publishing/items/{item.pk}/schedule/",
                       {"accounts": [accounts["wechat"].pk], "planned_at": when})
    assert "已排期" in resp.content.decode()
    assert item.publications.count() == 2


def test_unapproved_item_cannot_be_scheduled(personas, make_item, accounts, schedule):
    from django.core.exceptions import ValidationError

    draft = make_item("草稿", status="draft")
    with pytest.raises(ValidationError):
        schedule(draft, [accounts["wechat"]])


def test_credentials_are_encrypted_and_masked(client, personas, accounts):
    from rongmei.audit.models import AuditEvent
    from rongmei.publishing.models import AccountCredential

    client.force_login(personas["tech"])
    ws = accounts["wechat"].workspace
    url = f"/w/{ws.slug}/publishing/credentials/{accounts['wechat'].pk}/"
    form_html = client.get(url).content.decode()
    assert "开发者密码（AppSecret）" in form_html
    client.post(url, {"appid": "wxabc123456", "secret": "TopSecretValue-9999"})
    cred = AccountCredential.objects.get()
    assert "TopSecretValue" not in cred.encrypted
    html = client.get(url).content.decode()
    assert "TopSecretValue-9999" not in html and "To****99" in html
    # 留空 = 保持原值
    client.post(url, {"appid": "wxabc123456", "secret": ""})
    from rongmei.publishing.credentials import load_credentials, stats_client_for

    assert load_credentials(accounts["wechat"])["secret"] == "TopSecretValue-9999"
    assert all("TopSecret" not in str(e.after) for e in AuditEvent.objects.all())
    assert stats_client_for(accounts["wechat"]) is not None
    assert stats_client_for(accounts["toutiao"]) is None  # 人工平台
    assert stats_client_for(accounts["weibo"]) is None  # 没有凭证


def test_pause_switch_is_audited(client, personas, workspace):
    from rongmei.audit.models import AuditEvent

    client.force_login(personas["client_leader"])
    client.post(f"/w/{workspace.slug}/publishing/pause/", {"paused": "1", "reason": "突发舆情"})
    workspace.refresh_from_db()
    assert workspace.publishing_paused
    assert AuditEvent.objects.filter(message__contains="暂停全部发布：突发舆情").exists()
    assert "暂停全部发布" in client.get(f"/w/{workspace.slug}/publishing/", follow=True).content.decode()
    resp = client.post(f"/w/{workspace.slug}/publishing/pause/", {"paused": "1", "reason": ""})
    assert resp.status_code == 302


def test_account_change_needs_client_approval(client, personas, accounts):
    from rongmei.core.models import Notification
    from rongmei.publishing.models import AccountChangeRequest

    ws = accounts["wechat"].workspace
    client.force_login(personas["editor"])
    client.post(f"/w/{ws.slug}/publishing/changes/new/", {"account": accounts["wechat"].pk,
                                                          "new_name": "北京规划自然资源发布", "reason": "统一名称"})
    req = AccountChangeRequest.objects.get()
    accounts["wechat"].refresh_from_db()
    assert accounts["wechat"].name == "测试公众号"  # 未批准前不改
    assert Notification.objects.filter(user=personas["client_officer"], kind="publishing.change").exists()
    client.force_login(personas["client_officer"])
    client.post(f"/w/{ws.slug}/publishing/changes/{req.pk}/decide/", {"decision": "approve", "comment": "同意"})
    req.refresh_from_db()
    accounts["wechat"].refresh_from_db()
    assert req.status == "approved" and req.decided_by == personas["client_officer"]
    assert accounts["wechat"].name == "北京规划自然资源发布"


def test_log_export_xlsx_and_facts(client, personas, item, accounts, schedule):
    from openpyxl import load_workbook

    from rongmei.core.facts import collect
    from rongmei.publishing.services import publication_record_manual

    (p,) = schedule(item, [accounts["toutiao"]])
    publication_record_manual(actor=personas["editor"], publication=p, url="https://www.toutiao.com/article/9/",
                              published_at=timezone.now())
    client.force_login(personas["client_leader"])
    resp = client.get(f"/w/{item.workspace.slug}/publishing/log/export/")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1][0] == "序号" and rows[2][4] == item.title and rows[2][8] == "https://www.toutiao.com/article/9/"
    assert rows[1][5] == "密级" and rows[2][5] == "公开"
    today = timezone.localdate()
    facts = [f for f in collect(item.workspace, today, today) if f.get("source") == "publishing"]
    assert facts == [{
        "type": "publication", "date": today.isoformat(), "platform": "toutiao", "kind": "article",
        "item": str(item.pk), "url": "https://www.toutiao.com/article/9/", "original": True,
        "ref": f"publishing.publication:{p.pk}", "title": item.title, "account": "测试头条号", "source": "publishing"}]


def test_uncertain_requires_verification_before_retry(personas, item, accounts, schedule):
    from django.core.exceptions import ValidationError

    from rongmei.publishing.services import publication_retry

    (p,) = schedule(item, [accounts["wechat"]])
    p.state = PubState.UNCERTAIN
    p.checkpoint = {"steps": {"draft": "D"}, "pending": "submit"}
    p.save()
    with pytest.raises(ValidationError):
        publication_retry(actor=personas["editor"], publication=p)
    publication_retry(actor=personas["editor"], publication=p, clear_checkpoint=True)
    p.refresh_from_db()
    assert p.checkpoint == {} or p.state in (PubState.FAILED, PubState.QUEUED)
