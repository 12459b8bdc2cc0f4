from __future__ import annotations

from django.db import transaction

from rongmei.core import clock

from . import jobs
from .choices import JobState
from .models import JobRun, WorkerHeartbeat

UNTRACKED_TASKS = {"core.heartbeat", "core.heartbeat_now"}


def heartbeat_record(worker: str = "default") -> None:
    WorkerHeartbeat.objects.update_or_create(worker=worker, defaults={"beat_at": clock.now()})


def job_enqueue(task, *args, label: str = "", workspace=None, actor=None, **kwargs):
    """入队一个 Huey 任务并登记到任务列表。事务提交后才真正入队，避免任务读到未提交的数据。

    task 可以是任务本身，也可以是登记过的任务名（见 core.jobs：services 按名字排队，不 import 本应用的 tasks）。
    """
    if isinstance(task, str):
        task = jobs.get(task)
    result_box = {}

    def _send():
        result = task(*args, **kwargs)
        task_id = getattr(result, "id", None) or getattr(getattr(result, "task", None), "id", None)
        if task_id:
            JobRun.objects.update_or_create(
                task_id=task_id,
                defaults={
                    "name": task.name if hasattr(task, "name") else str(task),
                    "label": label,
                    "workspace": workspace,
                    "actor": actor,
                },
            )
        result_box["result"] = result

    transaction.on_commit(_send)
    return result_box


def job_mark(task_id: str, name: str, state: str, error: str = "") -> None:
    if name in UNTRACKED_TASKS:
        return
    now = clock.now()
    job, _ = JobRun.objects.get_or_create(task_id=task_id, defaults={"name": name})
    job.state = state
    if state == JobState.RUNNING:
        job.started_at = now
    elif state in (JobState.SUCCEEDED, JobState.FAILED):
        job.finished_at = now
        if job.started_at is None:
            job.started_at = now
    elif state == JobState.RETRYING:
        job.retries += 1
    if error:
        job.error = error[:4000]
    job.save()
