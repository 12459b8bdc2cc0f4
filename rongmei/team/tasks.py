from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from rongmei.core import clock

from .services import reminders_send


@db_periodic_task(crontab(hour="8", minute="10"), name="team.daily_reminders")
def daily_reminders() -> str:
    """每天 8:10：值守检查到期或超期、未来三天缺班、下周缺岗，提醒组长（检查也提醒登记过的人）。"""
    return reminders_send(today=clock.today())
