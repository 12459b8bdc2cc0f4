"""素材库接口：检索、上传、详情、修改版权信息。"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from rongmei.core.api_helpers import ErrorsOut, workspace_for

from . import selectors, services
from .permissions import AssetPerm

router = Router(tags=["素材库"])


class AssetOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    url: str
    thumb_url: str
    content_type: str
    size: int
    width: int | None
    height: int | None
    tags: list[str]
    source: str
    author: str
    consent: str
    consent_label: str
    consent_note: str
    licence: str
    licence_label: str
    rights_expires: dt.date | None
    rights_problems: list[str]
    created_at: dt.datetime


class AssetDetailOut(AssetOut):
    crops: dict[str, list[float]]
    uses: list[dict[str, str]]


class AssetPatch(Schema):
    title: str | None = None
    tags: str | None = None
    source: str | None = None
    author: str | None = None
    consent: str | None = None
    consent_note: str | None = None
    licence: str | None = None
    rights_expires: dt.date | None = None


def _out(asset) -> dict:
    return {
        "id": asset.pk, "kind": asset.kind, "kind_label": asset.get_kind_display(), "title": asset.title,
        "url": asset.url, "thumb_url": asset.thumb_url, "content_type": asset.content_type, "size": asset.size,
        "width": asset.width, "height": asset.height, "tags": asset.tag_list, "source": asset.source,
        "author": asset.author, "consent": asset.consent, "consent_label": asset.get_consent_display(),
        "consent_note": asset.consent_note, "licence": asset.licence, "licence_label": asset.get_licence_display(),
        "rights_expires": asset.rights_expires, "rights_problems": selectors.rights_problems([asset]),
        "created_at": asset.created_at,
    }


def _detail(asset) -> dict:
    return {**_out(asset), "crops": {r: list(c.box) for r, c in selectors.crops_of(asset).items()},
            "uses": [{"ref": u.ref, "title": u.title, "url": u.url} for u in selectors.uses_of(asset)]}


@router.get("/{ws}/assets", response=list[AssetOut], summary="检索素材")
def asset_list(request, ws: str, q: str = "", kind: str = "", limit: int = 50, offset: int = 0):
    """按标题、标签、来源、作者检索；``kind`` 为 image/video/audio/document。"""
    workspace = workspace_for(request, ws, AssetPerm.VIEW)
    limit = max(1, min(limit, 200))
    offset = max(0, min(offset, 10_000_000))
    return [_out(a) for a in selectors.assets_of(workspace, q=q, kind=kind)[offset:offset + limit]]


@router.post("/{ws}/assets", response={201: AssetOut, 422: ErrorsOut}, summary="上传素材")
def asset_create(request, ws: str, file: File[UploadedFile], source: Form[str] = ""):
    """multipart 上传 ``file``；按内容检查类型与大小。内容相同的文件已在库里时返回已有的素材（同一编号）。"""
    workspace = workspace_for(request, ws, AssetPerm.UPLOAD)
    try:
        asset = services.asset_upload(actor=request.user, workspace=workspace, upload=file, source=source)
    except ValidationError as exc:
        return Status(422, {"detail": exc.messages[0], "errors": exc.messages})
    return Status(201, _out(asset))


@router.get("/{ws}/assets/{pk}", response=AssetDetailOut, summary="素材详情")
def asset_detail(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, AssetPerm.VIEW)
    return _detail(selectors.asset_get(workspace, pk))


@router.patch("/{ws}/assets/{pk}", response=AssetDetailOut, summary="修改素材信息与版权")
def asset_patch(request, ws: str, pk: int, payload: AssetPatch):
    workspace = workspace_for(request, ws, AssetPerm.UPLOAD)
    asset = selectors.asset_get(workspace, pk)
    changes = payload.dict(exclude_unset=True)
    return _detail(services.asset_update(actor=request.user, asset=asset, **changes))
