"""策划：栏目、每月一题、专项方案、月度计划、调度会、推荐发布时段（通用保存与审计）。"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
from rongmei.core.permissions import require_perm

from ..models import (
    Campaign,
    Column,
    Meeting,
    PublishingWindow,
    ThemePlan,
    WorkPlan,
)
from ..permissions import ProductionPerm
from ..presets import WINDOW_PRESETS

_PLANNING_MODELS = {Column: "栏目", ThemePlan: "每月一题", Campaign: "专项宣传方案", WorkPlan: "月度工作计划",
                    Meeting: "调度会", PublishingWindow: "推荐发布时段"}


def _planning_save(model, *, actor, workspace, instance=None, **fields):
    require_perm(actor, workspace, ProductionPerm.PLAN)
    label = _PLANNING_MODELS[model]
    if instance is not None and instance.workspace_id != workspace.pk:
        raise PermissionDenied("对象不属于本工作区")
    before = snapshot(instance) if instance else None
    obj = instance or model(workspace=workspace)
    for key, value in fields.items():
        setattr(obj, key, value)
    if isinstance(obj, WorkPlan | Meeting) and not obj.created_by_id and actor is not None:
        obj.created_by = actor
    obj.full_clean()
    obj.save()
    if before is None:
        record(Action.CREATE, obj=obj, workspace=workspace, actor=actor, after=snapshot(obj), message=f"新建{label}")
    else:
        record_change(obj, before, workspace=workspace, message=f"修改{label}")
    return obj


@transaction.atomic
def column_save(*, actor, workspace, column: Column | None = None, **fields) -> Column:
    return _planning_save(Column, actor=actor, workspace=workspace, instance=column, **fields)


@transaction.atomic
def theme_plan_save(*, actor, workspace, plan: ThemePlan | None = None, **fields) -> ThemePlan:
    month = fields.get("month", plan.month if plan else None)
    if month is not None and not 1 <= int(month) <= 12:
        raise ValidationError({"month": "月份应为 1–12"})
    return _planning_save(ThemePlan, actor=actor, workspace=workspace, instance=plan, **fields)


@transaction.atomic
def campaign_save(*, actor, workspace, campaign: Campaign | None = None, **fields) -> Campaign:
    start, end = fields.get("start"), fields.get("end")
    if start and end and end < start:
        raise ValidationError({"end": "结束日期不能早于开始日期"})
    return _planning_save(Campaign, actor=actor, workspace=workspace, instance=campaign, **fields)


@transaction.atomic
def work_plan_save(*, actor, workspace, plan: WorkPlan | None = None, **fields) -> WorkPlan:
    if fields.get("month"):
        fields["month"] = fields["month"].replace(day=1)
    return _planning_save(WorkPlan, actor=actor, workspace=workspace, instance=plan, **fields)


@transaction.atomic
def meeting_save(*, actor, workspace, meeting: Meeting | None = None, **fields) -> Meeting:
    plan = fields.get("plan")
    if plan is not None and plan.workspace_id != workspace.pk:
        raise ValidationError({"plan": "不属于本工作区"})
    return _planning_save(Meeting, actor=actor, workspace=workspace, instance=meeting, **fields)


@transaction.atomic
def window_save(*, actor, workspace, window: PublishingWindow | None = None, **fields) -> PublishingWindow:
    start = fields.get("start", window.start if window else None)
    end = fields.get("end", window.end if window else None)
    if start and end and end <= start:
        raise ValidationError({"end": "结束时间应晚于开始时间（24:00 请填 23:59）"})
    return _planning_save(PublishingWindow, actor=actor, workspace=workspace, instance=window, **fields)


@transaction.atomic
def window_delete(*, actor, window: PublishingWindow) -> None:
    require_perm(actor, window.workspace, ProductionPerm.PLAN)
    record(Action.DELETE, obj=window, workspace=window.workspace, actor=actor, message=f"删除推荐时段：{window}")
    window.delete()


@transaction.atomic
def windows_install_preset(*, actor, workspace, preset: str) -> int:
    """写入推荐时段预设（北京 seed 001 或运营指南 seed 003）；替换同平台已有时段。"""
    require_perm(actor, workspace, ProductionPerm.PLAN)
    rows = WINDOW_PRESETS.get(preset)
    if rows is None:
        raise ValidationError(f"未知预设：{preset}")
    platforms = {r[0] for r in rows}
    PublishingWindow.objects.filter(workspace=workspace, platform_code__in=platforms).delete()
    for code, start, end, wd_only, note in rows:
        PublishingWindow.objects.create(workspace=workspace, platform_code=code, start=start, end=end,
                                        workdays_only=wd_only, note=note)
    record(Action.UPDATE, workspace=workspace, actor=actor, object_type="production.publishingwindow",
           message=f"安装推荐发布时段预设：{preset}")
    return len(rows)
