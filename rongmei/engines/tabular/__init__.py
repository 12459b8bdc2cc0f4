"""The one reader for uploaded tables: text, CSV/TSV, Excel (.xlsx) and HTML-disguised ``.xls``.

Every import in rongmei (contract facts, platform metric exports, proofreading word lists) reads
its upload here, so the same file is accepted or refused for the same reason everywhere:

* the format is decided by the *content*, not the file name: a ZIP container is ``.xlsx``, an HTML
  page with a ``<table>`` is the ``.xls`` that WeChat and several back offices export, the old
  binary Excel 97-2003 format is refused with a "save as .xlsx" hint, anything else is text;
* text encoding: a byte-order mark wins (UTF-8, UTF-16); then strict UTF-8; otherwise
  ``charset-normalizer`` chooses among the encodings Chinese offices produce (GB18030 ⊃ GBK ⊃ GB2312,
  Big5, UTF-16 without BOM). Bytes that still cannot be decoded are reported with their line;
* limits (file size, row count) are checked before any work, so a huge upload fails fast; an .xlsx
  is a ZIP: the sizes its members *unpack* to are checked in the ZIP directory before anything is
  decompressed (a 1.5 MB "zip bomb" that unpacks to 450 MB is refused at once), and XML with a
  DTD (``<!DOCTYPE``/``<!ENTITY``: entity expansion, external entities) is refused; openpyxl reads
  through defusedxml as well and streams rows (read-only mode), so memory stays flat;
* every error is a :class:`TabularError` whose Chinese message names the file, row and column.

Pure Python (no Django): callers turn :class:`TabularError` into their own error type.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from .html import parse_html_tables

__all__ = [
    "DEFAULT_LIMITS", "Limits", "Table", "TabularError", "column_letter", "decode_text", "detect_format",
    "read_lines", "read_table", "read_tables",
]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# What Chinese offices actually save: GBK/GB2312 are subsets of GB18030; Big5 from Hong Kong/Taiwan
# sources; UTF-16 without BOM from some "Unicode text" exports.
_CANDIDATES = ["gb18030", "big5", "utf_16_le", "utf_16_be"]


@dataclass(frozen=True)
class Limits:
    """How much an upload may hold. ``max_rows`` counts rows of the largest table; ``max_unpacked_bytes``
    is the total an .xlsx may unpack to (its XML), ``max_ratio`` how much one member may expand."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 200_000
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 200


DEFAULT_LIMITS = Limits()


class TabularError(ValueError):
    """An upload that cannot be read, with the place in the file when there is one."""

    def __init__(self, message: str, *, filename: str = "", row: int | None = None,
                 column: int | str | None = None) -> None:
        self.message = message
        self.filename = filename
        self.row = row
        self.column = column
        super().__init__(self.__str__())

    @property
    def location(self) -> str:
        """“第 3 行，第 2 列（B）” / “第 3 行，列“date”” / “第 3 行” / ""."""
        parts = []
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if isinstance(self.column, int):
            parts.append(f"第 {self.column} 列（{column_letter(self.column)}）")
        elif self.column:
            parts.append(f"列“{self.column}”")
        return "，".join(parts)

    def __str__(self) -> str:
        """“文件“a.csv”第 3 行，第 2 列（B）：日期格式不对” / “文件“a.csv”是空文件”."""
        where = f"文件“{self.filename}”" if self.filename else "文件"
        loc = self.location
        return f"{where}{loc}：{self.message}" if loc else f"{where}{self.message}"


@dataclass
class Table:
    """One table of a file. ``rows`` are (row number in the file, cells), numbered from 1."""

    name: str
    source: str  # "xlsx" | "html" | "csv"
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)

    def header_and_body(self) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
        """The first row as the header, the rest as data; an empty table raises TabularError."""
        if not self.rows:
            raise TabularError("表格是空的（第一行应为表头）", row=1)
        return self.rows[0][1], self.rows[1:]


