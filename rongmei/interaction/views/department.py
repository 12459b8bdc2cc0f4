"""处室：联络人只看转给本处室的问题并答复；甲方与运营看各处室的时钟与逾期。"""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from rongmei.core import clock
from rongmei.core.decorators import workspace_view

from .. import selectors, services
from ..models import Message
from ..permissions import InteractionPerm


@workspace_view(InteractionPerm.DEPARTMENT)
def queue(request):
    ws = request.workspace
    return render(request, "interaction/department.html", {
        "rows": list(selectors.department_queue(ws, request.user)[:200]),
        "done": list(selectors.department_queue(ws, request.user, answered=True).order_by("-department_answered_at")[:30]),
        "departments": selectors.department_of(request.user, ws), "now": clock.now()})


@workspace_view(InteractionPerm.DEPARTMENT)
def answer(request, pk: int):
    ws = request.workspace
    m = Message.objects.filter(workspace=ws, pk=pk, department__contacts=request.user).select_related(
        "department", "account__platform").first()
    if m is None:
        raise Http404("没有这个问题，或它没有转给您的处室")
    error = ""
    if request.method == "POST":
        try:
            services.department_answer(actor=request.user, message=m, answer=request.POST.get("answer", ""))
            flash.success(request, "答复已提交，运营人员会转达群众")
            return redirect("interaction:department", ws=ws.slug)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        except PermissionDenied as exc:
            error = str(exc)
    return render(request, "interaction/department_answer.html", {"m": m, "error": error, "now": clock.now(),
                                                                   "answer": request.POST.get("answer", "")})


@workspace_view(InteractionPerm.VIEW)
def overview(request):
    ws = request.workspace
    now = clock.now()
    return render(request, "interaction/departments.html", {
        "rows": selectors.department_overview(ws, now), "overdue": list(selectors.department_overdue_list(ws, now)[:200]),
        "now": now})
