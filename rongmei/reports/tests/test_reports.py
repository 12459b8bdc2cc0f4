"""报告：生成（Huey 任务）后打开 .docx/.xlsx 核对数字与数据库一致；期限；定时；角色矩阵；隔离。"""

from __future__ import annotations

import datetime as dt

import docx
import openpyxl
import pytest

from rongmei.metrics import services as metrics_services
from rongmei.metrics.models import MonthlyCount
from rongmei.reports import services
from rongmei.reports.choices import ReportKind, ReportState
from rongmei.reports.models import Report


@pytest.fixture
def accounts(workspace, platforms):
    from rongmei.workspaces.models import OfficialAccount

    return {code: OfficialAccount.objects.create(workspace=workspace, platform=platforms[code], name=f"测试{code}")
            for code in ("douyin", "wechat")}


@pytest.fixture
def seeded(accounts):
    for i in range(31):
        day = dt.date(2025, 3, 1) + dt.timedelta(days=i)
        for name, value in (("plays", 1000 + 7 * i), ("likes", 30 + i), ("shares", 5 + i % 4), ("favorites", 3),
                            ("followers_gained", 12), ("followers_lost", 2)):
            metrics_services.metric_enter(actor=None, account=accounts["douyin"], date=day, name=name, value=value)
        metrics_services.metric_enter(actor=None, account=accounts["wechat"], date=day, name="reads", value=200 + i)
    for name, value in (("enterprise_regs", 14), ("jobs_posted", 230), ("placements_job", 37)):
        metrics_services.metric_enter(actor=None, account=accounts["douyin"], date=dt.date(2025, 3, 31), name=name,
                                      value=value)
    return accounts


def _generate(django_capture_on_commit_callbacks, actor, workspace, kind, start, end, **kw) -> Report:
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(actor=actor, workspace=workspace, kind=kind, period_start=start,
                                         period_end=end, **kw)
    report.refresh_from_db()
    assert report.state == ReportState.DONE, report.error
    return report


def _docx_tables(report) -> list[list[list[str]]]:
    with report.docx.open("rb") as fh:
        document = docx.Document(fh)
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables], document


