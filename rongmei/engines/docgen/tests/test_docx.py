import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from rongmei.engines.docgen import Column, Link, Report
from rongmei.engines.docgen.example import monthly_report_example

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def docx_path(tmp_path, cjk_font):
    return monthly_report_example().save_docx(tmp_path / "报告.docx")


def east_asia(run_element):
    fonts = run_element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_text_meta_and_headings(docx_path):
    document = Document(str(docx_path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "2026年10月新媒体运营数据报告"
    assert texts[1] == "安源区就业服务新媒体矩阵"
    assert "统计周期：2026年10月1日—10月31日" in texts
    assert "数据截至：2026年11月01日 09:00" in texts
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["一、总体情况", "二、粉丝增长", "三、各平台表现", "四、重点作品", "五、下月计划"]
    assert document.core_properties.title == "2026年10月新媒体运营数据报告"


def test_tables_formatted_values(docx_path):
    document = Document(str(docx_path))
    summary = next(t for t in document.tables if t.cell(0, 0).text == "平台")
    assert [c.text for c in summary.rows[0].cells] == ["平台", "发布数", "阅读（播放）量", "互动量", "互动率"]
    assert [c.text for c in summary.rows[2].cells] == ["抖音", "16", "268,400", "3,105", "1.2%"]
    figures = document.tables[0]  # 要点数字
    assert "1,180" in figures.cell(0, 2).text and "公众号净增关注" in figures.cell(0, 2).text
    header_xml = summary.rows[0]._tr.xml
    assert "w:tblHeader" in header_xml and 'w:fill="D9E2F3"' in header_xml


def test_hyperlinks_are_clickable(docx_path):
    document = Document(str(docx_path))
    items = next(t for t in document.tables if t.cell(0, 0).text == "发布日期")
    cell = items.cell(2, 3)
    (link,) = cell.paragraphs[0].hyperlinks
    assert link.text == "查看原文"
    assert link.url == "https://www.douyin.com/video/7400000000000000001"
    external = {r.target_ref for r in document.part.rels.values() if r.is_external}
    assert "https://mp.weixin.qq.com/s/Demo0001" in external
    last = [p for p in document.paragraphs if p.hyperlinks][-1]
    assert last.hyperlinks[0].url == "https://example.gov.cn/plan/2026-11"
    assert last.text == "围绕“就业援助月”策划系列短视频；详见运营计划。"


def test_charts_are_embedded_pictures(docx_path):
    document = Document(str(docx_path))
    assert len(document.inline_shapes) == 3
    images = [p for p in document.part.package.parts if p.content_type == "image/png"]
    assert len(images) == 3 and all(len(p.blob) > 20_000 for p in images)
    assert "图 1　公众号每日新增与取消关注" in [p.text for p in document.paragraphs]


def test_east_asian_fonts_set_on_every_chinese_run(docx_path):
    document = Document(str(docx_path))
    normal = document.styles["Normal"].element
    assert normal.find(qn("w:rPr") + "/" + qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    body = document.element.body
    runs = [r for r in body.iter(qn("w:r")) if CJK.search("".join(t.text or "" for t in r.iter(qn("w:t"))))]
    assert runs and all(east_asia(r) for r in runs)
    by_text = {"".join(t.text for t in r.iter(qn("w:t"))): east_asia(r) for r in runs}
    assert by_text["2026年10月新媒体运营数据报告"] == "宋体"
    assert by_text["一、总体情况"] == "黑体"
    assert by_text["安源区就业服务新媒体矩阵"] == "楷体"
    assert by_text["查看原文"] == "宋体"
    body_run = next(v for k, v in by_text.items() if k.startswith("10月，矩阵账号共发布作品"))
    assert body_run == "仿宋"


def test_report_without_charts_needs_no_font(tmp_path, monkeypatch):
    from rongmei.engines.docgen import fonts

    monkeypatch.setattr(fonts, "_from_manager", lambda _fm: None)
    monkeypatch.setattr("matplotlib.font_manager.findSystemFonts", lambda *a, **k: [])
    fonts._find.cache_clear()
    try:
        report = Report(title="新闻速览（第 12 期）", meta={"日期": "2026年11月20日"})
        report.table([Column("标题"), Column("链接", "url")], [["区残联开展助残日活动", "https://example.gov.cn/a/1"]])
        path = report.save_docx(tmp_path / "速览.docx")
        (link,) = Document(str(path)).tables[0].cell(1, 1).paragraphs[0].hyperlinks
        assert link.url == link.text == "https://example.gov.cn/a/1"
    finally:
        fonts._find.cache_clear()


def test_table_link_objects_and_row_mapping(tmp_path):
    report = Report(title="终期综合总结：已发布作品清单")
    report.table(["序号", "标题", "链接"], [{"序号": 1, "标题": "甲", "链接": Link("原文", "https://example.gov.cn/1")}])
    table = Document(str(report.save_docx(tmp_path / "清单.docx"))).tables[0]
    assert [c.text for c in table.rows[1].cells] == ["1", "甲", "原文"]
    assert table.cell(1, 2).paragraphs[0].hyperlinks[0].url == "https://example.gov.cn/1"


def test_builder_validation():
    report = Report(title="x")
    with pytest.raises(ValueError, match="第 2 行有 1 个值，但有 2 列"):
        report.table(["a", "b"], [[1, 2], [3]], title="t")
    with pytest.raises(ValueError, match="不支持的图表类型“radar”"):
        report.chart("radar", "t", ["a"], {"s": [1]})
    with pytest.raises(ValueError, match="系列“s”有 2 个值，但有 1 个分类"):
        report.chart("line", "t", ["a"], {"s": [1, 2]})
    with pytest.raises(ValueError, match="不支持的列类型"):
        Column("金额", "money")
