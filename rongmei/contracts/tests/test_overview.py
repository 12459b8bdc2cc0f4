"""合同页：进度、评分表、付款、图表数据、证据页；接口 evaluate 与命令行 JSON 一致。"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from rongmei.contracts import selectors
from rongmei.engines.kpi import evaluate, load_template, parse_jsonl
from rongmei.engines.kpi.cli import main as cli_main

from .factories import AS_OF, anyuan

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(workspace):
    return anyuan(workspace)


def test_page_shows_pace_with_colours_and_defaults_to_latest_fact_date(client, workspace, personas, loaded):
    client.force_login(personas["client_leader"])
    r = client.get(reverse("contracts:overview", kwargs={"ws": workspace.slug}))
    body = r.content.decode()
    assert r.status_code == 200
    assert 'value="2025-09-30"' in body  # 今天晚于服务期，事实只到 9 月 30 日
    statuses = dict(re.findall(r'data-obligation="([\w_]+)" data-status="(\w+)"', body))
    assert len(statuses) == 11  # 安源合同的 11 项义务
    assert {"red", "amber"} & set(statuses.values()) and {"green", "done"} & set(statuses.values())
    assert 'data-testid="scoring-table"' in body and "短视频发布数量" in body
    assert "首付款（合同金额 30%）" in body
    assert "vendor/echarts/echarts.min.js" in body and not re.search(r"<(script|link)[^>]+(src|href)=\"(https?:)?//", body)  # 脚本与样式不来自外部（CDN）
    # 曲线不随页面下发（页面小、首屏快）：滚动到可见时按 data-src 取数
    assert 'id="contract-charts"' not in body and '"plan"' not in body
    sources = re.findall(r'data-src="([^"]+)"', body)
    assert len(sources) >= 5
    chart = client.get(sources[0].replace("&amp;", "&")).json()
    assert chart["plan"][-1][0] == "2025-12-31" and chart["actual"][-1][0] == "2025-09-30"


def test_numbers_equal_engine_on_same_facts(client, workspace, personas, loaded):
    _version, _batch, facts = loaded
    from rongmei.contracts.demo.facts import to_jsonl

    direct = evaluate(load_template("anyuan-employment"), parse_jsonl(to_jsonl(facts)), as_of=AS_OF, period="h1")
    client.force_login(personas["analyst"])
    data = client.get(f"/api/contracts/{workspace.slug}/evaluate?as_of=2025-09-30&period=h1").json()
    assert data["score"] == direct.score and data["payment_ratio"] == direct.payment_ratio
    assert [(i["id"], i["score"], i["actual"]) for i in data["indicators"]] == \
        [(i.id, i.score, i.actual) for i in direct.indicators]
    assert {o["id"]: o["pace"]["status"] for o in data["obligations"]} == \
        {o.id: o.pace.status for o in direct.obligations}
    for key in ("score", "base", "bonus", "passed", "payment_ratio", "indicators", "warnings"):
        assert key in data


def test_api_json_matches_cli_json(client, workspace, personas, loaded, tmp_path, capsys):
    _version, _batch, facts = loaded
    from rongmei.contracts.demo.facts import to_jsonl

    path = tmp_path / "f.jsonl"
    path.write_bytes(to_jsonl(facts))
    cli_main(["evaluate", "anyuan-employment", "--facts", str(path), "--as-of", "2025-09-30", "--period", "annual",
              "--json"])
    cli = json.loads(capsys.readouterr().out)
    client.force_login(personas["manager"])
    api = client.get(f"/api/contracts/{workspace.slug}/evaluate?as_of=2025-09-30").json()
    strip = {"facts_digest", "contract_digest"}
    for key in set(cli) - strip - {"obligations", "indicators", "bonuses", "checkpoints"}:
        assert api[key] == cli[key], key
    # 证据引用不同（数据库中为 contracts.fact:<id>，文件中为行号），其余相同
    assert [{**c, "evidence": len(c["evidence"])} for c in api["checkpoints"]] == \
        [{**c, "evidence": len(c["evidence"])} for c in cli["checkpoints"]]
    assert [i["score"] for i in api["indicators"]] == [i["score"] for i in cli["indicators"]]
    assert [o["pace"] for o in api["obligations"]] == [o["pace"] for o in cli["obligations"]]


def test_period_selector_month(client, workspace, personas, loaded):
    client.force_login(personas["manager"])
    body = client.get(reverse("contracts:overview", kwargs={"ws": workspace.slug}) + "?period=2025-03").content.decode()
    assert "2025 年 3 月" in body
    body = client.get(reverse("contracts:overview", kwargs={"ws": workspace.slug}) + "?period=2031-01").content.decode()
    assert "不在服务期" in body and "全周期" in body


def test_evidence_page_paginates_and_matches_done(client, workspace, personas, loaded):
    client.force_login(personas["reviewer"])
    state = selectors.evaluation_for(workspace)
    ob = next(o for o in state.evaluation.obligations if o.id == "dy_videos")
    url = reverse("contracts:evidence", kwargs={"ws": workspace.slug, "ob": "dy_videos"})
    body = client.get(url).content.decode()
    assert f'data-testid="evidence-count">{int(ob.pace.done)}<' in body
    assert ob.pace.done > 50 and "第 1 / " in body and "https://example.org/demo/" in body
    assert client.get(reverse("contracts:evidence", kwargs={"ws": workspace.slug, "ob": "nope"})).status_code == 404


def test_ref_link_resolves_only_existing_pages(workspace):
    assert selectors.ref_link(workspace, "contracts.fact:3") == ""
    assert selectors.ref_link(workspace, "nosuchapp.item:3") == ""
    assert selectors.ref_link(workspace, "L12") == ""
    assert selectors.ref_link(workspace, "production.item:42") == f"/w/{workspace.slug}/production/42/"


def test_evaluation_is_computed_once_per_request_and_cached(client, workspace, personas, loaded, monkeypatch):
    calls = []
    real = selectors.evaluate

    def counting(*a, **kw):
        calls.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(selectors, "evaluate", counting)
    client.force_login(personas["manager"])
    url = reverse("contracts:overview", kwargs={"ws": workspace.slug}) + "?as_of=2025-08-31"
    client.get(url)
    assert len(calls) == 1
    client.get(url)
    assert len(calls) == 1  # 事实没变：用缓存
    from rongmei.contracts import services

    services.fact_create(actor=personas["manager"], workspace=workspace, type="award", date="2025-05-01", points=1)
    client.get(url)
    assert len(calls) == 2


def test_home_widget_shows_behind_obligations(client, workspace, personas, loaded):
    client.force_login(personas["manager"])
    body = client.get(reverse("core:workspace_home", kwargs={"ws": workspace.slug})).content.decode()
    assert 'data-testid="contract-widget"' in body and "项义务进度滞后" in body


def test_default_as_of():
    c = load_template("anyuan-employment")
    assert selectors.default_as_of(c, today=dt.date(2025, 5, 1)) == dt.date(2025, 5, 1)
    assert selectors.default_as_of(c, today=dt.date(2027, 5, 1)) == dt.date(2025, 12, 31)


def test_progress_heading_names_the_as_of_date_and_due_counts_are_whole(client, workspace, personas, loaded):
    client.force_login(personas["reviewer"])
    body = client.get(reverse("contracts:overview", kwargs={"ws": workspace.slug}) + "?as_of=2025-06-17").content.decode()
    assert "应完成（截至 2025-06-17）" in body and "截至今日" not in body
    state = selectors.evaluation_for(workspace, as_of=dt.date(2025, 6, 17))
    ob = next(o for o in state.evaluation.obligations if o.id == "dy_videos")
    assert ob.pace.expected != int(ob.pace.expected)  # pro rata: the engine keeps the fraction
    cell = re.search(r'data-testid="expected-dy_videos">([^<]*)<', body).group(1)
    assert cell == f"{int(ob.pace.expected + 0.5):,}{ob.measurement.unit}"
