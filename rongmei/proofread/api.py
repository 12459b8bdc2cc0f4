"""AI 审校接口：审校文本/文件、列出与新增工作区词条。"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from rongmei.core.api_helpers import workspace_for

from . import selectors, services
from .choices import RuleCategory
from .permissions import ProofPerm

router = Router(tags=["AI审校"])


class CheckOut(Schema):
    findings: list[dict[str, Any]]
    error_rate: float
    rulepack: str
    char_count: int
    run_id: int


class EntryIn(Schema):
    category: str
    data: dict[str, Any]
    note: str = ""


class EntryOut(Schema):
    id: int
    category: str
    category_label: str
    term: str
    payload: dict[str, Any]
    note: str
    is_active: bool
    created_at: dt.datetime


_CHECK_BODY = {
    "requestBody": {
        "content": {
            "application/json": {"schema": {"type": "object", "properties": {"text": {"type": "string"}},
                                            "required": ["text"]}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary", "description": ".txt/.docx/.md/.html"}}}},
        }
    }
}


@router.post("/{ws}/check", response=CheckOut, summary="审校文本或文件", openapi_extra=_CHECK_BODY)
def check(request, ws: str):
    """JSON ``{"text": "…"}`` 或 multipart 上传 ``file``；返回发现、差错率（每万字）与规则包版本。每次调用记一条审校记录。"""
    workspace = workspace_for(request, ws, ProofPerm.USE)
    name = ""
    if (request.content_type or "").startswith("multipart/"):
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": "请上传文件（字段名 file）"})
        text, name = services.extract_upload(upload, upload.name), upload.name
    else:
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            raise ValidationError({"text": "请求体不是有效的 JSON"}) from None
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str):
            raise ValidationError({"text": "请提供 text 字段（字符串）"})
    run = services.proof_run(actor=request.user, workspace=workspace, text=text, source_name=name, source="api")
    return {"findings": run.findings, "error_rate": run.error_rate, "rulepack": run.rulepack,
            "char_count": run.char_count, "run_id": run.pk}


def _entry(e) -> dict:
    return {"id": e.pk, "category": e.category, "category_label": e.get_category_display(), "term": e.term,
            "payload": e.payload, "note": e.note, "is_active": e.is_active, "created_at": e.created_at}


@router.get("/{ws}/entries", response=list[EntryOut], summary="工作区审校词条")
def list_entries(request, ws: str, category: str = "", active: bool | None = True, q: str = ""):
    workspace = workspace_for(request, ws, ProofPerm.VIEW_LEXICON)
    if category and category not in RuleCategory.values:
        raise ValidationError({"category": f"未知的词条类别：{category}"})
    return [_entry(e) for e in selectors.entries_of(workspace, category=category or None, active=active, q=q)[:5000]]


@router.post("/{ws}/entries", response={201: EntryOut}, summary="新增审校词条")
def create_entry(request, ws: str, payload: EntryIn):
    """``data`` 的字段随类别不同，如落马官员 ``{"name", "date"}``、禁用词 ``{"term", "suggestion"}``（见文档）。"""
    workspace = workspace_for(request, ws, ProofPerm.MANAGE_LEXICON)
    entry = services.entry_create(actor=request.user, workspace=workspace, category=payload.category,
                                  data=payload.data, note=payload.note)
    return Status(201, _entry(entry))


@router.post("/{ws}/entries/{entry_id}/deactivate", response=EntryOut, summary="停用审校词条")
def deactivate_entry(request, ws: str, entry_id: int):
    workspace = workspace_for(request, ws, ProofPerm.MANAGE_LEXICON)
    entry = services.entry_set_active(actor=request.user, entry=selectors.entry_get(workspace, entry_id),
                                      active=False)
    return _entry(entry)
