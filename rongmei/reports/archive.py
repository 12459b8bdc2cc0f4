"""报告归档（core.archive）：期间结束日落在档案期间内的每份已生成报告（Word、Excel、PDF 原文件）。"""

from __future__ import annotations

import datetime as dt

from rongmei.core.archive import ArchiveFile

from .choices import ReportState
from .selectors import reports_of


def collect(workspace, start: dt.date, end: dt.date):
    for report in reports_of(workspace).filter(state=ReportState.DONE, period_end__gte=start, period_end__lte=end):
        for fmt in ("docx", "xlsx", "pdf"):
            field = getattr(report, fmt)
            if field:
                yield ArchiveFile(name=f"{report.period_end.isoformat()}-{report.title}.{fmt}", title=report.title,
                                  date=report.period_end, content=lambda field=field: _read(field))


def _read(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()
