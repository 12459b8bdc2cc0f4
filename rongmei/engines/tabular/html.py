"""HTML tables → rows of text, for the ``.xls`` files that are really web pages (WeChat user growth,
several provincial back offices). Standard library only; ``colspan`` keeps columns aligned."""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["parse_html_tables"]


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


def parse_html_tables(text: str) -> list[list[list[str]]]:
    """Every ``<table>`` of the page as a list of rows of cell texts (whitespace collapsed)."""
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return parser.tables