def column_letter(index: int) -> str:
    """1 → A, 26 → Z, 27 → AA (the column names a spreadsheet user sees)."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def _load(data: bytes | str | Path, filename: str, limits: Limits) -> tuple[bytes, str]:
    if isinstance(data, str | Path):
        path = Path(data)
        filename = filename or path.name
        try:
            size = path.stat().st_size
            if size > limits.max_bytes:
                raise TabularError(_too_big(limits), filename=filename)
            data = path.read_bytes()
        except OSError as exc:
            raise TabularError(f"无法读取（{exc.strerror or exc}）", filename=filename) from exc
    if len(data) > limits.max_bytes:
        raise TabularError(_too_big(limits), filename=filename)
    if not data.strip():
        raise TabularError("是空文件", filename=filename)
    return data, filename


def _too_big(limits: Limits) -> str:
    size = (f"{limits.max_bytes / 1024 / 1024:.0f} MB" if limits.max_bytes >= 1024 * 1024
            else f"{limits.max_bytes / 1024:.0f} KB")
    return f"超过 {size}，请拆分后分批导入"


def detect_format(data: bytes) -> str:
    """"xlsx" | "xls-binary" | "html" | "text", from the bytes themselves."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(_OLE_MAGIC):
        return "xls-binary"
    head = data[:4096].lower()
    if b"<table" in head or (b"<html" in head and b"<table" in data.lower()):
        return "html"
    if any(data.startswith(bom) for bom, _ in _BOMS[1:]):  # UTF-16 HTML is still HTML
        text_head = decode_text(data[:8192] if len(data) % 2 == 0 else data[:8191]).lower()
        if "<table" in text_head:
            return "html"
    return "text"


def decode_text(data: bytes, *, filename: str = "") -> str:
    """Bytes → text: BOM, then strict UTF-8, then the best of GB18030/Big5/UTF-16 (charset-normalizer)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, filename)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    encoding = best.encoding if best is not None else "gb18030"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return _strict(data, "gb18030", filename)


def _strict(data: bytes, encoding: str, filename: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1 if "16" not in encoding else None
        raise TabularError("含有无法识别的字符（既不是 UTF-8 也不是 GBK 编码），请另存为“CSV UTF-8”或 .xlsx",
                           filename=filename, row=row) from exc


def read_tables(data: bytes | str | Path, *, filename: str = "", delimiter: str | None = None,
                limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Every table in the file: each worksheet of an .xlsx, each ``<table>`` of an HTML page, or the CSV.

    ``data`` is the file's bytes or its path. A CSV's delimiter is sniffed (comma, tab, semicolon)
    unless ``delimiter`` is given."""
    data, filename = _load(data, filename, limits)
    kind = detect_format(data)
    if kind == "xlsx":
        tables = _read_xlsx(data, filename, limits)
    elif kind == "xls-binary":
        raise TabularError("是旧版 Excel 97-2003 格式（.xls），暂不支持直接导入；"
                           "请用 Excel 或 WPS 打开后“另存为”.xlsx 再导入", filename=filename)
    elif kind == "html":
        tables = [Table(name=f"表格 {i}", source="html", rows=list(enumerate(rows, start=1)))
                  for i, rows in enumerate(parse_html_tables(decode_text(data, filename=filename)), start=1)]
        if not tables:
            raise TabularError("是网页格式，但其中没有表格", filename=filename)
    else:
        tables = [_read_csv(decode_text(data, filename=filename), filename, limits, delimiter)]
    for table in tables:
        _check_rows(len(table.rows), filename, limits)
    return tables


