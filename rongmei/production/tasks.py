from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import remind_overdue


@db_periodic_task(crontab(hour="8", minute="30"), name="production.overdue_reminders")
def overdue_reminders() -> int:
    """每个工作日早上提醒：审核环节已超时的内容通知该环节审核人。"""

    return remind_overdue()
