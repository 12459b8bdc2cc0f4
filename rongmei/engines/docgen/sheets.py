"""Data workbooks (.xlsx): lists a user downloads to keep or hand in (audit log, publication list
with links, proofreading findings). One writer for all of them, next to the report writer, so they
share header style, column kinds, widths, links and frozen header rows.

    >>> from rongmei.engines.docgen import Column, Sheet, sheets_xlsx
    >>> data = sheets_xlsx([Sheet("发布内容清单", (Column("序号", "int"), Column("网络链接", "url")),
    ...                           [(1, "https://example.gov.cn/a/1")], title="发布内容清单及网络链接")])

Rows are appended in one pass (``ws.append``), so a sheet of 50,000 audit events is written quickly.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .model import Column, Link
from .safe import append_row, xml_text
from .xlsx_writer import FONT, HEADER_FILL, LINK_FONT, _sheet_name, _width

__all__ = ["Sheet", "sheets_xlsx"]


@dataclass(frozen=True)
class Sheet:
    """One worksheet: an optional bold title (row 1), optional label/value lines, then the table.

    ``wrap``: titles of columns whose long text wraps. ``fills``: column title → {cell value: RGB
    background}, e.g. severity “高” in red. A ``url`` column (or a :class:`Link` value) is a hyperlink.
    """

    name: str
    columns: Sequence[Column | str]
    rows: Iterable[Sequence[Any]]
    title: str = ""
    preamble: Sequence[tuple[str, Any]] = ()
    wrap: frozenset[str] = frozenset()
    fills: Mapping[str, Mapping[Any, str]] = field(default_factory=dict)


def sheets_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The workbook's bytes, one worksheet per :class:`Sheet` in order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for sheet in sheets:
        _write(workbook.create_sheet(_sheet_name(sheet.name, used)), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(ws: Any, sheet: Sheet) -> None:
    columns = [c if isinstance(c, Column) else Column(c) for c in sheet.columns]
    if sheet.title:
        append_row(ws, [sheet.title])
        ws.cell(ws.max_row, 1).font = Font(name=FONT, size=14, bold=True)
    for label, value in sheet.preamble:
        append_row(ws, [label, value])
        ws.cell(ws.max_row, 1).font = Font(name=FONT, bold=True)
    if sheet.preamble:
        ws.append([])
    append_row(ws, [c.title for c in columns])
    header = ws.max_row
    for cell in ws[header]:
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_width(c.title) for c in columns]
    links = [i for i, c in enumerate(columns) if c.kind == "url"]
    formats = [(i, c.excel_format) for i, c in enumerate(columns) if c.kind not in ("text", "url")]
    wraps = [i for i, c in enumerate(columns) if c.title in sheet.wrap]
    fills = {i: {k: PatternFill("solid", fgColor=v) for k, v in sheet.fills[c.title].items()}
             for i, c in enumerate(columns) if c.title in sheet.fills}
    wrap = Alignment(wrap_text=True, vertical="top")
    for count, values in enumerate(sheet.rows):
        if len(values) != len(columns):
            raise ValueError(f"工作表“{sheet.name}”第 {count + 1} 行有 {len(values)} 个值，但有 {len(columns)} 列")
        row = append_row(ws, [v.text if isinstance(v, Link) else v for v in values])
        for i in links:
            url = values[i]
            if url:
                ws.cell(row, i + 1).hyperlink = xml_text(str(url))
                ws.cell(row, i + 1).font = LINK_FONT
        for i, value in enumerate(values):
            if isinstance(value, Link) and value.url:
                ws.cell(row, i + 1).hyperlink = xml_text(value.url)
                ws.cell(row, i + 1).font = LINK_FONT
        for i, number_format in formats:
            if not isinstance(values[i], str):
                ws.cell(row, i + 1).number_format = number_format
        for i in wraps:
            ws.cell(row, i + 1).alignment = wrap
        for i, by_value in fills.items():
            if values[i] in by_value:
                ws.cell(row, i + 1).fill = by_value[values[i]]
        if count < 500:
            widths = [max(w, _width(c.display(v))) for w, c, v in zip(widths, columns, values, strict=True)]
    for index, (column, longest) in enumerate(zip(columns, widths, strict=True), start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width or min(max(longest + 2, 8), 60)
    ws.freeze_panes = ws.cell(header + 1, 1)
