"""把导出文件读成“表格”：按文件内容（而不是扩展名）判断格式。

* ``.xlsx``（ZIP 容器）用 openpyxl 只读打开，每个工作表一张表；
* 公众号“用户增长”导出的 ``.xls`` 其实是 HTML 表格，用标准库 ``html.parser`` 解析；
* CSV/TSV 依次尝试 UTF-8（含 BOM）、UTF-16（有 BOM 时）与 GB18030（GBK 的超集）。

旧版二进制 ``.xls``（Excel 97-2003，OLE 容器）不解析，给出“另存为 .xlsx”的中文提示。
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .errors import ImportFailed, ImportIssue

__all__ = ["RawTable", "decode_text", "read_tables"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RawTable:
    """文件里的一张表。``rows`` 是 (文件中的行号, 单元格列表)。"""

    name: str
    source: str  # "xlsx" | "html" | "csv"
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


def read_tables(path: str | Path) -> list[RawTable]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([ImportIssue(f"无法读取文件“{path.name}”：{exc.strerror or exc}")]) from exc
    if not data.strip():
        raise ImportFailed([ImportIssue(f"文件“{path.name}”是空文件")])
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, path.name)
    if data.startswith(_OLE_MAGIC):
        raise ImportFailed([ImportIssue(
            f"文件“{path.name}”是旧版 Excel 97-2003 格式（.xls），暂不支持直接导入；"
            "请用 Excel 或 WPS 打开后“另存为”.xlsx 再导入"
        )])
    text = decode_text(data)
    head = text[:4096].lower()
    if "<table" in head or ("<html" in head and "<table" in text.lower()):
        tables = _read_html(text)
        if not tables:
            raise ImportFailed([ImportIssue(f"文件“{path.name}”是网页格式，但其中没有表格")])
        return tables
    return [_read_csv(text)]


def decode_text(data: bytes) -> str:
    """猜测文本编码：UTF-8 BOM → UTF-16 BOM → UTF-8 → GB18030。"""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ImportFailed([ImportIssue("无法识别文件的文字编码（既不是 UTF-8 也不是 GBK），请另存为 UTF-8 的 CSV 或 .xlsx")]) from exc


def _read_xlsx(data: bytes, filename: str) -> list[RawTable]:
    # 函数内导入：openpyxl 较重，只在读 Excel 时导入
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFailed([ImportIssue(f"文件“{filename}”不是有效的 Excel (.xlsx) 文件，可能已损坏")]) from exc
    tables = []
    try:
        for sheet in workbook.worksheets:
            table = RawTable(name=sheet.title, source="xlsx")
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                table.rows.append((number, list(row)))
            tables.append(table)
    finally:
        workbook.close()
    return tables


def _read_csv(text: str) -> RawTable:
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    table = RawTable(name="CSV", source="csv")
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    for row in reader:
        table.rows.append((reader.line_num, row))
    return table


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._stack: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._colspan = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._finish_row()
            self._row = []
        elif tag in ("td", "th") and self._stack:
            if self._row is None:
                self._row = []
            self._finish_cell()
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._colspan = int(span) if span.isdigit() else 1
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._finish_cell()
        elif tag == "tr":
            self._finish_row()
        elif tag == "table" and self._stack:
            self._finish_row()
            self.tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _finish_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            text = " ".join("".join(self._cell).split())
            self._row.append(text)
            self._row.extend([""] * (self._colspan - 1))
        self._cell = None
        self._colspan = 1

    def _finish_row(self) -> None:
        self._finish_cell()
        if self._row is not None and self._stack:
            self._stack[-1].append(self._row)
        self._row = None


def _read_html(text: str) -> list[RawTable]:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    tables = []
    for index, rows in enumerate(parser.tables, start=1):
        table = RawTable(name=f"表格 {index}", source="html")
        table.rows = [(number, row) for number, row in enumerate(rows, start=1)]
        tables.append(table)
    return tables
