from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from rongmei.core import clock
from rongmei.core.permissions import CorePerm, has_perm
from rongmei.core.tenancy import workspaces_for

from .choices import JobState
from .models import JobRun, WorkerHeartbeat

WORKER_STALE_AFTER = dt.timedelta(minutes=3)


def jobs_for(user, *, state: str = "") -> QuerySet[JobRun]:
    qs = JobRun.objects.select_related("workspace", "actor")
    if not user.is_superuser:
        allowed = [ws.pk for ws in workspaces_for(user) if has_perm(user, ws, CorePerm.VIEW_JOBS)]
        qs = qs.filter(workspace_id__in=allowed)
    if state:
        qs = qs.filter(state=state)
    return qs


def health() -> dict:
    out: dict = {"status": "ok"}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
        out["database"] = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # pragma: no cover - 数据库宕机时
        out["database"] = {"status": "error", "error": str(exc)}
        out["status"] = "error"
    try:
        beat = WorkerHeartbeat.objects.order_by("-beat_at").first()
    except Exception:
        beat = None
    if beat is None:
        out["worker"] = {"status": "unknown", "message": "尚未收到后台 worker 心跳"}
        out["status"] = "degraded" if out["status"] == "ok" else out["status"]
    else:
        age = clock.now() - beat.beat_at
        stale = age > WORKER_STALE_AFTER
        out["worker"] = {"status": "stale" if stale else "ok", "last_heartbeat": beat.beat_at.isoformat(),
                         "age_seconds": int(age.total_seconds())}
        if stale and out["status"] == "ok":
            out["status"] = "degraded"

    out["queue"] = "redis" if settings.REDIS_URL else "sqlite"
    return out


def failed_jobs_since(workspace, since) -> QuerySet[JobRun]:
    """工作区里某时刻以后失败的后台任务（组长、运维工作台的提醒）。"""
    return JobRun.objects.filter(workspace=workspace, state=JobState.FAILED, enqueued_at__gte=since).order_by(
        "-enqueued_at")
