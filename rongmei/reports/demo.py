"""演示数据：每个演示工作区一份已生成的月度报告（服务期内最后一个完整月，截至 2025-09）。"""

from __future__ import annotations

import datetime as dt

from rongmei.core.demo import register
from rongmei.reports.choices import ReportKind
from rongmei.reports.models import Report
from rongmei.reports.services import default_title, due_date, report_generate


@register(95, "报告")  # 最后生成：要用到合同、发布与数据的演示事实
def load(workspaces, users):
    kinds = {"anyuan-jobs": ReportKind.MONTHLY_DATA, "nmg-dpf": ReportKind.MONTHLY_SUMMARY,
             "bj-planning": ReportKind.MONTHLY_DATA}
    for slug, ws in workspaces.items():
        if Report.objects.filter(workspace=ws).exists():
            continue
        end = min(ws.period_end or dt.date(2025, 9, 30), dt.date(2025, 9, 30))
        start = end.replace(day=1)
        manager = users.get(f"{ {'anyuan-jobs': 'ay', 'nmg-dpf': 'nm', 'bj-planning': 'bj'}.get(slug, 'ay')}-manager")
        kind = kinds.get(slug, ReportKind.MONTHLY_DATA)
        report = Report.objects.create(workspace=ws, kind=kind, title=default_title(kind, ws, start, end),
                                       period_start=start, period_end=end, due_date=due_date(kind, start, end),
                                       created_by=manager)
        report_generate(report.pk)  # 同步生成：演示数据不依赖后台 worker
