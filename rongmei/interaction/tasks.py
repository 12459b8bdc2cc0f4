from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from rongmei.core import jobs

from .services import escalate_due, run_sender


@jobs.register
@db_task(name="interaction.send_reply")
def send_reply(reply_id: int) -> str:
    """调用平台登记的发送函数发出审核通过的答复，结果记在答复上（成功/失败原因）。"""
    return run_sender(reply_id)


@db_periodic_task(crontab(minute="*/5"), name="interaction.escalate")
def escalate() -> int:
    """每 5 分钟：即将到期的提醒经办人，已逾期的提醒组长。"""
    return escalate_due()
