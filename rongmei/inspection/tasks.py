from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from rongmei.core import clock, jobs
from rongmei.workspaces.models import Workspace

from .choices import Trigger
from .services import daily_runs, inspection_run


@db_periodic_task(crontab(hour="7", minute="20"), name="inspection.daily")
def daily_inspection() -> list[str]:
    """每天 7:20：按国家政务新媒体检查指标自查每个工作区，新的不合格与预警项提醒组长。"""
    return daily_runs(today=clock.today())


@jobs.register
@db_task(name="inspection.run")
def run_inspection(workspace_id: int) -> str:
    """按需自查一个工作区（系统任务，不检查权限；页面与命令行直接调用服务）。"""
    run = inspection_run(actor=None, workspace=Workspace.objects.get(pk=workspace_id), trigger=Trigger.MANUAL)
    return f"不合格 {run.failing} 项，预警 {run.at_risk} 项"
