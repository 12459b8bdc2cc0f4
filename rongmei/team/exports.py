"""团队的导出：月度值班表（Word，可打印张贴）、考核结果（Word 与 Excel）。只经 engines.docgen 写出。"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.utils import timezone

from rongmei.engines.docgen import Column, Report, Sheet, sheets_xlsx
from rongmei.engines.numfmt import format_value

from .choices import DIMENSIONS
from .models import Assessment
from .selectors import RotaDay

WEEKDAYS = "一二三四五六日"


def _day_label(d: RotaDay) -> str:
    text = f"{d.day.month}月{d.day.day}日 周{WEEKDAYS[d.day.weekday()]}"
    if d.holiday:
        text += f"（{d.holiday}）"
    elif d.adjusted:
        text += f"（{d.makeup or '调休上班'}）"
    return text


def rota_report(workspace, month, days: list[RotaDay]) -> Report:
    bands = [c.band for c in days[0].cells] if days else []
    title = f"{month.year}年{month.month}月值班表"
    report = Report(title=title, subtitle=workspace.name,
                    meta={"服务单位": workspace.operator_name, "委托单位": workspace.client_name})
    report.paragraph("值班时段：" + "；".join(f"{b.name} {b.hours}（{b.get_days_display()}）" for b in bands) + "。"
                     "工作日按国务院办公厅公布的节假日安排（含调休上班日）。", indent=False)
    rows = []
    gaps = 0
    for d in days:
        row = [_day_label(d), "工作日" if d.workday else "节假日"]
        for c in d.cells:
            if not c.applies:
                row.append("—")
                continue
            names = [s.member.name + ("（请假）" if s in c.absent else "") for s in c.shifts]
            if c.gap:
                gaps += 1
                names.append("【缺班】")
            row.append("、".join(names))
        rows.append(row)
    report.table(["日期", "类别", *[Column(b.name) for b in bands]], rows, title=title)
    report.paragraph(f"本月缺班 {gaps} 个时段。" if gaps else "本月各时段均已排班。", indent=False)
    report.paragraph("值班人员须保持通讯畅通，24 小时响应；换班须经组长批准。", indent=False)
    return report


def rota_docx(workspace, month, days: list[RotaDay]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="rongmei-rota-") as tmp:
        return rota_report(workspace, month, days).save_docx(Path(tmp) / "rota.docx").read_bytes()


def _figure_text(f: dict) -> str:
    return "无数据" if f.get("value") is None else format_value(f["value"], f.get("unit") or None)


def assessment_report(a: Assessment) -> Report:
    ws = a.workspace
    title = f"{a.year}年{a.get_period_display()}考核结果"
    report = Report(title=title, subtitle=f"{ws.name} · {a.subject}",
                    meta={"被考核": a.subject, "考核期": f"{a.year}年{a.get_period_display()}",
                          "考核人": a.assessor.display_name if a.assessor else "",
                          "状态": a.get_state_display()})
    report.heading("一、得分")
    report.table(["维度", Column("得分", "float"), Column("满分", "int")],
                 [[label, a.scores.get(key, 0), 25] for key, label in DIMENSIONS] + [["合计", float(a.total), 100]])
    report.paragraph(f"等次：{a.get_grade_display()}。", indent=False, bold=True)
    report.heading("二、定量数据（取自平台记录）")
    dims = dict(DIMENSIONS)
    if a.figures:
        report.table(["维度", "项目", "数值", "来源"],
                     [[dims.get(f["dimension"], ""), f["label"], _figure_text(f), f["source"]] for f in a.figures])
    else:
        report.paragraph("本期没有可用的平台数据。")
    report.heading("三、考核意见")
    report.paragraph(a.comment or "无。")
    if a.signed_at:
        signer = a.signed_by.display_name if a.signed_by else ""
        report.paragraph(f"签署：{signer}　{timezone.localtime(a.signed_at):%Y年%m月%d日}", align="right", indent=False)
    return report


def assessment_docx(a: Assessment) -> bytes:
    with tempfile.TemporaryDirectory(prefix="rongmei-assess-") as tmp:
        return assessment_report(a).save_docx(Path(tmp) / "assessment.docx").read_bytes()


def assessments_xlsx(items: list[Assessment], *, title: str) -> bytes:
    dims = [label for _k, label in DIMENSIONS]
    rows = [[a.subject, f"{a.year}年{a.get_period_display()}", *[a.scores.get(k, 0) for k, _ in DIMENSIONS],
             float(a.total), a.get_grade_display(), a.get_state_display(), a.comment] for a in items]
    return sheets_xlsx([Sheet("考核结果", ["被考核", "考核期", *[Column(d, "float") for d in dims],
                                            Column("总分", "float"), "等次", "状态", "考核意见"], rows, title=title)])
