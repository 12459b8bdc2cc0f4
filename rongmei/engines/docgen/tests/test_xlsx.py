import datetime as dt

import pytest
from openpyxl import load_workbook

from rongmei.engines.docgen import Column, Link, Report
from rongmei.engines.docgen.example import monthly_report_example


@pytest.fixture
def workbook(tmp_path):
    return load_workbook(monthly_report_example().save_xlsx(tmp_path / "月报.xlsx"))


def test_sheets_for_overview_tables_and_chart_data(workbook):
    assert workbook.sheetnames == ["概览", "图1 公众号每日新增与取消关注", "各平台数据汇总", "图2 各平台阅读（播放）量",
                                   "图3 阅读（播放）量平台占比", "本月发布作品清单（节选）"]  # 按文中出现顺序
    overview = workbook["概览"]
    values = [c for row in overview.iter_rows(values_only=True) for c in row if c is not None]
    assert values[0] == "2026年10月新媒体运营数据报告"
    assert "统计周期" in values and "2026年10月1日—10月31日" in values
    assert "公众号净增关注" in values and 1180 in values
    assert "一、总体情况" in values


def test_table_sheet_values_formats_and_links(workbook):
    summary = workbook["各平台数据汇总"]
    assert summary["A1"].value == "各平台数据汇总"
    assert [c.value for c in summary[3]] == ["平台", "发布数", "阅读（播放）量", "互动量", "互动率"]
    assert [c.value for c in summary[5]] == ["抖音", 16, 268400, 3105, 0.0116]
    assert summary["C5"].number_format == "#,##0" and summary["E5"].number_format == "0.0%"
    assert summary["A3"].font.bold and summary["A3"].fill.fgColor.rgb.endswith("D9E2F3")
    assert summary.freeze_panes == "A4"
    items = workbook["本月发布作品清单（节选）"]
    link_cell = items["D4"]
    assert link_cell.value == "查看原文"
    assert link_cell.hyperlink.target == "https://mp.weixin.qq.com/s/Demo0001"


def test_chart_data_sheet(workbook):
    data = workbook["图1 公众号每日新增与取消关注"]
    assert [c.value for c in data[1]] == ["分类", "新增关注", "取消关注"]
    assert data["A2"].value == "10月1日" and data["B2"].value == 38
    assert data.max_row == 32


def test_plain_url_columns_dates_and_sheet_name_clashes(tmp_path):
    report = Report(title="终期综合总结", meta={"数据截至": dt.datetime(2026, 11, 22, 8, 0)})
    columns = [Column("发布日期", "date"), Column("标题"), Column("链接", "url")]
    rows = [[dt.date(2026, 3, 1), "开篇", "https://example.gov.cn/1"]]
    report.table(columns, rows, title="已发布作品清单/全部").table(columns, rows, title="已发布作品清单/全部")
    workbook = load_workbook(report.save_xlsx(tmp_path / "终期.xlsx"))
    assert workbook.sheetnames == ["概览", "已发布作品清单_全部", "已发布作品清单_全部(2)"]
    sheet = workbook["已发布作品清单_全部"]
    assert sheet["A4"].value == dt.datetime(2026, 3, 1) and sheet["A4"].number_format == "yyyy-mm-dd"
    assert sheet["C4"].hyperlink.target == "https://example.gov.cn/1"
    assert workbook["概览"]["B2"].value == "2026年11月22日 08:00"


def test_link_in_overview_paragraph(tmp_path):
    report = Report(title="新闻速览").paragraph(["详见", Link("原文", "https://example.gov.cn/n/1")])
    workbook = load_workbook(report.save_xlsx(tmp_path / "速览.xlsx"))
    cell = workbook["概览"]["A2"]
    assert cell.value == "详见原文" and cell.hyperlink.target == "https://example.gov.cn/n/1"
