from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from rongmei.core import jobs

from . import services


@jobs.register
@db_periodic_task(crontab(hour="9", minute="5"), name="accounts.token_expiry_reminders")
def token_expiry_reminders() -> int:
    """每天上午提醒即将过期的 API 令牌的主人。"""
    return services.token_expiry_remind()
