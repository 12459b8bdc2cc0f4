"""Huey 任务信号 → 任务列表与审计上下文。"""

from __future__ import annotations

import logging

from huey import signals as hs
from huey.contrib.djhuey import HUEY

from . import context
from .choices import JobState

log = logging.getLogger(__name__)

_STATE = {
    hs.SIGNAL_EXECUTING: JobState.RUNNING,
    hs.SIGNAL_COMPLETE: JobState.SUCCEEDED,
    hs.SIGNAL_ERROR: JobState.FAILED,
    hs.SIGNAL_RETRYING: JobState.RETRYING,
}


@HUEY.signal(hs.SIGNAL_EXECUTING, hs.SIGNAL_COMPLETE, hs.SIGNAL_ERROR, hs.SIGNAL_RETRYING)
def _track(signal, task, exc=None):
    from django.db import close_old_connections

    from .services import job_mark

    if signal == hs.SIGNAL_EXECUTING:
        context._current.set(context.OpContext(source="job", actor_label=f"后台任务 {task.name}",
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
