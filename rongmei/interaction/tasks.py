from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from rongmei.core import jobs
from rongmei.workspaces.models import OfficialAccount

from .services import escalate_due, ingest_due, ingest_poll, ingest_resend, run_sender


@jobs.register
@db_task(name="interaction.send_reply")
def send_reply(reply_id: int) -> str:
    """调用平台登记的发送函数发出审核通过的答复，结果记在答复上（成功/失败原因）。"""
    return run_sender(reply_id)


@db_periodic_task(crontab(minute="*/5"), name="interaction.escalate")
def escalate() -> int:
    """每 5 分钟：即将到期的提醒经办人，已逾期的提醒组长。"""
    return escalate_due()


@jobs.register
@db_task(name="interaction.poll_account")
def poll_account(account_id: int) -> str:
    """拉一次某账号的新评论（“立即拉取”）。"""
    account = OfficialAccount.objects.select_related("workspace", "platform").get(pk=account_id)
    state = ingest_poll(account=account)
    return state.last_error if state.failing else f"新收 {state.last_count} 条"


@db_periodic_task(crontab(minute="*"), name="interaction.poll_due")
def poll_due() -> int:
    """每分钟：到了下次拉取时间的账号各拉一次（成功后 5 分钟再拉，失败逐步延后）。"""
    return ingest_due()


@jobs.register
@db_task(name="interaction.resend_reply")
def resend_reply(reply_id: int) -> str:
    """限额过后自动重发：答复仍是“发送失败”时重新排队发送。"""
    return ingest_resend(reply_id)
