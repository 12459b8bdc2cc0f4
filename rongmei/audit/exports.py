from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from . import display

HEADERS = ["时间", "操作人", "来源", "动作", "工作区", "对象类型", "对象", "说明", "修改前", "修改后", "请求号", "IP"]


def events_xlsx(events) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "审计日志"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    presenter = display.Presenter()
    for e in events:
        ws.append([
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_label, e.get_source_display(),
            e.get_action_display(), e.workspace.name if e.workspace else "", display.object_type_name(e.object_type),
            e.object_repr, e.message,
            presenter.values(e.before, e.object_type), presenter.values(e.after, e.object_type),
            e.request_id, e.ip or "",
        ])
    for col, width in zip("ABCDEFGHIJKL", [20, 20, 8, 10, 20, 22, 30, 40, 40, 40, 18, 16], strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
