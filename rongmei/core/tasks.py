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


@db_periodic_task(crontab(hour="3", minute="30"), name="core.restore_drill")
def restore_drill() -> str:
    """每日 3:30 恢复演练：最新一份备份恢复到临时数据库并核对行数（不碰当前数据库），结果记审计日志。"""
    try:
        result = backup.restore_drill()
    except backup.BackupError as exc:
        latest = backup.latest_backup()
        signals.restore_drilled.send(sender=restore_drill, name=latest.name if latest else "", ok=False,
                                     message=f"恢复演练不通过：{exc}")
        raise
    message = backup.drill_message(result)
    signals.restore_drilled.send(sender=restore_drill, name=result["backup"], ok=True, message=message)
    return message


@on_startup()
def warm_worker() -> None:
    """Huey worker 启动时预热（如加载审校引擎），送审后的自动检查等任务不再各自冷启动。"""
    warmup.run_all()
    close_old_connections()
