"""账号自查：数据整理、保存的记录与证据、提醒组长、自查报告、命令行、页面与权限。"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from rongmei.core.models import Notification
from rongmei.inspection import services
from rongmei.inspection.choices import FilingKind, FindingState
from rongmei.inspection.models import AccountFiling, Finding, InspectionRun
from rongmei.production.models import ContentItem, Revision
from rongmei.publishing.choices import PubState
from rongmei.publishing.models import Publication
from rongmei.workspaces.models import OfficialAccount

TODAY = dt.datetime(2025, 6, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def accounts(workspace, platforms):
    wechat = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="某某发布",
                                            owner_unit="某市委宣传部", opened_on=dt.date(2025, 1, 1))
    weibo = OfficialAccount.objects.create(workspace=workspace, platform=platforms["weibo"], name="某某发布",
                                           owner_unit="某市委宣传部", opened_on=dt.date(2025, 1, 1))
    for acc in (wechat, weibo):
        AccountFiling.objects.create(workspace=workspace, account=acc, kind=FilingKind.OPENED,
                                     event_on=dt.date(2025, 1, 1), filed_on=dt.date(2025, 1, 3))
    return {"wechat": wechat, "weibo": weibo}


def _published(workspace, account, author, *, title: str, body: str, when: dt.datetime, n: int) -> Publication:
    item = ContentItem.objects.create(workspace=workspace, author=author, title=title, kind="article")
    rev = Revision.objects.create(item=item, number=1, title=title, body=body, created_by=author, created_at=when)
    item.current_revision = rev
    item.save(update_fields=["current_revision"])
    return Publication.objects.create(workspace=workspace, item=item, revision=rev, account=account, planned_at=when,
                                      state=PubState.PUBLISHED, published_at=when, idempotency_key=f"t-{n}",
                                      url=f"https://mp.weixin.qq.com/s/t{n}")


@pytest.fixture
def history(workspace, accounts, personas):
    """公众号 6 月 18 日更新过；微博最后更新在 6 月 3 日（6 月 17 日起已不合格）。"""
    tz = TODAY.tzinfo
    _published(workspace, accounts["wechat"], personas["editor"], title="夏季防汛提示", body="请市民注意防汛安全。",
               when=dt.datetime(2025, 6, 18, 9, 0, tzinfo=tz), n=1)
    _published(workspace, accounts["weibo"], personas["editor"], title="政策解读", body="本市出台就业新政。",
               when=dt.datetime(2025, 6, 3, 9, 0, tzinfo=tz), n=2)


def test_dormant_account_fails_from_the_day_named_and_the_run_is_kept_as_evidence(
        frozen, workspace, accounts, history, personas):
    run = services.inspection_run(actor=personas["manager"], workspace=workspace)
    (f,) = Finding.objects.filter(run=run, rule="update.national")
    assert f.account_id == accounts["weibo"].pk and f.state == FindingState.FAILING
    assert f.veto_on == dt.date(2025, 6, 17)
    assert "最后更新 2025-06-03：2025-06-17 起判为不合格" in f.message
    assert f.evidence[0]["url"] == "https://mp.weixin.qq.com/s/t2"
    assert run.failing == 1 and run.pack_version
    # 组长收到提醒；没有新情况的第二次自查不再提醒
    assert Notification.objects.filter(user=personas["manager"], kind="inspection").count() == 1
    assert not Notification.objects.filter(user=personas["editor"], kind="inspection").exists()
    services.inspection_run(actor=personas["manager"], workspace=workspace)
    assert Notification.objects.filter(user=personas["manager"], kind="inspection").count() == 1
    assert InspectionRun.objects.filter(workspace=workspace).count() == 2


def test_forecast_names_what_fails_within_seven_days_unless_published(frozen, workspace, accounts, history, personas):
    run = services.inspection_run(actor=None, workspace=workspace, as_of=dt.date(2025, 6, 12))
    forecast = list(Finding.objects.filter(run=run, in_forecast=True))
    assert [(f.account_id, f.veto_on) for f in forecast] == [(accounts["weibo"].pk, dt.date(2025, 6, 17))]
    assert run.at_risk == 1 and forecast[0].state == FindingState.AT_RISK


def test_local_stricter_line_is_reported_before_the_national_one(frozen, workspace, accounts, history, personas):
    services.policy_update(actor=personas["manager"], workspace=workspace, local_update_days=10)
    run = services.inspection_run(actor=None, workspace=workspace, as_of=dt.date(2025, 6, 14))
    (f,) = Finding.objects.filter(run=run, rule="update.local")
    assert f.veto_on == dt.date(2025, 6, 17) and "10 天" in f.message and f.in_forecast


def test_sensitive_text_in_published_and_later_changed_items(frozen, workspace, accounts, personas):
    tz = TODAY.tzinfo
    pub = _published(workspace, accounts["wechat"], personas["editor"], title="助残活动",
                     body="全市残疾人朋友欢聚一堂。", when=dt.datetime(2025, 6, 15, 9, 0, tzinfo=tz), n=3)
    run = services.inspection_run(actor=None, workspace=workspace)
    assert not Finding.objects.filter(run=run, rule="content.sensitive").exists()
    # 发布后正文被改，改后的正文含歧视性用语：自查按改后的正文报出，并写明改动日期
    rev2 = Revision.objects.create(item=pub.item, number=2, title="助残活动", body="全市残废人朋友欢聚一堂。",
                                   created_by=personas["editor"], created_at=dt.datetime(2025, 6, 16, 9, 0, tzinfo=tz))
    pub.item.current_revision = rev2
    pub.item.save(update_fields=["current_revision"])
    run = services.inspection_run(actor=None, workspace=workspace)
    (f,) = Finding.objects.filter(run=run, rule="content.sensitive")
    assert "残废人" in f.message and f.severity == "medium"
    assert any("2025-06-16" in e["label"] and "修改过正文" in e["label"] for e in f.evidence)


def test_registry_filing_and_closing_notice(frozen, workspace, accounts, personas, platforms):
    douyin = OfficialAccount.objects.create(workspace=workspace, platform=platforms["douyin"], name="某某发布",
                                            owner_unit="", opened_on=dt.date(2025, 6, 16))
    run = services.inspection_run(actor=None, workspace=workspace)
    rules = {f.rule for f in Finding.objects.filter(run=run, account=douyin)}
    assert {"registry.host_unit", "registry.filing"} <= rules
    filing = Finding.objects.get(run=run, account=douyin, rule="registry.filing")
    assert filing.state == FindingState.AT_RISK and filing.veto_on == dt.date(2025, 6, 24)
    services.filing_create(actor=personas["manager"], workspace=workspace, account=douyin, kind=FilingKind.OPENED,
                           event_on=dt.date(2025, 6, 16), filed_on=dt.date(2025, 6, 19), reference="备 1 号")
    run = services.inspection_run(actor=None, workspace=workspace)
    assert not Finding.objects.filter(run=run, account=douyin, rule="registry.filing").exists()


def test_report_docx_opens_and_lists_the_failing_account(frozen, workspace, accounts, history, personas):
    run = services.inspection_run(actor=None, workspace=workspace)
    doc = Document(io.BytesIO(run.report.open("rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "政务新媒体自查报告" in text
    assert "微博·某某发布" in cells and "2025-06-17" in cells
    assert "无数据" in cells  # 互动回应还没有数据，如实写出


def test_cli_json_and_human_output(frozen, workspace, accounts, history):
    out = io.StringIO()
    call_command("inspect", "--workspace", workspace.slug, "--json", stdout=out)
    data = json.loads(out.getvalue())
    (f,) = [f for f in data["findings"] if "update" in f["rule"]]
    assert f["account"] == "某某发布" and f["platform"] == "weibo" and f["veto_on"] == "2025-06-17"
    assert f["severity"] == "high" and "不合格" in f["message"]
    out = io.StringIO()
    call_command("inspect", "--workspace", workspace.slug, "--as-of", "2025-06-10", stdout=out)
    assert "7 天内将不合格 1 项" in out.getvalue() and "微博·某某发布" in out.getvalue()


def test_service_validation(frozen, workspace, accounts, personas):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError):
        services.inspection_run(actor=None, workspace=workspace, as_of=dt.date(2025, 7, 1))
    with pytest.raises(ValidationError) as exc:
        services.filing_create(actor=personas["manager"], workspace=workspace, account=accounts["wechat"],
                               kind=FilingKind.CHANGED, event_on=dt.date(2025, 6, 10), filed_on=dt.date(2025, 6, 1))
    assert "不能早于" in str(exc.value)
    with pytest.raises(ValidationError):
        services.policy_update(actor=personas["manager"], workspace=workspace, local_update_days=20)
    with pytest.raises(PermissionDenied):
        services.inspection_run(actor=personas["editor"], workspace=workspace)


# ------------------------------------------------------------------ 页面与权限

ROLE_CAN = {  # 角色 → (查看, 运行, 登记备案/设置)
    "manager": (True, True, True), "editor": (True, False, False), "reviewer": (True, True, False),
    "analyst": (True, False, False), "designer": (True, False, False), "video": (True, False, False),
    "support": (True, False, False), "tech": (True, True, True), "client_officer": (True, True, True),
    "client_leader": (True, False, False), "contributor": (False, False, False), "expert": (False, False, False),
}


def test_role_action_matrix(frozen, client, workspace, accounts, history, personas):
    run = services.inspection_run(actor=None, workspace=workspace)
    finding = Finding.objects.filter(run=run).first()
    ws = workspace.slug
    for role, (view, can_run, manage) in ROLE_CAN.items():
        client.force_login(personas[role])
        for url in (reverse("inspection:overview", kwargs={"ws": ws}), reverse("inspection:runs", kwargs={"ws": ws}),
                    reverse("inspection:run_detail", kwargs={"ws": ws, "pk": run.pk}),
                    reverse("inspection:finding", kwargs={"ws": ws, "pk": finding.pk}),
                    reverse("inspection:run_report", kwargs={"ws": ws, "pk": run.pk}),
                    reverse("inspection:filings", kwargs={"ws": ws})):
            assert client.get(url).status_code == (200 if view else 403), (role, url)
        r = client.post(reverse("inspection:run", kwargs={"ws": ws}), {"as_of": ""})
        assert r.status_code == (302 if can_run else 403), role
        assert client.get(reverse("inspection:settings", kwargs={"ws": ws})).status_code == (200 if manage else 403)
        r = client.post(reverse("inspection:filings", kwargs={"ws": ws}),
                        {"account": accounts["wechat"].pk, "kind": "notice", "event_on": "2025-06-01"})
        assert r.status_code == (302 if manage else 403), role


def test_other_workspace_is_404(frozen, client, workspace, other_workspace, accounts, history, personas):
    run = services.inspection_run(actor=None, workspace=workspace)
    finding = Finding.objects.filter(run=run).first()
    client.force_login(personas["manager"])
    assert client.get(reverse("inspection:overview", kwargs={"ws": other_workspace.slug})).status_code == 404
    from rongmei.workspaces.models import Membership

    Membership.objects.create(user=personas["manager"], workspace=other_workspace, role="manager")
    assert client.get(reverse("inspection:finding", kwargs={"ws": other_workspace.slug, "pk": finding.pk})
                      ).status_code == 404
    assert client.get(reverse("inspection:run_detail", kwargs={"ws": other_workspace.slug, "pk": run.pk})
                      ).status_code == 404


def test_overview_page_shows_the_veto_day_and_bad_date_input(frozen, client, workspace, accounts, history, personas):
    client.force_login(personas["manager"])
    url = reverse("inspection:overview", kwargs={"ws": workspace.slug})
    assert "还没有自查记录" in client.get(url).content.decode()
    r = client.post(reverse("inspection:run", kwargs={"ws": workspace.slug}), {"as_of": "2025-06-99"}, follow=True)
    assert "检查日期格式不正确" in r.content.decode()
    r = client.post(reverse("inspection:run", kwargs={"ws": workspace.slug}), {"as_of": "2026-01-01"}, follow=True)
    assert "不能晚于今天" in r.content.decode()
    r = client.post(reverse("inspection:run", kwargs={"ws": workspace.slug}), {"as_of": ""}, follow=True)
    page = r.content.decode()
    assert "2025-06-17 起判为不合格" in page and "无数据" in page
    home = client.get(reverse("core:workspace_home", kwargs={"ws": workspace.slug})).content.decode()
    assert 'data-testid="inspection-card"' in home


def test_api_latest_and_run(frozen, client, workspace, accounts, history, personas):
    client.force_login(personas["manager"])
    assert client.get(f"/api/inspection/{workspace.slug}/latest").status_code == 404
    r = client.post(f"/api/inspection/{workspace.slug}/runs", {}, content_type="application/json")
    assert r.status_code == 201
    data = client.get(f"/api/inspection/{workspace.slug}/latest").json()
    assert any(f["rule"] == "update.national" and f["veto_on"] == "2025-06-17" for f in data["findings"])
    client.force_login(personas["editor"])
    assert client.post(f"/api/inspection/{workspace.slug}/runs", {}, content_type="application/json"
                       ).status_code == 403


def test_demo_workspace_has_a_dormant_account_found_with_its_veto_day(platforms):
    from rongmei.core import clock
    from rongmei.inspection import demo as inspection_demo
    from rongmei.production import demo as production_demo
    from rongmei.publishing import demo as publishing_demo
    from rongmei.workspaces import demo as workspaces_demo

    workspaces, users = {}, {}
    for loader in (workspaces_demo.load, production_demo.load, publishing_demo.load, inspection_demo.load):
        loader(workspaces, users)
    out = io.StringIO()
    call_command("inspect", "--workspace", "nmg-dpf", "--json", "--no-alert", stdout=out)
    findings = json.loads(out.getvalue())["findings"]
    (f,) = [f for f in findings if "update" in f["rule"] and f["account"] == inspection_demo.DORMANT_NAME
            and f["platform"] == inspection_demo.DORMANT_PLATFORM]
    last = clock.today() - dt.timedelta(days=inspection_demo.DORMANT_IDLE_DAYS)
    assert f["veto_on"] == (last + dt.timedelta(days=14)).isoformat()
    assert f["state"] == "failing" and f"最后更新 {last.isoformat()}" in f["message"]
