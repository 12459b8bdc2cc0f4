"""角色 × 操作矩阵、跨工作区隔离、看板内容与 Excel 导出、列表查询数。"""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest

from rongmei.engines.numfmt import format_value
from rongmei.metrics import facts, services
from rongmei.metrics.models import ItemStat

VIEW, IMPORT = "view", "import"
# 显式写出的期望矩阵：角色 → 允许的操作
EXPECTED = {
    "manager": {VIEW, IMPORT},
    "editor": {VIEW},
    "reviewer": {VIEW},
    "analyst": {VIEW, IMPORT},
    "designer": {VIEW},
    "video": {VIEW},
    "support": {VIEW},
    "tech": {VIEW},
    "client_officer": {VIEW},
    "client_leader": {VIEW},
    "contributor": set(),
    "expert": set(),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_role_action_matrix(client, personas, workspace, accounts, role):
    client.force_login(personas[role])
    base = f"/w/{workspace.slug}/metrics"
    pages = {VIEW: [f"{base}/", f"{base}/imports/", f"{base}/live/", f"{base}/accounts/{accounts['wechat'].pk}/"],
             IMPORT: [f"{base}/imports/new/", f"{base}/enter/", f"{base}/live/new/"]}
    for action, urls in pages.items():
        for url in urls:
            status = client.get(url).status_code
            assert (status == 200) == (action in EXPECTED[role]), (role, url, status)
            assert status in (200, 403)
    api = client.post(f"/api/metrics/{workspace.slug}/entries",
                      {"account": accounts["wechat"].pk, "date": "2025-03-01", "name": "leads", "value": 3},
                      content_type="application/json")
    assert (api.status_code == 201) == (IMPORT in EXPECTED[role]), (role, api.status_code)


def test_other_workspace_is_404(client, personas, other_workspace):
    client.force_login(personas["manager"])
    assert client.get(f"/w/{other_workspace.slug}/metrics/").status_code == 404
    assert client.get(f"/api/metrics/{other_workspace.slug}/dashboard").status_code == 404


def _seed(accounts, start: dt.date, days: int):
    for i in range(days):
        day = start + dt.timedelta(days=i)
        services.metric_enter(actor=None, account=accounts["douyin"], date=day, name="plays", value=100 + i)
        services.metric_enter(actor=None, account=accounts["wechat"], date=day, name="reads", value=50)


def test_dashboard_figures_period_over_period_and_excel_export(client, personas, workspace, accounts):
    _seed(accounts, dt.date(2025, 3, 1), 20)
    client.force_login(personas["client_leader"])
    url = f"/w/{workspace.slug}/metrics/?start=2025-03-11&end=2025-03-20"
    html = client.get(url).content.decode()
    expected_plays = sum(100 + i for i in range(10, 20))
    assert f'data-metric="plays">{format_value(expected_plays)}<' in html  # 数字由 numfmt.format_value 格式化
    assert "环比 +" in html
    assert "vendor/echarts/echarts.min.js" in html and "saveAsImage" in html and not re.search(r"<(script|link)[^>]+(src|href)=\"(https?:)?//", html)
    resp = client.get(url + "&export=trend")
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(resp.content)).worksheets[1]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header_at = next(i for i, row in enumerate(values) if row and row[0] == "日期")
    assert values[header_at][1] == "播放量"
    assert sum(r[1] for r in values[header_at + 1:] if r[1] is not None) == expected_plays


def test_account_dashboard_and_api(client, personas, workspace, accounts):
    _seed(accounts, dt.date(2025, 3, 1), 5)
    client.force_login(personas["editor"])
    resp = client.get(f"/api/metrics/{workspace.slug}/dashboard?start=2025-03-01&end=2025-03-05"
                      f"&account={accounts['wechat'].pk}")
    figures = {f["name"]: f["value"] for f in resp.json()["figures"]}
    assert figures["reads"] == 250 and figures["plays"] == 0


def test_batches_list_query_count(client, personas, workspace, accounts, django_assert_max_num_queries):
    for i in range(5):
        services.metric_enter(actor=None, account=accounts["douyin"], date=dt.date(2025, 3, 1 + i), name="leads",
                              value=i)
    from rongmei.metrics.models import ImportBatch

    for i in range(12):
        ImportBatch.objects.create(workspace=workspace, account=accounts["wechat"], filename=f"f{i}.xls",
                                   sha256=f"{i:064d}")
    client.force_login(personas["analyst"])
    with django_assert_max_num_queries(15):  # 含上方“后台导入”的一个查询
        resp = client.get(f"/w/{workspace.slug}/metrics/imports/")
    assert resp.status_code == 200 and "f11.xls" in resp.content.decode()


def test_facts_are_daily_increments_in_kpi_vocabulary(workspace, accounts):
    services.metric_enter(actor=None, account=accounts["douyin"], date=dt.date(2025, 3, 1), name="plays", value=10)
    services.metric_enter(actor=None, account=accounts["douyin"], date=dt.date(2025, 3, 1), name="leads", value=2)
    services.metric_enter(actor=None, account=accounts["douyin"], date=dt.date(2025, 3, 1), name="jobs_posted",
                          value=7)
    services.live_session_create(actor=None, account=accounts["douyin"], title="招聘直播",
                                 started_at=dt.datetime(2025, 3, 2, 10, tzinfo=dt.UTC), minutes=130,
                                 peak_viewers=300, total_viewers=900)
    out = list(facts.metric_facts(workspace, dt.date(2025, 3, 1), dt.date(2025, 3, 31)))
    metrics = [f for f in out if f["type"] == "metric"]
    assert {f["name"] for f in metrics} == {"plays", "leads"}  # jobs_posted 不在考核词表
    assert metrics[0] == {"type": "metric", "date": "2025-03-01", "platform": "douyin", "name": "leads",
                          "value": 2.0, "ref": f"metrics.account:{accounts['douyin'].pk}"}
    live = [f for f in out if f["type"] == "live_session"][0]
    assert live["minutes"] == 130 and live["viewers"] == 900 and live["ref"].startswith("metrics.live:")
    from rongmei.core.facts import collect
    from rongmei.engines.kpi.facts import fact_from_mapping

    for i, f in enumerate(collect(workspace, dt.date(2025, 3, 1), dt.date(2025, 3, 31))):
        if f.get("source") == "metrics":
            fact, errors = fact_from_mapping({k: v for k, v in f.items() if k != "source"}, line=i + 1)
            assert not errors, errors


def test_top_items_and_posting_hours(workspace, accounts, client, personas):
    now = dt.datetime(2025, 3, 5, 10, tzinfo=dt.UTC)
    for i in range(15):
        ItemStat.objects.create(workspace=workspace, account=accounts["douyin"], item_ref=f"id{i}", title=f"作品{i}",
                                published_at=now + dt.timedelta(hours=i), published_hour=(18 + i) % 24,
                                plays=1000 * i, kind="短视频" if i % 2 else "图文", column="政策解读", as_of=now)
    client.force_login(personas["manager"])
    html = client.get(f"/w/{workspace.slug}/metrics/?start=2025-03-01&end=2025-03-31").content.decode()
    assert html.index("作品14") < html.index("作品13")
    assert "发布时段与平均表现" in html and "内容形态对比" in html
