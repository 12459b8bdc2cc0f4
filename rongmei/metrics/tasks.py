from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from rongmei.core import jobs
from rongmei.workspaces.choices import AccountStatus
from rongmei.workspaces.models import OfficialAccount

from .choices import ImportJobState
from .services import fetch_account_backfill, import_job_run

log = logging.getLogger(__name__)


@jobs.register
@db_task(name="metrics.import_job")
def import_job(job_id: int) -> str:
    """较大的导入文件在后台导入（进度与结果见数据导入记录页）。"""
    job = import_job_run(job_id)
    if job.state == ImportJobState.FAILED:  # 任务列表据任务是否抛出异常显示“失败”
        raise RuntimeError(f"{job.filename}：未导入（{'；'.join(job.problems[:3])}）")
    return f"{job.filename}：{job.get_state_display()}"


@db_periodic_task(crontab(hour="9", minute="15"), name="metrics.daily_fetch")
def daily_fetch() -> list[str]:
    """每天 9:15（平台次日 8 点后才有前一天数据）：为每个运营中的账号补取最近 30 天缺失的日数据。"""
    return run_daily_fetch()


def run_daily_fetch() -> list[str]:
    out = []
    accounts = OfficialAccount.objects.filter(status=AccountStatus.ACTIVE, workspace__is_active=True)
    for account in accounts.select_related("platform", "workspace"):
        try:
            out.append(fetch_account_backfill(account=account))
        except Exception as exc:  # 一个账号失败不影响其他账号
            msg = f"{account}：取数失败：{getattr(exc, 'explanation', None) or exc}"
            log.warning(msg)
            out.append(msg)
    return out
