"""写审计事件。所有服务层写操作都调用 :func:`record`。"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

from django.db import models

from rongmei.core import context

from .choices import Action
from .models import AuditEvent

SECRET_FIELDS = {"password", "secret", "token", "app_secret", "credentials", "key_hash", "encrypted"}


def _jsonable(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """对象的可审计快照（机密字段打码）。"""
    out = {}
    for field in instance._meta.concrete_fields:
        name = field.attname if field.is_relation else field.name
        if fields is not None and field.name not in fields and name not in fields:
            continue
        label = str(field.verbose_name)
        if any(s in field.name for s in SECRET_FIELDS):
            out[label] = "（已隐藏）"
            continue
        out[label] = _jsonable(getattr(instance, name))
    return out


def record(
    action: str,
    *,
    obj: models.Model | None = None,
    workspace=None,
    before: dict | None = None,
    after: dict | None = None,
    message: str = "",
    actor=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    ctx = context.current()
    actor_id = actor.pk if actor is not None else ctx.actor_id
    actor_label = context.user_label(actor) if actor is not None else ctx.actor_label
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
        if workspace is None:
            workspace = getattr(obj, "workspace", None)
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_label=actor_label or ("系统" if ctx.source in ("system", "job") else ""),
        source=ctx.source,
        action=action,
        workspace=workspace,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        message=message[:500],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        request_id=ctx.request_id,
        ip=ctx.ip,
    )


def record_change(instance: models.Model, before: dict, *, workspace=None, message: str = "",
                  actor=None) -> AuditEvent | None:
    after = snapshot(instance)
    if before == after:
        return None
    changed = {k for k in after if before.get(k) != after.get(k)}
    return record(
        Action.UPDATE,
        obj=instance,
        workspace=workspace,
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
        message=message,
        actor=actor,
    )


def events_export(*, actor, workspace, events) -> bytes:
    """审计日志 Excel（最多 EXPORT_LIMIT 条），并把“导出”本身记入审计。

    权限由调用方检查（工作区内为 AuditPerm.EXPORT；全局日志只给系统管理员）。"""
    from .exports import EXPORT_LIMIT, events_xlsx  # exports imports docgen (openpyxl): loaded on demand

    data = events_xlsx(events[:EXPORT_LIMIT])
    record(Action.EXPORT, workspace=workspace, actor=actor, object_type="audit.auditevent",
           message=f"导出审计日志 {min(events.count(), EXPORT_LIMIT)} 条")
    return data