def read_table(data: bytes | str | Path, *, filename: str = "", sheet: str | None = None,
               delimiter: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Table:
    """The first table (or the worksheet named ``sheet``)."""
    tables = read_tables(data, filename=filename, delimiter=delimiter, limits=limits)
    if sheet is None:
        return tables[0]
    for table in tables:
        if table.name == sheet:
            return table
    raise TabularError(f"没有名为“{sheet}”的工作表", filename=filename)


def read_lines(data: bytes | str | Path, *, filename: str = "", limits: Limits = DEFAULT_LIMITS
               ) -> list[tuple[int, str]]:
    """A plain text file as (line number, line) pairs, decoded by the same rules as CSV."""
    data, filename = _load(data, filename, limits)
    lines = list(enumerate(decode_text(data, filename=filename).splitlines(), start=1))
    _check_rows(len(lines), filename, limits)
    return lines


def _check_rows(count: int, filename: str, limits: Limits) -> None:
    if count > limits.max_rows:
        raise TabularError(f"超过 {limits.max_rows:,} 行，请拆分后分批导入", filename=filename)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def _check_zip(data: bytes, filename: str, limits: Limits) -> None:
    """Refuse a decompression bomb and XML with a DTD before openpyxl decompresses anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            if total > limits.max_unpacked_bytes:
                raise TabularError(f"解压后有 {_mb(total)}，超过 {_mb(limits.max_unpacked_bytes)} 的上限，"
                                   "请拆分后分批导入", filename=filename)
            for member in members:
                if member.file_size > 1024 * 1024 and member.file_size > limits.max_ratio * max(member.compress_size, 1):
                    raise TabularError("压缩比异常（疑似“压缩炸弹”），拒绝读取", filename=filename)
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(member) as handle:
                        head = handle.read(64 * 1024)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise TabularError("含有不允许的 XML 声明（DTD/实体），拒绝读取；请用 Excel 或 WPS 另存后再导入",
                                           filename=filename)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        raise TabularError("不是有效的 Excel (.xlsx) 文件，可能已损坏", filename=filename) from exc


def _read_xlsx(data: bytes, filename: str, limits: Limits) -> list[Table]:
    from openpyxl import load_workbook  # openpyxl is heavy; only Excel uploads pay for it

    _check_zip(data, filename, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError, EOFError) as exc:
        # SyntaxError: XML parse errors (ParseError, defusedxml's DTDForbidden…) derive from it or ValueError
        raise TabularError("不是有效的 Excel (.xlsx) 文件，可能已损坏", filename=filename) from exc
    tables = []
    try:
        for sheet in workbook.worksheets:
            table = Table(name=sheet.title, source="xlsx")
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > limits.max_rows + 1:
                    _check_rows(number, filename, limits)
                table.rows.append((number, list(row)))
            tables.append(table)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, SyntaxError, EOFError, OSError) as exc:
        raise TabularError("内容已损坏，无法读取", filename=filename) from exc
    finally:
        workbook.close()
    return tables


def _read_csv(text: str, filename: str, limits: Limits, delimiter: str | None) -> Table:
    sample = text[:8192]
    dialect: Any = csv.excel
    if delimiter is None:
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    table = Table(name="CSV", source="csv")
    options = {"delimiter": delimiter} if delimiter else {}
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True, **options)
    rows = _numbered(reader, filename)
    for number, row in rows:
        if len(table.rows) >= limits.max_rows + 1:
            _check_rows(len(table.rows) + 1, filename, limits)
        table.rows.append((number, row))
    if table.rows and table.rows[0][1]:
        table.rows[0][1][0] = str(table.rows[0][1][0]).lstrip("\ufeff")
    return table


def _numbered(reader: Any, filename: str) -> Iterator[tuple[int, list[str]]]:
    """CSV rows numbered by the line they start on (a quoted cell may span lines)."""
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise TabularError(f"CSV 格式错误（{_csv_reason(exc)}）", filename=filename,
                               row=reader.line_num) from exc
        yield start, row
        start = reader.line_num + 1


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "end of data" in text or "EOF" in text:
        return "引号没有闭合"
    if "NUL" in text or "null" in text.lower():
        return "含有空字符"
    if "expected after" in text:
        return "右引号后面应是分隔符"
    return text
