from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from rongmei.core.tenancy import role_in, workspaces_for

from . import selectors

router = Router(tags=["平台"])


class WorkspaceOut(Schema):
    slug: str
    name: str
    client_name: str
    role: str | None


class MeOut(Schema):
    username: str
    display_name: str
    is_superuser: bool
    workspaces: list[WorkspaceOut]


class JobOut(Schema):
    id: int
    task_id: str
    name: str
    label: str
    state: str
    state_label: str
    enqueued_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    error: str


@router.get("/me", response=MeOut, summary="当前用户与其工作区")
def me(request):
    user = request.user
    return {
        "username": user.username,
        "display_name": user.display_name,
        "is_superuser": user.is_superuser,
        "workspaces": [
            {"slug": w.slug, "name": w.name, "client_name": w.client_name, "role": role_in(user, w)}
            for w in workspaces_for(user)
        ],
    }


@router.get("/jobs", response=list[JobOut], summary="后台任务列表（按权限范围）")
def jobs(request, state: str = "", limit: int = 50):
    qs = selectors.jobs_for(request.user, state=state)[: max(1, min(limit, 500))]
    return [
        {**{f: getattr(j, f) for f in JobOut.model_fields if f != "state_label"}, "state_label": j.get_state_display()}
        for j in qs
    ]


@router.get("/jobs/{job_id}", response=JobOut, summary="单个后台任务")
def job(request, job_id: int):
    j = get_object_or_404(selectors.jobs_for(request.user), pk=job_id)
    return {**{f: getattr(j, f) for f in JobOut.model_fields if f != "state_label"}, "state_label": j.get_state_display()}
