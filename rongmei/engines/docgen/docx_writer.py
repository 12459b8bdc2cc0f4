"""Report → Word（.docx，python-docx）。中文字体写在 w:rFonts/@w:eastAsia 上，Word 才会按中文字体显示。"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from .charts import Chart, render_chart
from .model import Fonts, Heading, KeyFigures, Link, PageBreak, Paragraph, Report, Table
from .safe import xml_text

__all__ = ["add_hyperlink", "set_run_font", "write_docx"]

BODY_PT = 14  # 四号
TABLE_PT = 10.5  # 五号
HEADING_PT = {1: 16, 2: 15, 3: 14}
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)
HEADER_FILL = "D9E2F3"
FIGURE_FILL = "F2F5FA"
ACCENT = RGBColor(0x1F, 0x4E, 0x99)
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def set_run_font(run: Run, east_asia: str, latin: str, size: float | None = None, *, bold: bool | None = None,
                 colour: RGBColor | None = None) -> Run:
    """设置一段文字的字体：西文 ``latin``，中文 ``east_asia``（写入 w:eastAsia）。"""
    run.font.name = latin
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    return run


def add_hyperlink(paragraph: DocxParagraph, text: str, url: str, fonts: Fonts, size: float | None = None) -> Run:
    """在段落末尾加一个可点击的外部链接（w:hyperlink + 外部关系）。"""
    rel_id = paragraph.part.relate_to(xml_text(url), RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    hyperlink.set(qn("w:history"), "1")
    run_element = OxmlElement("w:r")
    hyperlink.append(run_element)
    paragraph._p.append(hyperlink)
    run = Run(run_element, paragraph)
    run.text = xml_text(text)
    set_run_font(run, fonts.table, fonts.latin, size, colour=LINK_COLOUR)
    run.font.underline = True
    return run


def write_docx(report: Report, path: Path) -> Path:
    document = Document()
    fonts = report.fonts
    _setup(document, report)
    _marking(document, report)
    _title_block(document, report)
    counters = {"table": 0, "figure": 0}
    for block in report.blocks:
        if isinstance(block, Heading):
            _heading(document, block, fonts)
        elif isinstance(block, Paragraph):
            _paragraph(document, block, fonts)
        elif isinstance(block, KeyFigures):
            _key_figures(document, block, fonts)
        elif isinstance(block, Table):
            counters["table"] += 1
            _table(document, block, fonts, counters["table"])
        elif isinstance(block, Chart):
            counters["figure"] += 1
            _chart(document, block, fonts, counters["figure"])
        elif isinstance(block, PageBreak):
            document.add_page_break()
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


# -- 页面与样式 ----------------------------------------------------------------------------------
def _marking(document: Any, report: Report) -> None:
    """密级标注（如“内部”“秘密”）印在每页页眉左上角。"""
    if not report.marking:
        return
    header = document.sections[0].header
    para = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    para.text = ""
    run = para.add_run(report.marking)
    set_run_font(run, report.fonts.heading, report.fonts.latin, 12, bold=True)


def _setup(document: Any, report: Report) -> None:
    fonts = report.fonts
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.8)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    styles = document.styles
    _style_font(styles["Normal"], fonts.body, fonts.latin, BODY_PT)
    styles["Normal"].paragraph_format.line_spacing = 1.5
    for level, size in HEADING_PT.items():
        style = styles[f"Heading {level}"]
        _style_font(style, fonts.heading if level == 1 else fonts.subtitle, fonts.latin, size, bold=level > 1)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12 if level == 1 else 6)
        style.paragraph_format.space_after = Pt(6)
    properties = document.core_properties
    properties.title = xml_text(report.title)
    properties.subject = xml_text(report.subtitle)
    properties.author = "融媒运营平台"
    _page_number_footer(section, fonts)


def _style_font(style: Any, east_asia: str, latin: str, size: float, *, bold: bool | None = None) -> None:
    style.font.name = latin
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _page_number_footer(section: Any, fonts: Fonts) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run("— "), fonts.body, fonts.latin, 10.5)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run_element = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run_element.append(text)
    field.append(run_element)
    paragraph._p.append(field)
    set_run_font(paragraph.add_run(" —"), fonts.body, fonts.latin, 10.5)


# -- 各块 ----------------------------------------------------------------------------------------
def _title_block(document: Any, report: Report) -> None:
    fonts = report.fonts
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)
    set_run_font(title.add_run(xml_text(report.title)), fonts.title, fonts.latin, 22, bold=True)
    if report.subtitle:
        subtitle = document.add_paragraph()
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(subtitle.add_run(xml_text(report.subtitle)), fonts.subtitle, fonts.latin, 16)
    for line in report.meta_lines:
        meta = document.add_paragraph()
        meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
        meta.paragraph_format.space_after = Pt(0)
        meta.paragraph_format.line_spacing = 1.2
        set_run_font(meta.add_run(xml_text(line)), fonts.subtitle, fonts.latin, 12)
    if report.meta_lines:
        document.add_paragraph()


def _heading(document: Any, block: Heading, fonts: Fonts) -> None:
    paragraph = document.add_heading(level=block.level)
    east_asia = fonts.heading if block.level == 1 else fonts.subtitle
    set_run_font(paragraph.add_run(xml_text(block.text)), east_asia, fonts.latin, HEADING_PT[block.level],
                 bold=block.level > 1, colour=RGBColor(0, 0, 0))


def _paragraph(document: Any, block: Paragraph, fonts: Fonts) -> None:
    paragraph = document.add_paragraph()
    if block.align:
        paragraph.alignment = _ALIGN[block.align]
    if block.indent and not block.align:
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    parts = [block.text] if isinstance(block.text, str) else list(block.text)
    for part in parts:
        if isinstance(part, Link):
            add_hyperlink(paragraph, part.text, part.url, fonts, BODY_PT)
        else:
            set_run_font(paragraph.add_run(xml_text(part)), fonts.body, fonts.latin, BODY_PT, bold=block.bold or None)


def _key_figures(document: Any, block: KeyFigures, fonts: Fonts) -> None:
    if block.title:
        _caption(document, block.title, fonts)
    per_row = min(4, len(block.items)) or 1
    rows = [block.items[i:i + per_row] for i in range(0, len(block.items), per_row)]
    table = document.add_table(rows=len(rows), cols=per_row)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, items in enumerate(rows):
        for c in range(per_row):
            cell = table.cell(r, c)
            _shade(cell, FIGURE_FILL)
            if c >= len(items):
                continue
            item = items[c]
            number = cell.paragraphs[0]
            number.alignment = WD_ALIGN_PARAGRAPH.CENTER
            value = f"{item.value:,}" if isinstance(item.value, int) else str(item.value)
            set_run_font(number.add_run(xml_text(value)), fonts.heading, fonts.latin, 20, bold=True, colour=ACCENT)
            if item.unit:
                set_run_font(number.add_run(xml_text(item.unit)), fonts.body, fonts.latin, 10.5)
            label = cell.add_paragraph()
            label.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(label.add_run(xml_text(item.label)), fonts.table, fonts.latin, 10.5)
            if item.change:
                change = cell.add_paragraph()
                change.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_run_font(change.add_run(xml_text(item.change)), fonts.table, fonts.latin, 9,
                             colour=RGBColor(0x59, 0x59, 0x59))
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.line_spacing = 1.1
                paragraph.paragraph_format.space_after = Pt(0)
    document.add_paragraph()


def _table(document: Any, block: Table, fonts: Fonts, number: int) -> None:
    if block.title:
        _caption(document, f"表 {number}　{block.title}", fonts)
    widths = _column_widths(block)
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    _repeat_header(header)
    for index, column in enumerate(block.columns):
        cell = header.cells[index]
        _shade(cell, HEADER_FILL)
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(paragraph.add_run(xml_text(column.title)), fonts.heading, fonts.latin, TABLE_PT)
    for values in block.rows:
        cells = table.add_row().cells
        for column, cell, value in zip(block.columns, cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing = 1.15
            if column.is_numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            url = value.url if isinstance(value, Link) else value if column.kind == "url" and value else None
            if url:
                add_hyperlink(paragraph, column.display(value), str(url), fonts, TABLE_PT)
            else:
                set_run_font(paragraph.add_run(xml_text(column.display(value))), fonts.table, fonts.latin, TABLE_PT)
    _fixed_layout(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    if block.note:
        note = document.add_paragraph()
        set_run_font(note.add_run(xml_text(block.note)), fonts.body, fonts.latin, 10.5,
                     colour=RGBColor(0x59, 0x59, 0x59))
    document.add_paragraph()


def _chart(document: Any, chart: Chart, fonts: Fonts, number: int) -> None:
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(render_chart(chart)), width=Cm(15))
    _caption(document, f"图 {number}　{chart.title}", fonts, keep_with_next=False)


def _caption(document: Any, text: str, fonts: Fonts, *, keep_with_next: bool = True) -> None:
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(4)
    caption.paragraph_format.keep_with_next = keep_with_next
    set_run_font(caption.add_run(xml_text(text)), fonts.heading, fonts.latin, 10.5)


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _fixed_layout(table: Any) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def _repeat_header(row: Any) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


PAGE_WIDTH_CM = 15.6
CHAR_CM = 0.37  # 五号字一个汉字约 0.37 cm
PADDING_CM = 0.4


def _column_widths(block: Table) -> list[Any]:
    """列宽：先按内容估算（字符数 × 0.37 cm）；总宽不足页宽时等比放大，超出时只压缩可换行的长文本列。"""
    natural: list[float] = []
    for index, column in enumerate(block.columns):
        if column.width:
            chars = column.width
        else:
            longest = max([_text_width(column.title) * 0.6]
                          + [_text_width(column.display(r[index])) for r in block.rows[:200]])
            chars = min(max(longest, _text_width(column.title) / 2, 3), 40)
        natural.append(chars * CHAR_CM + PADDING_CM)
    total = sum(natural)
    if total <= PAGE_WIDTH_CM:
        return [Cm(w * PAGE_WIDTH_CM / total) for w in natural]
    flexible = [i for i, c in enumerate(block.columns)
                if c.kind in ("text", "url") and natural[i] > 12 * CHAR_CM + PADDING_CM and not c.width]
    fixed_total = sum(w for i, w in enumerate(natural) if i not in flexible)
    room = PAGE_WIDTH_CM - fixed_total
    flexible_total = sum(natural[i] for i in flexible)
    if flexible and room >= 2.0 * len(flexible):
        widths = [natural[i] * room / flexible_total if i in flexible else natural[i] for i in range(len(natural))]
    else:
        widths = [w * PAGE_WIDTH_CM / total for w in natural]
    return [Cm(w) for w in widths]


def _text_width(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text)
