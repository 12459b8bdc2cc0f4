from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from rongmei.core.api_helpers import workspace_for
from rongmei.engines.kpi import PeriodError

from . import exports, selectors, services
from .permissions import ContractPerm
from .views import CONTENT_TYPES

router = Router(tags=["合同履约"])


class DefinitionOut(Schema):
    version: int | None
    name: str = ""
    contract_id: str = ""
    yaml: str = ""
    digest: str = ""
    warnings: list[str] = []
    created_at: dt.datetime | None = None


class DefinitionIn(Schema):
    yaml: str
    comment: str = ""


class ValidationOut(Schema):
    ok: bool
    errors: list[dict]
    warnings: list[dict]
    saved: bool = False
    version: int | None = None


class ImportOut(Schema):
    id: int
    filename: str
    sha256: str
    facts: int
    counts: dict
    created: bool


class SnapshotOut(Schema):
    id: int
    title: str
    kind: str
    period: str
    period_label: str
    as_of: dt.date
    score: float
    passed: bool
    payment_ratio: float
    contract_version: int
    engine_version: str
    facts_count: int
    created_at: dt.datetime


class SnapshotIn(Schema):
    as_of: dt.date
    period: str = "annual"
    kind: str = "assessment"
    title: str = ""


def _definition(v) -> dict:
    if v is None:
        return {"version": None}
    return {"version": v.number, "name": v.name, "contract_id": v.contract_key, "yaml": v.yaml_text,
            "digest": v.digest, "warnings": v.warnings, "created_at": v.created_at}


def _snapshot(s) -> dict:
    return {"id": s.pk, "title": s.title, "kind": s.kind, "period": s.period, "period_label": s.period_label,
            "as_of": s.as_of, "score": s.score, "passed": s.passed, "payment_ratio": s.payment_ratio,
            "contract_version": s.version.number, "engine_version": s.engine_version, "facts_count": s.facts_count,
            "created_at": s.created_at}


@router.get("/{ws}/definition", response=DefinitionOut, summary="当前合同定义（YAML）")
def get_definition(request, ws: str):
    workspace = workspace_for(request, ws, ContractPerm.VIEW)
    return _definition(selectors.current_version(workspace))


@router.put("/{ws}/definition", response={200: ValidationOut, 422: ValidationOut},
            summary="校验并保存合同定义（validate_only=true 时只校验）")
def put_definition(request, ws: str, payload: DefinitionIn, validate_only: bool = False):
    workspace = workspace_for(request, ws, ContractPerm.EDIT)
    report = services.contract_validate(payload.yaml)
    body = {"ok": report.ok, "errors": [i.to_dict() for i in report.errors],
            "warnings": [i.to_dict() for i in report.warnings]}
    if not report.ok:
        return Status(422, body)
    if validate_only:
        return body
    version = services.contract_save(actor=request.user, workspace=workspace, yaml_text=payload.yaml,
                                     comment=payload.comment)
    return {**body, "saved": True, "version": version.number}


@router.get("/{ws}/evaluate", summary="评估（与命令行 rongmei contract evaluate --json 相同的 JSON，含进度 pace）")
def get_evaluate(request, ws: str, as_of: dt.date | None = None, period: str = "annual"):
    workspace = workspace_for(request, ws, ContractPerm.VIEW)
    try:
        state = selectors.evaluation_for(workspace, as_of=as_of, period=period)
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from None
    if state is None:
        raise ValidationError("本工作区还没有合同定义")
    return state.evaluation.summary()


@router.post("/{ws}/facts/import", response={200: ImportOut, 201: ImportOut}, summary="导入事实文件（.jsonl/.csv/.xlsx）")
def post_facts_import(request, ws: str, file: UploadedFile = File(...)):
    workspace = workspace_for(request, ws, ContractPerm.ENTER_FACTS)
    batch, created = services.facts_import(actor=request.user, workspace=workspace, filename=file.name,
                                           content=file.read())
    out = {"id": batch.pk, "filename": batch.filename, "sha256": batch.sha256, "facts": batch.fact_count,
           "counts": batch.counts, "created": created}
    return Status(201 if created else 200, out)


@router.get("/{ws}/snapshots", response=list[SnapshotOut], summary="考核快照列表")
def list_snapshots(request, ws: str):
    workspace = workspace_for(request, ws, ContractPerm.VIEW)
    return [_snapshot(s) for s in selectors.snapshots_of(workspace)[:200]]


@router.post("/{ws}/snapshots", response={201: SnapshotOut}, summary="冻结考核快照")
def create_snapshot(request, ws: str, payload: SnapshotIn):
    workspace = workspace_for(request, ws, ContractPerm.SNAPSHOT)
    snap = services.snapshot_create(actor=request.user, workspace=workspace, **payload.dict())
    return Status(201, _snapshot(snap))


@router.get("/{ws}/snapshots/{pk}/download", summary="下载考核快照：format=json|xlsx|docx")
def download_snapshot(request, ws: str, pk: int, format: str = "json"):
    workspace = workspace_for(request, ws, ContractPerm.SNAPSHOT)
    snap = selectors.snapshot_get(workspace, pk)
    if format == "json":
        data = {"snapshot": _snapshot(snap), "contract_yaml": snap.version.yaml_text, "facts": snap.facts,
                "result": snap.result}
        services.snapshot_exported(actor=request.user, snapshot=snap, fmt="json")
        return data
    if format not in ("xlsx", "docx"):
        raise ValidationError({"format": "可选：json、xlsx、docx"})

    content = exports.snapshot_file(snap, format)
    services.snapshot_exported(actor=request.user, snapshot=snap, fmt=format)
    resp = HttpResponse(content, content_type=CONTENT_TYPES[format])
    resp["Content-Disposition"] = f'attachment; filename="snapshot-{snap.pk}-{snap.as_of}.{format}"'
    return resp
