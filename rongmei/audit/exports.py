"""审计日志导出为 Excel（统一由 docgen 的数据工作簿写出）。"""

from __future__ import annotations

from django.utils import timezone

from rongmei.engines.docgen import Column, Sheet, sheets_xlsx

from . import display

EXPORT_LIMIT = 50000
COLUMNS = (
    Column("时间", width=20), Column("操作人", width=20), Column("来源", width=8), Column("动作", width=10),
    Column("工作区", width=20), Column("对象类型", width=22), Column("对象", width=30), Column("说明", width=40),
    Column("修改前", width=40), Column("修改后", width=40), Column("请求号", width=18), Column("IP", width=16),
)
HEADERS = [c.title for c in COLUMNS]


def events_xlsx(events) -> bytes:
    presenter = display.Presenter()
    rows = ((
        timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_label, e.get_source_display(),
        e.get_action_display(), e.workspace.name if e.workspace else "", display.object_type_name(e.object_type),
        e.object_repr, e.message,
        presenter.values(e.before, e.object_type), presenter.values(e.after, e.object_type),
        e.request_id, e.ip or "",
    ) for e in events)
    return sheets_xlsx([Sheet("审计日志", COLUMNS, rows)])
