"""审核流程配置：安装预设、修改流程、增删环节。"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
from rongmei.core.permissions import require_perm
from rongmei.workspaces.choices import Role

from ..choices import ItemStatus
from ..models import (
    ContentItem,
    ReviewChain,
    ReviewStage,
)
from ..permissions import ProductionPerm
from ..presets import CHAIN_PRESETS


@transaction.atomic
def chain_install_preset(*, actor, workspace, preset: str, kind: str = "") -> ReviewChain:
    """安装预设审核流程（北京五级审校、三级四审、编辑→审核→领导）。同一形态已有流程时替换其环节。"""
    require_perm(actor, workspace, ProductionPerm.CONFIGURE)
    spec = CHAIN_PRESETS.get(preset)
    if spec is None:
        raise ValidationError(f"未知预设：{preset}")
    chain, _ = ReviewChain.objects.update_or_create(
        workspace=workspace, kind=kind,
        defaults={"name": spec["name"], "reopen_stage_order": spec["reopen"], "is_active": True})
    # 保留审核记录：环节外键置空，记录里有环节名称与顺序
    ReviewStage.objects.filter(chain=chain).delete()
    for order, name, stype, method, roles, skippable, limit, checker, req, *rest in spec["stages"]:
        ReviewStage.objects.create(chain=chain, order=order, name=name, stage_type=stype, method=method,
                                   roles=[str(r) for r in roles], skippable=skippable, time_limit_workdays=limit,
                                   checker_key=checker, requirements=req, allow_author=bool(rest and rest[0]))
    record(Action.CREATE, obj=chain, workspace=workspace, actor=actor, message=f"安装审核流程预设：{spec['name']}")
    return chain


@transaction.atomic
def chain_update(*, actor, chain: ReviewChain, **fields) -> ReviewChain:
    require_perm(actor, chain.workspace, ProductionPerm.CONFIGURE)
    before = snapshot(chain)
    for key, value in fields.items():
        setattr(chain, key, value)
    chain.full_clean()
    chain.save()
    record_change(chain, before, workspace=chain.workspace)
    return chain


@transaction.atomic
def stage_save(*, actor, chain: ReviewChain, stage: ReviewStage | None = None, people=None, **fields) -> ReviewStage:
    require_perm(actor, chain.workspace, ProductionPerm.CONFIGURE)
    before = snapshot(stage) if stage else None
    stage = stage or ReviewStage(chain=chain)
    for key, value in fields.items():
        setattr(stage, key, value)
    bad = [r for r in stage.roles if r not in Role.values]
    if bad:
        raise ValidationError({"roles": f"未知角色：{'、'.join(bad)}"})
    stage.full_clean()
    stage.save()
    if people is not None:
        stage.people.set(people)
    if before is None:
        record(Action.CREATE, obj=stage, workspace=chain.workspace, actor=actor, message=f"新增审核环节：{stage.name}")
    else:
        record_change(stage, before, workspace=chain.workspace)
    return stage


@transaction.atomic
def stage_delete(*, actor, stage: ReviewStage) -> None:
    ws = stage.chain.workspace
    require_perm(actor, ws, ProductionPerm.CONFIGURE)
    if ContentItem.objects.filter(current_stage=stage, status=ItemStatus.IN_REVIEW).exists():
        raise ValidationError("有内容正在这个环节审核，不能删除")
    record(Action.DELETE, obj=stage, workspace=ws, actor=actor, message=f"删除审核环节：{stage.name}")
    stage.delete()
