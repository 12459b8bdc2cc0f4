from __future__ import annotations

from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from . import backup, services, signals, warmup


@db_periodic_task(crontab(minute="*"), name="core.heartbeat")
def heartbeat() -> None:
    services.heartbeat_record()


@db_task(name="core.heartbeat_now")
def heartbeat_now() -> None:
    services.heartbeat_record()


@db_task(name="core.selfcheck")
def selfcheck(value: int) -> int:
    """用于验证任务队列端到端可用（测试与 `rongmei doctor`）。"""
    return value * 2


@db_periodic_task(crontab(hour="2", minute="30"), name="core.daily_backup")
def daily_backup() -> str:
    """每日凌晨 2:30 备份（要求 L3），保留 30 份。"""
    path = backup.backup_create()
    backup.backup_prune(30)
    signals.backup_made.send(sender=daily_backup, name=path.name, message="每日自动备份")
    return str(path)


@on_startup()
def warm_worker() -> None:
    """Huey worker 启动时预热（如加载审校引擎），送审后的自动检查等任务不再各自冷启动。"""
    warmup.run_all()
    close_old_connections()
