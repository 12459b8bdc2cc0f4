"""Huey 任务信号 → 任务列表与审计上下文；备份与恢复完成的 Django 信号（审计应用接收并记日志）。"""

from __future__ import annotations

import logging

from django.db import close_old_connections
from django.dispatch import Signal
from huey import signals as hs
from huey.contrib.djhuey import HUEY

from . import context
from .choices import JobState
from .labels import label
from .services import job_mark

log = logging.getLogger(__name__)

#: 备份完成：send(sender, name=备份文件名, message=说明)。core 在审计之下，不能直接写审计日志，
#: 由 rongmei.audit.receivers 接收并记为“备份”。
backup_made = Signal()
#: 恢复完成：send(sender, source=备份文件路径, message=说明)，审计记为“恢复”。
backup_restored = Signal()
#: 凭据密钥轮换或重新加密完成：send(sender, message=说明)，审计记为“修改”。
keys_rotated = Signal()
#: 公众号推送到回调地址的一条消息或事件（关注、取消关注、扫码、点菜单）：send(sender, account=账号, fields=XML 字段)。
#: 互动应用验签解析后发出；基层网络（涨粉渠道码归因）等同层应用接收，兄弟应用之间不互相 import。
platform_push = Signal()
#: 恢复演练结束：send(sender, name=备份文件名, ok=是否通过, message=说明)，审计记一条，任务列表显示结果。
restore_drilled = Signal()

_STATE = {
    hs.SIGNAL_EXECUTING: JobState.RUNNING,
    hs.SIGNAL_COMPLETE: JobState.SUCCEEDED,
    hs.SIGNAL_ERROR: JobState.FAILED,
    hs.SIGNAL_RETRYING: JobState.RETRYING,
}


@HUEY.signal(hs.SIGNAL_EXECUTING, hs.SIGNAL_COMPLETE, hs.SIGNAL_ERROR, hs.SIGNAL_RETRYING)
def _track(signal, task, exc=None):
    if signal == hs.SIGNAL_EXECUTING:
        context._current.set(context.OpContext(source="job", actor_label=f"后台任务：{label(task.name, 'job')}",
                                               request_id=f"job-{task.id[:12]}"))
    try:
        error = f"{type(exc).__name__}: {exc}" if exc is not None else ""
        job_mark(task.id, task.name, _STATE[signal], error)
    except Exception:  # 任务记录失败不能影响任务本身
        log.exception("记录任务状态失败")
    finally:
        # 即时模式（测试）下任务在调用者线程执行，不能关掉调用者的数据库连接
        if signal != hs.SIGNAL_EXECUTING and not HUEY.immediate:
            close_old_connections()
