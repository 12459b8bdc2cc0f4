"""报告的声明式描述：:class:`Report` 由若干块（标题、段落、要点数字、表格、图表）组成，
可同时输出为 Word（.docx）与 Excel（.xlsx）。"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .charts import Chart

__all__ = [
    "Column",
    "Heading",
    "KeyFigure",
    "KeyFigures",
    "Link",
    "PageBreak",
    "Paragraph",
    "Report",
    "Table",
    "Fonts",
]

#: 列类型 → Excel 数字格式（Word 中按同样规则显示）。
NUMBER_FORMATS = {
    "text": "@",
    "int": "#,##0",
    "float": "#,##0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "url": "@",
}


@dataclass(frozen=True)
class Fonts:
    """字体引用（只是名字：在打开文档的电脑上生效）。"""

    title: str = "宋体"
    heading: str = "黑体"
    body: str = "仿宋"
    subtitle: str = "楷体"
    table: str = "宋体"
    latin: str = "Times New Roman"


@dataclass(frozen=True)
class Link:
    """单元格或段落里的超链接。"""

    text: str
    url: str


@dataclass(frozen=True)
class Column:
    """表格列。``kind``：text/int/float/percent/date/datetime/url；``width`` 以字符数计。"""

    title: str
    kind: str = "text"
    width: float | None = None
    number_format: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in NUMBER_FORMATS:
            raise ValueError(f"不支持的列类型“{self.kind}”；可用：{'、'.join(NUMBER_FORMATS)}")

    @property
    def excel_format(self) -> str:
        return self.number_format or NUMBER_FORMATS[self.kind]

    def display(self, value: Any) -> str:
        """Word 表格里的显示文本。"""
        if value is None or value == "":
            return ""
        if isinstance(value, Link):
            return value.text
        if self.kind == "int" and isinstance(value, int | float):
            return f"{value:,.0f}"
        if self.kind == "float" and isinstance(value, int | float):
            return f"{value:,.2f}"
        if self.kind == "percent" and isinstance(value, int | float):
            return f"{value * 100:.1f}%"
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("int", "float", "percent")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str | Sequence[str | Link]
    bold: bool = False
    align: str | None = None  # left | center | right | justify
    indent: bool = True  # 首行缩进两字


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: Any
    unit: str = ""
    change: str = ""  # 如“环比 +12.3%”


@dataclass(frozen=True)
class KeyFigures:
    items: tuple[KeyFigure, ...]
    title: str = ""


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    title: str = ""
    note: str = ""
    sheet_name: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | KeyFigures | Table | Chart | PageBreak


@dataclass
class Report:
    """一份报告。链式调用，最后 ``save_docx`` / ``save_xlsx``::

        Report(title="2026年10月新媒体运营数据报告", meta={"单位": "…", "统计周期": "…"})
            .heading("一、总体情况").paragraph("…")
            .table(["平台", Column("阅读量", "int")], rows)
            .chart("line", "粉丝增长趋势", categories, {"新增关注": [...]})
            .save_docx("report.docx")
    """

    title: str
    subtitle: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)
    fonts: Fonts = field(default_factory=Fonts)
    blocks: list[Block] = field(default_factory=list)
    marking: str = ""  # 密级标注（如“内部”），印在每页页眉

    # -- 构建 ------------------------------------------------------------------------------------
    def heading(self, text: str, level: int = 1) -> Report:
        if level not in (1, 2, 3):
            raise ValueError("标题级别只能是 1、2、3")
        self.blocks.append(Heading(text, level))
        return self

    def paragraph(self, text: str | Sequence[str | Link], *, bold: bool = False, align: str | None = None,
                  indent: bool = True) -> Report:
        self.blocks.append(Paragraph(text if isinstance(text, str) else tuple(text), bold, align, indent))
        return self

    def key_figures(self, items: Sequence[KeyFigure | tuple], *, title: str = "") -> Report:
        figures = tuple(i if isinstance(i, KeyFigure) else KeyFigure(*i) for i in items)
        self.blocks.append(KeyFigures(figures, title))
        return self

    def table(self, columns: Sequence[str | Column], rows: Sequence[Sequence[Any] | Mapping[str, Any]], *,
              title: str = "", note: str = "", sheet_name: str = "") -> Report:
        cols = tuple(c if isinstance(c, Column) else Column(c) for c in columns)
        normalised = []
        for number, row in enumerate(rows, start=1):
            values = tuple(row.get(c.title) for c in cols) if isinstance(row, Mapping) else tuple(row)
            if len(values) != len(cols):
                raise ValueError(f"表格“{title or '未命名'}”第 {number} 行有 {len(values)} 个值，但有 {len(cols)} 列")
            normalised.append(values)
        self.blocks.append(Table(cols, tuple(normalised), title, note, sheet_name))
        return self

    def chart(self, kind: str, title: str, categories: Sequence[object],
              series: Mapping[str, Sequence[float | int | None]], **options: Any) -> Report:
        self.blocks.append(Chart.build(kind, title, categories, series, **options))
        return self

    def page_break(self) -> Report:
        self.blocks.append(PageBreak())
        return self

    # -- 输出 ------------------------------------------------------------------------------------
    def save_docx(self, path: str | Path) -> Path:
        # 函数内导入：打破循环：docx_writer 要 import 本模块的文档模型
        from .docx_writer import write_docx

        return write_docx(self, Path(path))

    def save_xlsx(self, path: str | Path) -> Path:
        # 函数内导入：打破循环：xlsx_writer 要 import 本模块的文档模型
        from .xlsx_writer import write_xlsx

        return write_xlsx(self, Path(path))

    @property
    def meta_lines(self) -> list[str]:
        return [f"{key}：{_meta_text(value)}" for key, value in self.meta.items()]


def _meta_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%Y年%m月%d日 %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y年%m月%d日}"
    return str(value)
