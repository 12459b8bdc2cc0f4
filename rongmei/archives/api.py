"""档案接口：档案包列表、按期间打包。"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from rongmei.core.api_helpers import ErrorsOut, workspace_for

from . import selectors, services
from .permissions import ArchivesPerm

router = Router(tags=["档案"])


class SetOut(Schema):
    id: int
    title: str
    period_start: dt.date
    period_end: dt.date
    categories: list[str]
    file_count: int
    withheld: int
    sha256: str
    state: str
    retain_until: dt.date | None
    files: list


class SetIn(Schema):
    period_start: dt.date
    period_end: dt.date
    categories: list[str] = []
    title: str = ""



def _out(s) -> dict:
    return {"id": s.pk, "title": s.title, "period_start": s.period_start, "period_end": s.period_end,
            "categories": s.categories, "file_count": s.file_count, "withheld": s.withheld, "sha256": s.sha256,
            "state": s.state, "retain_until": s.retain_until, "files": s.files}


@router.get("/{ws}/sets", response=list[SetOut], summary="档案包列表（最近 100 个）")
def list_sets(request, ws: str):
    workspace = workspace_for(request, ws, ArchivesPerm.VIEW)
    return [_out(s) for s in selectors.sets_of(workspace)[:100]]


@router.post("/{ws}/sets", response={201: SetOut, 400: ErrorsOut}, summary="按期间打包档案")
def create_set(request, ws: str, payload: SetIn):
    workspace = workspace_for(request, ws, ArchivesPerm.EXPORT)
    try:
        obj = services.archive_set_create(actor=request.user, workspace=workspace, period_start=payload.period_start,
                                          period_end=payload.period_end, categories=payload.categories or None,
                                          title=payload.title)
    except ValidationError as exc:
        return Status(400, {"detail": "未打包", "errors": exc.messages})
    return Status(201, _out(obj))
