"""浏览器：分析员打开看板（中文图表标题、ECharts 画布、无控制台错误），导出图表数据到 Excel 核对数据库，
生成月度数据报告并下载 Word 打开核对。"""

from __future__ import annotations

import datetime as dt

import docx
import openpyxl
import pytest

from conftest import screenshot
from rongmei.metrics import services
from rongmei.metrics.models import DailyMetric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seed(workspace, platforms):
    from rongmei.workspaces.models import OfficialAccount

    douyin = OfficialAccount.objects.create(workspace=workspace, platform=platforms["douyin"], name="测试抖音号")
    wechat = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="测试公众号")
    for i in range(31):
        day = dt.date(2025, 3, 1) + dt.timedelta(days=i)
        for name, value in (("plays", 1000 + 7 * i), ("likes", 30 + i), ("followers_gained", 12 + i % 5)):
            services.metric_enter(actor=None, account=douyin, date=day, name=name, value=value)
        services.metric_enter(actor=None, account=wechat, date=day, name="reads", value=200 + i)
        services.metric_enter(actor=None, account=wechat, date=day, name="plays", value=i % 3)
    return douyin


def _items(workspace, account, author):
    from django.utils import timezone

    from rongmei.metrics.models import ItemStat

    from .test_item_links import BEIJING, _published

    item, _pub = _published(workspace, account, author, title="春耕一线稿件", kind="short_video", column="乡村振兴",
                            external_id="7300000000000000001")
    for n, ref in enumerate(("7300000000000000001", "7300000000000000002")):
        ItemStat.objects.create(workspace=workspace, account=account, item_ref=ref, title=f"抖音作品{n}",
                                published_at=dt.datetime(2025, 3, 10 + n, 19, tzinfo=BEIJING), published_hour=19,
                                kind="短视频", column="其他", plays=9000 - n * 1000, as_of=timezone.now())
    services.item_stats_link(actor=None, workspace=workspace)
    return item


def test_analyst_dashboard_export_and_monthly_report(platforms, workspace, personas, browser_login, live_server,
                                                     tmp_path):
    douyin = _seed(workspace, platforms)
    item = _items(workspace, douyin, personas["editor"])
    page = browser_login(personas["analyst"].username)
    errors: list[str] = []
    # 浏览器自动请求的 /favicon.ico（站点没有）不算页面脚本错误
    page.on("console", lambda msg: errors.append(f"{msg.text} @ {msg.location.get('url')}")
            if msg.type == "error" and not (msg.location.get("url") or "").endswith("favicon.ico") else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/w/{workspace.slug}/metrics/?start=2025-03-01&end=2025-03-31")
    page.wait_for_selector("#chart-trend canvas")
    assert page.locator(".rm-chart canvas").count() >= 4
    titles = page.evaluate("""() => Array.from(document.querySelectorAll('.rm-chart')).map(el => {
        const c = echarts.getInstanceByDom(el); return c ? c.getOption().title[0].text : null; })
        .filter(Boolean)""")
    assert "播放、阅读与互动趋势" in titles and "关注增长趋势" in titles, titles
    assert page.locator("#chart-trend canvas").first.bounding_box()["height"] > 200
    assert page.locator("[data-testid=item-link]").count() == 1
    screenshot(page, "metrics-dashboard.png")

    with page.expect_download() as info:
        page.click("[data-testid=export-trend]")
    path = tmp_path / "trend.xlsx"
    info.value.save_as(path)
    assert info.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["播放、阅读与互动趋势"[:28]] if "播放、阅读与互动趋势" in book.sheetnames else book.worksheets[-1]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    head_i = next(i for i, r in enumerate(rows) if r[0] == "日期")
    header = rows[head_i]
    exported = {r[0]: r[header.index("播放量")] for r in rows[head_i + 1:] if r[0]}
    db = {}
    for day, value in DailyMetric.objects.filter(workspace=workspace, current=True, channel="",
                                                 name="plays").values_list("date", "value"):
        db[day.isoformat()] = db.get(day.isoformat(), 0) + value
    assert len(exported) == 31 and {str(k)[:10]: v for k, v in exported.items()} == db

    page.goto(f"{live_server.url}/w/{workspace.slug}/reports/new/")
    page.select_option("select[name=kind]", "monthly_data")
    page.fill("input[name=period_start]", "2025-03-01")
    page.fill("input[name=period_end]", "2025-03-31")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=state]")
    for _ in range(20):  # Huey 立即模式：提交后任务已运行；稍等页面显示“已生成”
        if page.locator("[data-testid=download-docx]").count():
            break
        page.wait_for_timeout(500)
        page.reload()
    with page.expect_download() as info:
        page.click("[data-testid=download-docx]")
    path = tmp_path / "report.docx"
    info.value.save_as(path)
    document = docx.Document(path)
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"播放量 {sum(db.values()):,.0f}次" in text  # numfmt.format_value 写出数字与单位

    # 热门作品里已关联的作品链接到稿件页
    page.goto(f"{live_server.url}/w/{workspace.slug}/metrics/?start=2025-03-01&end=2025-03-31")
    page.click("[data-testid=item-link]")
    page.wait_for_url(f"**/w/{workspace.slug}/production/{item.pk}/")
    assert "春耕一线稿件" in page.content()
    assert errors == [], errors
