from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from rongmei.core import clock, jobs

from .choices import ReportState
from .services import ReportGenerationFailed, report_generate, scheduled_generate


@jobs.register
@db_task(name="reports.generate")
def generate_report(report_id: int) -> str:
    report = report_generate(report_id)
    if report.state == ReportState.FAILED:  # 任务列表据任务是否抛出异常显示“失败”
        raise ReportGenerationFailed(f"{report.title}：{report.error}")
    return f"{report.title}：{report.get_state_display()}"


@db_periodic_task(crontab(hour="6", minute="40"), name="reports.scheduled")
def scheduled_reports() -> int:
    """每天 6:40 按合同模板生成到期的报告（新闻速览、月度数据报告、月度工作总结、季度分析、终期总结）。"""


    return len(scheduled_generate(today=clock.today()))
