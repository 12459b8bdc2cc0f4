"""报告文档工具：声明式地描述一份中文报告，输出 Word（.docx）、Excel（.xlsx）与 PDF。纯 Python，无 Django。

    >>> from rongmei.engines.docgen import Report, Column, Link
    >>> (Report(title="2026年10月新媒体运营数据报告", meta={"单位": "某区人社局", "统计周期": "2026年10月"})
    ...     .heading("一、总体情况").paragraph("本月共发布作品 46 条……")
    ...     .table(["平台", Column("阅读量", "int")], [["公众号", 12034]])
    ...     .chart("line", "粉丝增长", ["10月1日", "10月2日"], {"新增关注": [40, 52]})
    ...     .save_docx("report.docx"))                           # doctest: +SKIP

图表由 matplotlib（Agg）画成 PNG，使用中文字体（见 :func:`find_cjk_font`）；没有中文字体时抛出
:class:`CJKFontMissing`。
"""

from .charts import CHART_KINDS, Chart, render_chart
from .docx_writer import add_hyperlink, set_run_font
from .fonts import CJKFont, CJKFontMissing, find_cjk_font
from .model import Column, Fonts, Heading, KeyFigure, KeyFigures, Link, PageBreak, Paragraph, Report, Table
from .pdf import PdfConversionFailed, libreoffice_binary, to_pdf
from .safe import formula_like, xml_text
from .sheets import Sheet, sheets_xlsx

__all__ = [
    "CHART_KINDS",
    "CJKFont",
    "CJKFontMissing",
    "Chart",
    "Column",
    "Fonts",
    "Heading",
    "KeyFigure",
    "KeyFigures",
    "Link",
    "PageBreak",
    "Paragraph",
    "PdfConversionFailed",
    "Report",
    "Sheet",
    "Table",
    "add_hyperlink",
    "find_cjk_font",
    "formula_like",
    "libreoffice_binary",
    "render_chart",
    "set_run_font",
    "sheets_xlsx",
    "to_pdf",
    "xml_text",
]
