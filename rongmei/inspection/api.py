"""自查接口：最近一次自查的发现、运行自查。"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from rongmei.core.api_helpers import ErrorsOut, workspace_for

from . import selectors, services
from .permissions import InspectionPerm

router = Router(tags=["自查"])


class FindingOut(Schema):
    id: int
    account: str
    platform: str
    rule: str
    severity: str
    state: str
    message: str
    fix: str
    evidence: list
    veto_on: dt.date | None


class RunOut(Schema):
    id: int
    as_of: dt.date
    trigger: str
    pack_version: str
    failing: int
    at_risk: int
    rules: list
    findings: list[FindingOut]


class RunIn(Schema):
    as_of: dt.date | None = None



def _out(run) -> dict:
    return {"id": run.pk, "as_of": run.as_of, "trigger": run.trigger, "pack_version": run.pack_version,
            "failing": run.failing, "at_risk": run.at_risk, "rules": run.rules,
            "findings": [{"id": f.pk, "account": f.account_name, "platform": f.platform, "rule": f.rule,
                          "severity": f.severity, "state": f.state, "message": f.message, "fix": f.fix,
                          "evidence": f.evidence, "veto_on": f.veto_on} for f in selectors.findings_of(run)]}


@router.get("/{ws}/latest", response={200: RunOut, 404: ErrorsOut}, summary="最近一次自查的结果")
def latest(request, ws: str):
    workspace = workspace_for(request, ws, InspectionPerm.VIEW)
    run = selectors.latest_run(workspace)
    if run is None:
        return Status(404, {"detail": "还没有自查记录", "errors": []})
    return _out(run)


@router.post("/{ws}/runs", response={201: RunOut, 400: ErrorsOut}, summary="立即自查（可指定检查日期）")
def run(request, ws: str, payload: RunIn):
    workspace = workspace_for(request, ws, InspectionPerm.RUN)
    try:
        result = services.inspection_run(actor=request.user, workspace=workspace, as_of=payload.as_of)
    except ValidationError as exc:
        return Status(400, {"detail": "未运行", "errors": exc.messages})
    return Status(201, _out(result))
