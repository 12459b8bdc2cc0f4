from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render

from rongmei.core.tenancy import workspaces_for

from . import home as home_widgets
from . import notifications as notes
from . import selectors
from .choices import JobState
from .decorators import workspace_view
from .models import Notification


@login_required
def home(request):
    workspaces = list(workspaces_for(request.user))
    if len(workspaces) == 1:
        return redirect("core:workspace_home", ws=workspaces[0].slug)
    return render(request, "core/home.html", {"workspaces": workspaces})


@workspace_view("workspaces.view")
def workspace_home(request):
    """工作台：各应用登记的卡片按当前角色挑选（甲方领导看合同与待审批，编辑看稿件与截止，组长看今日与逾期）。"""
    return render(request, "core/workspace_home.html", {"cards": home_widgets.cards_for(request)})


def healthz(request):
    data = selectors.health()
    return JsonResponse(data, status=200 if data["database"]["status"] == "ok" else 503,
                        json_dumps_params={"ensure_ascii": False})


@login_required
def jobs(request, ws: str | None = None):
    if ws is not None:
        return workspace_view("core.view_jobs")(_jobs_page)(request, ws=ws)
    if not request.user.is_superuser:
        raise PermissionDenied("只有系统管理员可以查看全部后台任务")
    return _jobs_page(request)


def _jobs_page(request):
    state = request.GET.get("state", "")
    qs = selectors.jobs_for(request.user, state=state)
    ws = getattr(request, "workspace", None)
    if ws is not None:
        qs = qs.filter(workspace=ws)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/jobs.html", {"page": page, "states": JobState.choices, "state": state})


@login_required
def notifications(request):
    if request.method == "POST":
        ids = request.POST.getlist("id")
        notes.mark_read(request.user, [int(i) for i in ids if i.isdigit()] if ids else None)
        return redirect("core:notifications")
    qs = Notification.objects.filter(user=request.user).select_related("workspace")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})
