"""考核快照归档（core.archive）：期间内冻结的每份考核快照（Word）。"""

from __future__ import annotations

import datetime as dt

from rongmei.core.archive import ArchiveFile

from .exports import snapshot_file
from .selectors import snapshots_of


def collect(workspace, start: dt.date, end: dt.date):
    for snap in snapshots_of(workspace).filter(as_of__gte=start, as_of__lte=end):
        yield ArchiveFile(name=f"{snap.as_of.isoformat()}-{snap.title}.docx", title=snap.title, date=snap.as_of,
                          content=lambda snap=snap: snapshot_file(snap, "docx"))
