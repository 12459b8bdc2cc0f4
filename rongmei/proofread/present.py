"""审校结果的呈现：高亮分段、按类别分组、差错率对照、Excel 导出。"""

from __future__ import annotations

import io
from collections import OrderedDict

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from .choices import RATE_THRESHOLDS, SEVERITY_COLOURS, WHITELISTABLE


def segments(text: str, findings: list[dict]) -> list[dict]:
    """把文本切成 [{"text", "finding"?}]；互相重叠的发现只高亮先出现（最长）的那条，其余标 ``nested``。"""
    out: list[dict] = []
    cursor = 0
    for f in sorted(findings, key=lambda f: (f["start"], -f["end"])):
        if f["start"] < cursor or f["end"] <= f["start"]:
            f["nested"] = True
            continue
        if f["start"] > cursor:
            out.append({"text": text[cursor:f["start"]]})
        out.append({"text": text[f["start"]:f["end"]], "finding": f})
        cursor = f["end"]
    if cursor < len(text):
        out.append({"text": text[cursor:]})
    return out


def grouped(findings: list[dict]) -> list[dict]:
    groups: OrderedDict[str, dict] = OrderedDict()
    order = {"高": 0, "中": 1, "低": 2}
    for f in sorted(findings, key=lambda f: (order.get(f["severity"], 9), f["start"])):
        f["whitelistable"] = f["category"] in WHITELISTABLE
        f["colour"] = SEVERITY_COLOURS.get(f["severity"], "secondary")
        g = groups.setdefault(f["category"], {"category": f["category"], "label": f.get("category_label") or
                                              f["category"], "items": []})
        g["items"].append(f)
    return sorted(groups.values(), key=lambda g: min(order.get(i["severity"], 9) for i in g["items"]))


def rate_checks(rate: float) -> list[dict]:
    return [{"limit": limit, "label": label, "ok": rate <= limit} for limit, label in RATE_THRESHOLDS]


def findings_xlsx(run) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "审校发现"
    ws.append(["稿件", run.source_name or "（粘贴文本）"])
    ws.append(["审校时间", timezone.localtime(run.created_at).strftime("%Y-%m-%d %H:%M")])
    ws.append(["计字数", run.char_count])
    ws.append(["差错率（每万字）", round(run.error_rate, 2)])
    ws.append(["规则包版本", run.rulepack])
    ws.append([])
    header = ["序号", "严重程度", "类别", "原文", "建议", "说明", "上下文", "位置", "规则", "来源"]
    ws.append(header)
    head_row = ws.max_row
    for cell in ws[head_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    fills = {"高": "F8D7DA", "中": "FFF3CD"}
    for i, f in enumerate(run.findings, start=1):
        context = f"{f.get('context_before', '')}【{f['text']}】{f.get('context_after', '')}"
        ws.append([i, f["severity"], f.get("category_label") or f["category"], f["text"], f.get("suggestion") or "",
                   f["message"], context, f"{f['start']}–{f['end']}", f["rule"],
                   "大模型" if f.get("source") == "model" else "规则"])
        if f["severity"] in fills:
            ws.cell(ws.max_row, 2).fill = PatternFill("solid", fgColor=fills[f["severity"]])
    for col, width in zip("ABCDEFGHIJ", (6, 9, 14, 16, 18, 60, 40, 10, 28, 8), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=head_row + 1):
        row[5].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(head_row + 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
