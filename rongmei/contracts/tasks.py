from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_periodic_task(crontab(hour="7", minute="10"), name="contracts.daily_pace_check")
def daily_pace_check() -> dict:
    """每日 7:10 检查全部启用工作区的合同进度，义务变为黄色/红色时提醒项目经理。"""
    return services.alerts_check_all()


@db_task(name="contracts.pace_check")
def pace_check(workspace_id: int) -> int:
    from rongmei.workspaces.models import Workspace

    ws = Workspace.objects.get(pk=workspace_id)
    return len(services.alerts_check(workspace=ws))
