"""图表数据导出为 Excel（用 docgen 写 .xlsx）。"""

from __future__ import annotations

import tempfile
from pathlib import Path

from rongmei.engines.docgen import Column, Report

from .selectors import ChartData


def chart_xlsx(chart: ChartData, *, title: str) -> bytes:
    header, rows = chart.table()
    columns = [Column(header[0]), *[Column(h, "float") for h in header[1:]]]
    report = Report(title=title).table(columns, rows, title=chart.title, sheet_name=chart.title[:28])
    with tempfile.TemporaryDirectory(prefix="rongmei-chart-") as tmp:
        path = report.save_xlsx(Path(tmp) / "chart.xlsx")
        return path.read_bytes()
