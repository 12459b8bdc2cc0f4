"""自查报告归档（core.archive）：期间内每天最后一次自查的 Word 报告。"""

from __future__ import annotations

import datetime as dt

from rongmei.core.archive import ArchiveFile

from .selectors import runs_of


def collect(workspace, start: dt.date, end: dt.date):
    seen: set[dt.date] = set()
    for run in runs_of(workspace).filter(as_of__gte=start, as_of__lte=end).exclude(report=""):
        if run.as_of in seen:  # 同一天多次自查只收最后一次（runs_of 按时间倒序）
            continue
        seen.add(run.as_of)
        yield ArchiveFile(name=f"{run.as_of.isoformat()}-自查报告.docx", title=f"{run.as_of.isoformat()} 自查报告",
                          date=run.as_of, content=lambda run=run: _read(run))


def _read(run) -> bytes:
    with run.report.open("rb") as fh:
        return fh.read()
