from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from rongmei.core.api_helpers import workspace_for

from . import selectors, services
from .permissions import WorkspacePerm

router = Router(tags=["工作区与账号"])


class AccountOut(Schema):
    id: int
    platform: str
    platform_name: str
    name: str
    external_id: str
    owner_unit: str
    certification: str
    status: str
    status_label: str
    status_since: dt.date | None
    opened_on: dt.date | None
    closed_on: dt.date | None
    url: str


class AccountIn(Schema):
    platform: str
    name: str
    external_id: str = ""
    owner_unit: str = ""
    certification: str = ""
    status: str = "active"
    status_since: dt.date | None = None
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None
    url: str = ""


class MemberOut(Schema):
    username: str
    display_name: str
    role: str
    role_label: str
    unit: str


def _account(a) -> dict:
    return {
        "id": a.id, "platform": a.platform.code, "platform_name": a.platform.name, "name": a.name,
        "external_id": a.external_id, "owner_unit": a.owner_unit, "certification": a.certification,
        "status": a.status, "status_label": a.get_status_display(), "status_since": a.status_since,
        "opened_on": a.opened_on, "closed_on": a.closed_on, "url": a.url,
    }


@router.get("/{ws}/accounts", response=list[AccountOut], summary="账号矩阵")
def list_accounts(request, ws: str, platform: str = "", status: str = ""):
    workspace = workspace_for(request, ws, WorkspacePerm.VIEW)
    return [_account(a) for a in selectors.accounts_of(workspace, platform=platform or None, status=status or None)]


@router.post("/{ws}/accounts", response={201: AccountOut}, summary="登记账号")
def create_account(request, ws: str, payload: AccountIn):
    workspace = workspace_for(request, ws, WorkspacePerm.MANAGE_ACCOUNTS)
    data = payload.dict()
    account = services.account_create(actor=request.user, workspace=workspace, platform=data.pop("platform"),
                                      name=data.pop("name"), **data)
    return Status(201, _account(account))


@router.get("/{ws}/members", response=list[MemberOut], summary="成员与角色")
def list_members(request, ws: str):
    workspace = workspace_for(request, ws, WorkspacePerm.VIEW_MEMBERS)
    return [
        {"username": m.user.username, "display_name": m.user.display_name, "role": m.role,
         "role_label": m.get_role_display(), "unit": m.unit}
        for m in selectors.members_of(workspace)
    ]
