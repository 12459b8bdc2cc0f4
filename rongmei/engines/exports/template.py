"""生成“融媒通用导入模板”（.xlsx），供没有专用导出格式的平台手工填报。"""

from __future__ import annotations

from pathlib import Path

from .layouts import GENERIC_TEMPLATE_COLUMNS, METRICS, PLATFORMS

__all__ = ["write_generic_template"]


def write_generic_template(path: str | Path, *, example: bool = True) -> Path:
    # 函数内导入：openpyxl 较重，只在写模板时导入
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    path = Path(path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    headers = [c.label for c in GENERIC_TEMPLATE_COLUMNS]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    if example:
        sheet.append(["2026-11-01", "抖音", "", "", 12000, None, 340, 56, 21, 18, 120, 8, 112, 35210])
        sheet.append(["2026-11-01", "微博", "“两会”权威解读", "https://weibo.com/1234567890/AbCdEf", None, 8800,
                      210, 35, 12, 4, None, None, None, None])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(10, len(header) * 2.4)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "说明"])
    notes.append(["日期", "统计日期（账号数据）或发布日期（作品数据），如 2026-11-01"])
    notes.append(["平台", "可填：" + "、".join(names[0] for names in PLATFORMS.values())])
    notes.append(["作品标题 / 作品链接", "留空表示账号当天数据；填写表示单个作品截至导出时的累计数据"])
    for column in GENERIC_TEMPLATE_COLUMNS:
        if column.role == "metric":
            notes.append([column.label, f"{METRICS[column.key].label}；可写 1,234、1.2万、10万+"])
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 70
    workbook.save(path)
    return path