def test_monthly_data_report_numbers_equal_database(seeded, personas, workspace, django_capture_on_commit_callbacks):
    report = _generate(django_capture_on_commit_callbacks, personas["analyst"], workspace, ReportKind.MONTHLY_DATA,
                       dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert report.due_date == dt.date(2025, 4, 5) and report.data_as_of is not None
    db = {n: sum(MonthlyCount.objects.filter(workspace=workspace, month=dt.date(2025, 3, 1), name=n)
                 .values_list("value", flat=True)) for n in ("plays", "likes", "shares", "favorites", "reads")}
    assert db["plays"] == sum(1000 + 7 * i for i in range(31))
    tables, document = _docx_tables(report)
    platform_table = next(t for t in tables if t[0][0] == "平台")
    header = platform_table[0]
    total = next(r for r in platform_table if r[0] == "合计")
    for name, label in (("plays", "播放量"), ("likes", "点赞量"), ("shares", "分享量"), ("favorites", "收藏量"),
                        ("reads", "阅读量")):
        assert total[header.index(label)] == f"{db[name]:,.0f}", name
    counts = {r[0]: r[1] for r in next(t for t in tables if t[0][0] == "项目")}
    assert counts["企业注册数量"] == "14" and counts["发布岗位数量"] == "230" and counts["成功上岗数量"] == "37"
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"播放量 {db['plays']:,.0f}次" in text  # 数字与单位由 numfmt.format_value 写出
    assert len(document.inline_shapes) >= 1  # 内嵌图表（中文字体由 docgen 保证）
    with report.xlsx.open("rb") as fh:
        book = openpyxl.load_workbook(fh)
    sheet = book["各平台数据"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    head_i = next(i for i, r in enumerate(rows) if r[0] == "平台")
    xl_total = next(r for r in rows if r[0] == "合计")
    assert xl_total[rows[head_i].index("播放量")] == db["plays"]
    assert report.numbers["plays"] == db["plays"] and report.numbers["jobs_posted"] == 230


def test_quarterly_report_has_editable_sections_and_regenerates(seeded, personas, workspace,
                                                                 django_capture_on_commit_callbacks):
    report = _generate(django_capture_on_commit_callbacks, personas["editor"], workspace, ReportKind.QUARTERLY,
                       dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    _tables, document = _docx_tables(report)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == ["一、用户分析", "二、内容分析"]  # 没填写的文字部分不留空标题
    assert "请在报告页面填写" not in "\n".join(p.text for p in document.paragraphs)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_update_sections(actor=personas["editor"], report=report,
                                        sections={"lessons": "短视频更受欢迎，午间发布效果最好。"})
    report.refresh_from_db()
    _tables, document = _docx_tables(report)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == ["一、用户分析", "二、内容分析", "三、经验与不足"]
    assert "短视频更受欢迎，午间发布效果最好。" in "\n".join(p.text for p in document.paragraphs)


def test_final_summary_lists_publications_with_links_and_is_due_in_14_workdays(
        accounts, personas, workspace, django_capture_on_commit_callbacks, monkeypatch):
    from rongmei.core import facts

    pubs = [{"type": "publication", "date": f"2025-06-0{i}", "platform": "douyin", "kind": "short_video",
             "title": f"就业政策解读第{i}期", "url": f"https://www.douyin.com/video/{i}", "ref": f"x:{i}"}
            for i in range(1, 4)]
    monkeypatch.setitem(facts._SOURCES, "test-pubs", lambda ws, s, e: [dict(p) for p in pubs])
    report = _generate(django_capture_on_commit_callbacks, personas["manager"], workspace, ReportKind.FINAL,
                       dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    from rongmei.engines.workdays import add_workdays

    assert report.due_date == add_workdays(dt.date(2025, 12, 31), 14)
    tables, _doc = _docx_tables(report)
    listing = next(t for t in tables if t[0][:2] == ["发布日期", "平台"])
    assert [r[3] for r in listing[1:]] == [p["title"] for p in pubs]
    with report.docx.open("rb") as fh:
        xml = fh.read()
    import io
    import zipfile

    rels = zipfile.ZipFile(io.BytesIO(xml)).read("word/_rels/document.xml.rels").decode()
    assert "https://www.douyin.com/video/2" in rels


def test_news_brief_from_selected_items(accounts, personas, workspace, django_capture_on_commit_callbacks):
    from rongmei.metrics.models import ItemStat

    at = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)
    chosen = ItemStat.objects.create(workspace=workspace, account=accounts["douyin"], item_ref="a", title="选中的作品",
                                     published_at=at, plays=5000, as_of=at)
    ItemStat.objects.create(workspace=workspace, account=accounts["douyin"], item_ref="b", title="没选的作品",
                            published_at=at, as_of=at)
    report = _generate(django_capture_on_commit_callbacks, personas["editor"], workspace, ReportKind.NEWS_BRIEF,
                       dt.date(2025, 3, 1), dt.date(2025, 3, 5), params={"items": [f"metrics.item:{chosen.pk}"]})
    _t, document = _docx_tables(report)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "选中的作品" in text and "没选的作品" not in text


def test_scheduled_reports_follow_the_seeds(workspace):
    workspace.contract_template = "anyuan-employment"
    workspace.save()
    due = services.scheduled_due(workspace, dt.date(2025, 4, 1))
    assert due == [(ReportKind.MONTHLY_DATA, dt.date(2025, 3, 1), dt.date(2025, 3, 31))]
    assert services.scheduled_due(workspace, dt.date(2025, 4, 2)) == []
    workspace.contract_template = "inner-mongolia-dpf-2025"
    workspace.save()
    assert [k for k, *_ in services.scheduled_due(workspace, dt.date(2025, 3, 3))] == [ReportKind.NEWS_BRIEF]  # 周一
    assert ReportKind.MONTHLY_SUMMARY in [k for k, *_ in services.scheduled_due(workspace, dt.date(2025, 3, 25))]
    assert ReportKind.FINAL in [k for k, *_ in services.scheduled_due(workspace, dt.date(2026, 1, 1))]


def test_scheduled_generation_is_idempotent(workspace, accounts, django_capture_on_commit_callbacks):
    workspace.contract_template = "anyuan-employment"
    workspace.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.scheduled_generate(today=dt.date(2025, 4, 1))
    with django_capture_on_commit_callbacks(execute=True):
        second = services.scheduled_generate(today=dt.date(2025, 4, 1))
    assert len(first) == 1 and second == []
    first[0].refresh_from_db()
    assert first[0].state == ReportState.DONE and first[0].scheduled


VIEW, GENERATE, DOWNLOAD = "view", "generate", "download"
EXPECTED = {
    "manager": {VIEW, GENERATE, DOWNLOAD},
    "editor": {VIEW, GENERATE, DOWNLOAD},
    "reviewer": {VIEW, DOWNLOAD},
    "analyst": {VIEW, GENERATE, DOWNLOAD},
    "designer": {VIEW, DOWNLOAD},
    "video": {VIEW, DOWNLOAD},
    "support": {VIEW, DOWNLOAD},
    "tech": {VIEW, DOWNLOAD},
    "client_officer": {VIEW, DOWNLOAD},
    "client_leader": {VIEW, DOWNLOAD},
    "contributor": set(),
    "expert": set(),
}


@pytest.fixture
def done_report(workspace, personas, accounts, django_capture_on_commit_callbacks):
    return _generate(django_capture_on_commit_callbacks, personas["manager"], workspace, ReportKind.MONTHLY_DATA,
                     dt.date(2025, 3, 1), dt.date(2025, 3, 31))


def test_role_action_matrix(client, personas, workspace, done_report):
    base = f"/w/{workspace.slug}/reports"
    for role, allowed in EXPECTED.items():
        client.force_login(personas[role])
        got = set()
        if client.get(f"{base}/").status_code == 200 and client.get(f"{base}/{done_report.pk}/").status_code == 200:
            got.add(VIEW)
        if client.get(f"{base}/new/").status_code == 200:
            got.add(GENERATE)
        resp = client.get(f"{base}/{done_report.pk}/download/docx/")
        if resp.status_code == 200:
            got.add(DOWNLOAD)
            assert b"".join(resp.streaming_content)[:2] == b"PK"
        assert got == allowed, role
        api = client.post(f"/api/reports/{workspace.slug}/reports", {"kind": "monthly_data"},
                          content_type="application/json")
        assert (api.status_code == 202) == (GENERATE in allowed), (role, api.status_code)


def test_other_workspace_reports_are_404(client, personas, other_workspace):
    client.force_login(personas["manager"])
    assert client.get(f"/w/{other_workspace.slug}/reports/").status_code == 404
    assert client.get(f"/api/reports/{other_workspace.slug}/reports").status_code == 404


def test_list_shows_state_and_query_count(client, personas, workspace, done_report, django_assert_max_num_queries):
    for i in range(8):
        Report.objects.create(workspace=workspace, kind=ReportKind.NEWS_BRIEF, title=f"速览{i}",
                              period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 3, 3))
    client.force_login(personas["client_officer"])
    with django_assert_max_num_queries(16):
        html = client.get(f"/w/{workspace.slug}/reports/").content.decode()
    assert "排队中" in html and "已生成" in html and "下载" not in html.split("速览0")[1].split("</tr>")[0]


def test_form_creates_report_and_detail_page(client, personas, workspace, accounts, django_capture_on_commit_callbacks):
    client.force_login(personas["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(f"/w/{workspace.slug}/reports/new/",
                           {"kind": "monthly_summary", "period_start": "2025-03-01", "period_end": "2025-03-31"})
    assert resp.status_code == 302
    report = Report.objects.get()
    assert report.due_date == dt.date(2025, 3, 30)
    html = client.get(resp["Location"]).content.decode()
    assert "已生成" in html and "本月工作概况" in html


def test_report_follows_the_workspace_no_employment_or_live_chapter_without_data(
        accounts, personas, workspace, django_capture_on_commit_callbacks):
    """北京规自委这类工作区：没有就业服务数字、没有直播，月报里就没有这两章，也没有空标题。"""
    for i in range(30):
        metrics_services.metric_enter(actor=None, account=accounts["wechat"], date=dt.date(2024, 4, 1 + i),
                                      name="reads", value=300 + i)
    report = _generate(django_capture_on_commit_callbacks, personas["analyst"], workspace, ReportKind.MONTHLY_DATA,
                       dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    tables, document = _docx_tables(report)
    text = "\n".join(p.text for p in document.paragraphs) + "".join(c for t in tables for r in t for c in r)
    assert "企业注册数量" not in text and "发布岗位数量" not in text and "就业服务数据" not in text
    assert "请在报告页面填写" not in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == ["一、总体情况", "二、数据趋势", "三、热门作品"]
    assert not any(h.endswith("直播") for h in headings)


def test_monthly_change_uses_the_dashboard_definition(seeded, accounts, personas, workspace, client,
                                                      django_capture_on_commit_callbacks):
    """环比只有一个定义：3 月的报告与看板上 3 月 1 日—31 日的环比都对比 2 月整月，写法相同（带 %）。"""
    for i in range(28):
        metrics_services.metric_enter(actor=None, account=accounts["douyin"], date=dt.date(2025, 2, 1 + i),
                                      name="plays", value=1200)
    report = _generate(django_capture_on_commit_callbacks, personas["analyst"], workspace, ReportKind.MONTHLY_DATA,
                       dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    march = sum(1000 + 7 * i for i in range(31))
    expected = (march - 1200 * 28) / (1200 * 28) * 100
    change = report.numbers["changes"]["plays"]
    assert change == f"{'+' if expected >= 0 else '−'}{abs(expected):.1f}%"
    tables, _document = _docx_tables(report)
    assert any(f"环比 {change}" in c for t in tables for r in t for c in r)
    client.force_login(personas["analyst"])
    html = client.get(f"/w/{workspace.slug}/metrics/?start=2025-03-01&end=2025-03-31").content.decode()
    assert f'环比 {change}</div>' in html.split('data-change="plays"')[1][:200]
    api = client.get(f"/api/metrics/{workspace.slug}/dashboard?start=2025-03-01&end=2025-03-31").json()
    plays = next(f for f in api["figures"] if f["name"] == "plays")
    assert plays["change"] == change and plays["previous"] == 1200 * 28


def test_regenerated_report_drops_old_error_and_failed_job_is_listed_as_failed(
        seeded, personas, workspace, client, django_capture_on_commit_callbacks, monkeypatch):
    from rongmei.core.models import JobRun

    def broken(report):
        raise RuntimeError("合同数据暂不可用")

    monkeypatch.setattr(services, "build", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(actor=personas["analyst"], workspace=workspace,
                                         kind=ReportKind.MONTHLY_DATA, period_start=dt.date(2025, 3, 1),
                                         period_end=dt.date(2025, 3, 31))
    report.refresh_from_db()
    assert report.state == ReportState.FAILED and report.error == "合同数据暂不可用"
    job = JobRun.objects.get(name="reports.generate")
    assert job.state == "failed" and "合同数据暂不可用" in job.error
    client.force_login(personas["manager"])
    assert "失败" in client.get(f"/w/{workspace.slug}/jobs/").content.decode().split(job.label)[1][:600]

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=False):  # 重新排队（尚未执行）：不再显示上次的错误
        services.report_update_sections(actor=personas["analyst"], report=report, sections={"summary": "说明"})
    report.refresh_from_db()
    assert report.state == ReportState.QUEUED and report.error == ""
    html = client.get(f"/w/{workspace.slug}/reports/{report.pk}/").content.decode()
    assert "合同数据暂不可用" not in html
