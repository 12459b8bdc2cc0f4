from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from rongmei.core import jobs
from rongmei.workspaces.models import Workspace

from . import services


@db_periodic_task(crontab(hour="7", minute="10"), name="contracts.daily_pace_check")
def daily_pace_check() -> dict:
    """每日 7:10 检查全部启用工作区的合同进度，义务变为黄色/红色时提醒项目经理。"""
    return services.alerts_check_all()


@db_task(name="contracts.pace_check")
def pace_check(workspace_id: int) -> int:
    ws = Workspace.objects.get(pk=workspace_id)
    return len(services.alerts_check(workspace=ws))


@jobs.register
@db_task(name="contracts.facts_import")
def facts_import_job(workspace_id: int, actor_id: int, stored_path: str, filename: str) -> int:
    """后台导入大的事实文件（网页上传后转入这里）。结果与错误都通知上传人；失败时任务列表显示中文原因。"""
    return services.facts_import_stored(workspace_id=workspace_id, actor_id=actor_id, stored_path=stored_path,
                                        filename=filename)
