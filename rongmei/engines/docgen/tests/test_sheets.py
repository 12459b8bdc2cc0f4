"""Data workbooks: one writer for every list a user downloads as Excel."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from rongmei.engines.docgen import Column, Link, Sheet, sheets_xlsx


def _book(*sheets):
    return load_workbook(io.BytesIO(sheets_xlsx(list(sheets))))


def test_title_preamble_header_and_rows_in_order():
    book = _book(Sheet("审校发现", ("序号", Column("严重程度"), Column("数量", "int")), [(1, "高", 1200)],
                       title="审校报告", preamble=(("稿件", "通知.docx"),)))
    rows = list(book["审校发现"].iter_rows(values_only=True))
    assert rows == [("审校报告", None, None), ("稿件", "通知.docx", None), (None, None, None),
                    ("序号", "严重程度", "数量"), (1, "高", 1200)]
    sheet = book["审校发现"]
    assert sheet["C5"].number_format == "#,##0"
    assert sheet.freeze_panes == "A5"


def test_links_fills_and_wrapping():
    sheet = _book(Sheet("清单", (Column("标题"), Column("网络链接", "url"), Column("级别")),
                        [("春季招聘会", "https://example.gov.cn/a/1", "高"),
                         (Link("人民网转载", "https://people.com.cn/x"), "", "低")],
                        wrap=frozenset({"标题"}), fills={"级别": {"高": "F8D7DA"}})).active
    assert sheet["B2"].hyperlink.target == "https://example.gov.cn/a/1"
    assert sheet["A3"].value == "人民网转载" and sheet["A3"].hyperlink.target == "https://people.com.cn/x"
    assert sheet["B3"].hyperlink is None
    assert sheet["C2"].fill.fgColor.rgb.endswith("F8D7DA") and sheet["C3"].fill.fill_type is None
    assert sheet["A2"].alignment.wrap_text


def test_several_sheets_and_safe_names():
    book = _book(Sheet("数据/2025", ("a",), [(1,)]), Sheet("数据/2025", ("b",), [(2,)]))
    assert book.sheetnames == ["数据_2025", "数据_2025(2)"]


def test_row_with_wrong_number_of_values_is_refused():
    with pytest.raises(ValueError, match="第 1 行有 1 个值，但有 2 列"):
        sheets_xlsx([Sheet("x", ("a", "b"), [(1,)])])
