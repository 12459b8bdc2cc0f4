"""按通知附件的样式生成文件：申请表（附件 2，Word）、推荐排序表（附件 1，Word/Excel）、评选结果通报（Word）、
向上推荐名单（国家广电总局征集推选平台的表头，Excel）。"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from rongmei.engines.docgen import Column, Fonts, Report, Sheet, set_run_font, sheets_xlsx, xml_text

from .choices import Decision, UnitType
from .models import Call, Case

FONTS = Fonts()


def _year(call: Call) -> str:
    found = re.search(r"(20\d\d)", call.title)
    return found.group(1) if found else str(call.deadline.year)


def province(call: Call) -> str:
    """发文机关所在的省（“吉林省广播电视局” → “吉林省”）。"""
    return call.issuer.split("省")[0] + "省" if "省" in call.issuer else ""


def _para(doc, text: str, *, size: float = 12, bold: bool = False, font: str = FONTS.body, center: bool = False):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(p.add_run(xml_text(text)), font, FONTS.latin, size, bold=bold)
    return p


def _cell(cell, text: str, *, bold: bool = False, size: float = 11) -> None:
    cell.text = ""
    lines = xml_text(text or "").split("\n") or [""]
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        set_run_font(p.add_run(line), FONTS.table, FONTS.latin, size, bold=bold)


def _bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def application_form(case: Case, elements: list[str] | None = None, title: str | None = None,
                     data: dict | None = None) -> bytes:
    """附件 2：20xx 年度××典型案例申请表。基本信息一张表，六项要素逐项一行，量化数据一张表，末尾盖章栏。"""
    call, unit = case.call, case.unit
    elements = case.elements if elements is None else elements
    data = case.data if data is None else data
    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.6)
    _para(doc, f"{_year(call)}年度{case.category.name}典型案例申请表", size=18, bold=True, font=FONTS.title,
          center=True)
    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for left, lv, right, rv in (("案例名称", title or case.title, "案例类别", case.category.name),
                                ("申报单位", unit.name, "单位类型", UnitType(unit.unit_type).label),
                                ("所属地区", unit.region, "申报编号", f"{call.pk:02d}-{case.pk:04d}"),
                                ("联系人", unit.contact_name, "联系电话", unit.contact_phone)):
        cells = table.add_row().cells
        _cell(cells[0], left, bold=True)
        _cell(cells[1], lv)
        _cell(cells[2], right, bold=True)
        _cell(cells[3], rv)
    numerals = "一二三四五六七八九十"
    for i, name in enumerate(case.category.elements):
        row = table.add_row().cells
        head = row[0].merge(row[3])
        _cell(head, f"{numerals[i] if i < 10 else i + 1}、{name}", bold=True)
        body = table.add_row().cells
        merged = body[0].merge(body[3])
        _cell(merged, elements[i] if i < len(elements) else "")
    if call.data_fields:
        row = table.add_row().cells
        _cell(row[0].merge(row[3]), "量化数据", bold=True)
        for f in call.data_fields:
            cells = table.add_row().cells
            _cell(cells[0].merge(cells[1]), f["label"] + (f"（{f['unit']}）" if f.get("unit") else ""))
            _cell(cells[2].merge(cells[3]), str(data.get(f["key"], "")))
    sign = table.add_row().cells
    _cell(sign[0], "申报单位意见", bold=True)
    _cell(sign[1].merge(sign[3]), "\n\n（盖章）\n年    月    日")
    _para(doc, f"注：申报材料不超过{call.char_limit}字；另附盖章扫描 PDF 版及相关佐证材料。", size=10)
    return _bytes(doc)


RANK_COLUMNS = ("序号", "案例名称", "案例类别", "申报单位", "单位类型", "联系人", "联系电话")


def _rank_rows(cases: list[Case]) -> list[list]:
    return [[i, c.title, c.category.name, c.unit.name, UnitType(c.unit.unit_type).label, c.unit.contact_name,
             c.unit.contact_phone] for i, c in enumerate(cases, start=1)]


def rank_title(call: Call) -> str:
    return f"{_year(call)}年广播电视媒体融合典型案例推荐排序表"


def ranking_docx(call: Call, region: str, cases: list[Case]) -> bytes:
    """附件 1：推荐排序表（盖行业管理单位公章）。"""
    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
    _para(doc, f"{province(call)}{rank_title(call)}", size=18,
          bold=True, font=FONTS.title, center=True)
    _para(doc, f"推荐单位（盖章）：{region}行业管理部门", size=12)
    table = doc.add_table(rows=1, cols=len(RANK_COLUMNS))
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, RANK_COLUMNS, strict=True):
        _cell(cell, head, bold=True)
    for row in _rank_rows(cases):
        for cell, value in zip(table.add_row().cells, row, strict=True):
            _cell(cell, str(value))
    if not cases:
        _para(doc, "本地区暂无初审通过的案例。")
    _para(doc, "\n填表人：            联系电话：            日期：    年  月  日", size=12)
    return _bytes(doc)


def ranking_xlsx(call: Call, region: str, cases: list[Case]) -> bytes:
    cols = (Column("序号", "int"), *RANK_COLUMNS[1:])
    return sheets_xlsx([Sheet("推荐排序表", cols, _rank_rows(cases), title=rank_title(call),
                              preamble=[("推荐单位（盖章）", f"{region}行业管理部门")],
                              wrap=frozenset({"案例名称"}))])


def notice_report(call: Call, results) -> Report:
    """评选结果通报：按类别列出典型案例（评分排名顺序），再列推荐上报国家广电总局的案例。"""
    year = _year(call)
    typical = [(cat, [r for r in rows if r.case.decision in (Decision.TYPICAL, Decision.RECOMMEND)])
               for cat, _panel, rows in results]
    count = sum(len(rows) for _cat, rows in typical)
    recommended = [r for _cat, rows in typical for r in rows if r.case.decision == Decision.RECOMMEND]
    report = Report(title=f"关于{year}年全省广播电视媒体融合典型案例评选结果的通报",
                    subtitle=call.issuer, meta={"依据": f"《{call.title}》（{call.doc_number}）" if call.doc_number
                                                 else f"《{call.title}》"})
    report.paragraph(f"按照《{call.title}》要求，各地、各单位积极申报，经地区初审推荐、专家评审，"
                     f"从内容、发展前景、实施进展、申报材料完整性等方面综合评定，共评选出 {count} 个"
                     f"{year}年全省广播电视媒体融合典型案例，现予以通报。")
    numerals = "一二三四五六七八九十"
    for i, (cat, rows) in enumerate(typical):
        report.heading(f"{numerals[i] if i < 10 else i + 1}、{cat.name}类（{len(rows)}个）", level=2)
        if rows:
            report.table([Column("序号", "int"), "案例名称", "申报单位"],
                         [[n, r.case.title, r.case.unit.name] for n, r in enumerate(rows, start=1)])
        else:
            report.paragraph("本类别无。")
    report.heading("推荐参选全国广播电视媒体融合典型案例", level=2)
    if recommended:
        report.table([Column("序号", "int"), "案例类别", "案例名称", "申报单位"],
                     [[n, r.case.category.name, r.case.title, r.case.unit.name]
                      for n, r in enumerate(recommended, start=1)])
    else:
        report.paragraph("无。")
    report.paragraph("希望入选单位再接再厉，进一步总结经验、深化融合；各地、各单位要学习借鉴典型案例的做法，"
                     "推动全省广播电视媒体深度融合发展。")
    return report


NATIONAL_COLUMNS = (Column("序号", "int"), "推荐省份", "案例类别", "案例名称", "申报单位", "单位类型", "所属地区",
                    "联系人", "联系电话", Column("省级评审得分", "float"), Column("类别内排名", "int"))


def national_xlsx(call: Call, results, province: str) -> bytes:
    rows, n = [], 0
    for cat, _panel, items in results:
        for r in items:
            if r.case.decision != Decision.RECOMMEND:
                continue
            n += 1
            u = r.case.unit
            rows.append([n, province, cat.name, r.case.title, u.name, UnitType(u.unit_type).label, u.region,
                         u.contact_name, u.contact_phone, r.final, r.rank])
    return sheets_xlsx([Sheet("推荐名单", NATIONAL_COLUMNS, rows,
                              title=f"{_year(call)}年全国广播电视媒体融合典型案例推荐名单（{province}）",
                              wrap=frozenset({"案例名称", "申报单位"}))])
