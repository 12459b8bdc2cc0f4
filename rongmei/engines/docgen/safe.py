"""Text made safe for the files we write (one place for every Excel and Word writer).

- :func:`xml_text` drops characters XML 1.0 cannot hold (C0 controls except tab/newline/CR, e.g. a
  vertical tab pasted into a title; lone surrogates; U+FFFE/U+FFFF). Without it openpyxl and
  python-docx refuse to save and the download fails.
- :func:`formula_like` tells whether a text would be taken as a formula by a spreadsheet (starts with
  ``= + - @``, or with a tab/CR before such text). Writers store such text as a plain string cell
  with Excel's quote prefix, so ``=HYPERLINK(...)`` in a title is shown, never run.

    >>> xml_text("标题\\x0b二")
    '标题二'
    >>> formula_like("=HYPERLINK(\\"http://x\\")"), formula_like("-5%"), formula_like("正常")
    (True, True, False)
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["FORMULA_PREFIXES", "append_row", "cell_value", "formula_like", "neutralise", "put", "xml_text"]

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML document cannot contain."""
    return _ILLEGAL_XML.sub("", text)


def formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def cell_value(value: Any) -> Any:
    """A cell value ready to write: strings cleaned of XML-illegal characters, others unchanged."""
    return xml_text(value) if isinstance(value, str) else value


def neutralise(cell: Any) -> None:
    """After a string value was put into an openpyxl ``cell``: if it looks like a formula, keep it text.

    openpyxl turns any string starting with ``=`` into a formula; we reset the type to a string and
    set the quote prefix (Excel's own “this is text” mark, not shown in the cell)."""
    value = cell.value
    if isinstance(value, str) and formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def put(cell: Any, value: Any) -> Any:
    """Set an openpyxl ``cell`` to ``value`` safely (cleaned, formula-like text kept as text)."""
    cell.value = cell_value(value)
    neutralise(cell)
    return cell


def append_row(ws: Any, values: Any) -> int:
    """``ws.append(values)`` with every value made safe; returns the new row number."""
    clean = [cell_value(v) for v in values]
    ws.append(clean)
    # openpyxl 的 append 记下了刚写的行号；ws.max_row 每次都要扫一遍全部单元格（行数多时导出变成平方级）
    row = getattr(ws, "_current_row", None) or ws.max_row
    for index, value in enumerate(clean, start=1):
        if isinstance(value, str) and formula_like(value):
            neutralise(ws.cell(row, index))
    return row
