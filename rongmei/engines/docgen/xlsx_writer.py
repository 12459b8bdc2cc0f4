"""Report → Excel（.xlsx，openpyxl）：“概览”表放标题、说明与要点数字；每张表格一个工作表；
每张图一个数据工作表，并在其上放一张 Excel 原生图表（可在 Excel/WPS 里继续编辑）。"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .charts import Chart
from .model import Heading, KeyFigures, Link, PageBreak, Paragraph, Report, Table
from .safe import append_row, put, xml_text

__all__ = ["write_xlsx"]

FONT = "宋体"
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINK_FONT = Font(name=FONT, color="0563C1", underline="single")
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(report: Report, path: Path) -> Path:
    workbook = Workbook()
    overview = workbook.active
    overview.title = "概览"
    names = {"概览"}
    _overview(overview, report)
    tables = charts = 0
    for block in report.blocks:
        if isinstance(block, Table):
            tables += 1
            sheet = workbook.create_sheet(_sheet_name(block.sheet_name or block.title or f"表{tables}", names))
            _table_sheet(sheet, block)
        elif isinstance(block, Chart):
            charts += 1
            sheet = workbook.create_sheet(_sheet_name(f"图{charts} {block.title}", names))
            _chart_sheet(sheet, block)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _sheet_name(wanted: str, used: set[str]) -> str:
    base = _INVALID_SHEET_CHARS.sub("_", xml_text(wanted)).strip("'") or "表"
    base = base[:31]
    name, counter = base, 2
    while name in used:
        suffix = f"({counter})"
        name = base[: 31 - len(suffix)] + suffix
        counter += 1
    used.add(name)
    return name


def _overview(sheet: Worksheet, report: Report) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    append_row(sheet, [report.title])
    sheet["A1"].font = Font(name=FONT, size=16, bold=True)
    if report.subtitle:
        append_row(sheet, [report.subtitle])
        sheet.cell(sheet.max_row, 1).font = Font(name=FONT, size=12, italic=True)
    for key, line in zip(report.meta, report.meta_lines, strict=True):
        append_row(sheet, [key, line.split("：", 1)[1]])
        sheet.cell(sheet.max_row, 1).font = Font(name=FONT, bold=True)
    tables = charts = 0
    for block in report.blocks:
        if isinstance(block, Heading):
            append_row(sheet, [])
            append_row(sheet, [block.text])
            sheet.cell(sheet.max_row, 1).font = Font(name=FONT, size=13 if block.level == 1 else 12, bold=True)
        elif isinstance(block, Paragraph):
            parts = [block.text] if isinstance(block.text, str) else list(block.text)
            text = "".join(p.text if isinstance(p, Link) else p for p in parts)
            append_row(sheet, [text])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2)
            cell = sheet.cell(sheet.max_row, 1)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.row_dimensions[sheet.max_row].height = max(15, 15 * (len(text) // 42 + 1))
            links = [p for p in parts if isinstance(p, Link)]
            if len(links) == 1:
                cell.hyperlink = xml_text(links[0].url)
        elif isinstance(block, KeyFigures):
            if block.title:
                append_row(sheet, [block.title])
                sheet.cell(sheet.max_row, 1).font = Font(name=FONT, bold=True)
            for item in block.items:
                append_row(sheet, [item.label, item.value, item.unit, item.change])
                sheet.cell(sheet.max_row, 2).font = Font(name=FONT, bold=True, color="1F4E99")
                if isinstance(item.value, int | float):
                    sheet.cell(sheet.max_row, 2).number_format = "#,##0.##"
                    sheet.cell(sheet.max_row, 2).alignment = Alignment(horizontal="left")
        elif isinstance(block, Table):
            tables += 1
            append_row(sheet, [f"表 {tables}：{block.title or '（见工作表）'}"])
        elif isinstance(block, Chart):
            charts += 1
            append_row(sheet, [f"图 {charts}：{block.title}（见工作表）"])
        elif isinstance(block, PageBreak):
            continue


def _table_sheet(sheet: Worksheet, block: Table) -> None:
    start = 1
    if block.title:
        put(sheet.cell(1, 1), block.title).font = Font(name=FONT, size=13, bold=True)
        start = 3
    for index, column in enumerate(block.columns, start=1):
        cell = put(sheet.cell(start, index), column.title)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, values in enumerate(block.rows, start=1):
        for index, (column, value) in enumerate(zip(block.columns, values, strict=True), start=1):
            cell = sheet.cell(start + offset, index)
            cell.border = BORDER
            url = value.url if isinstance(value, Link) else value if column.kind == "url" and value else None
            put(cell, value.text if isinstance(value, Link) else value)
            if url:
                cell.hyperlink = xml_text(str(url))
                cell.font = LINK_FONT
            else:
                cell.font = Font(name=FONT)
            if column.kind != "text" and not isinstance(value, str):
                cell.number_format = column.excel_format
    for index, column in enumerate(block.columns, start=1):
        longest = max([_width(column.title)] + [_width(column.display(r[index - 1])) for r in block.rows[:500]])
        sheet.column_dimensions[get_column_letter(index)].width = column.width or min(max(longest + 2, 8), 60)
    last = start + len(block.rows)
    sheet.freeze_panes = sheet.cell(start + 1, 1)
    if block.rows:
        sheet.auto_filter.ref = f"A{start}:{get_column_letter(len(block.columns))}{last}"
    if block.note:
        put(sheet.cell(last + 2, 1), block.note).font = Font(name=FONT, color="595959")


def _chart_sheet(sheet: Worksheet, chart: Chart) -> None:
    append_row(sheet, ["分类", *[name for name, _values in chart.series]])
    for cell in sheet[1]:
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
    for index, category in enumerate(chart.categories):
        append_row(sheet, [category, *[None if v != v else v for _name, values in chart.series for v in [values[index]]]])
    sheet.column_dimensions["A"].width = max(10, max((_width(c) for c in chart.categories), default=8) + 2)
    for index in range(2, len(chart.series) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    rows = len(chart.categories) + 1
    categories = Reference(sheet, min_col=1, min_row=2, max_row=rows)
    if chart.kind == "pie":
        native = PieChart()
        data = Reference(sheet, min_col=2, min_row=1, max_row=rows)
        native.add_data(data, titles_from_data=True)
        native.dataLabels = DataLabelList()
        native.dataLabels.showPercent = True
    else:
        native = LineChart() if chart.kind == "line" else BarChart()
        if isinstance(native, BarChart):
            native.type = "col"
            if chart.stacked:
                native.grouping = "stacked"
                native.overlap = 100
        data = Reference(sheet, min_col=2, max_col=len(chart.series) + 1, min_row=1, max_row=rows)
        native.add_data(data, titles_from_data=True)
        native.y_axis.title = chart.y_label or None
        native.y_axis.delete = False
        native.x_axis.delete = False
    native.set_categories(categories)
    native.title = xml_text(chart.title)
    native.width, native.height = 18, 9
    sheet.add_chart(native, f"{get_column_letter(len(chart.series) + 3)}2")


def _width(text: str) -> float:
    return sum(2.0 if ord(ch) > 0x2E80 else 1.1 for ch in str(text))
