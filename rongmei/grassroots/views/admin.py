"""单位树与基层人员（组长维护）。"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render

from rongmei.core import tenancy
from rongmei.core.choices import Role
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors

from .. import selectors, services
from ..forms import MemberForm, RosterForm, UnitForm
from ..permissions import GrassrootsPerm


@workspace_view(GrassrootsPerm.MANAGE)
def units(request):
    ws = request.workspace
    rows = selectors.units_of(ws).annotate(n_members=Count("members"))
    return render(request, "grassroots/units.html", {"units": rows})


@workspace_view(GrassrootsPerm.MANAGE)
def unit_edit(request, pk: int | None = None):
    ws = request.workspace
    unit = selectors.unit_get(ws, pk) if pk else None
    initial = {} if unit is None else {"name": unit.name, "kind": unit.kind, "parent": unit.parent,
                                       "population": unit.population}
    if unit is None and request.GET.get("parent", "").isdigit():
        initial["parent"] = selectors.units_of(ws).filter(pk=int(request.GET["parent"])).first()
    form = UnitForm(request.POST or None, units=selectors.units_of(ws), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_save(actor=request.user, workspace=ws, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "单位已保存")
            return redirect("grassroots:units", ws=ws.slug)
    return render(request, "grassroots/form.html", {"form": form, "title": "修改单位" if unit else "新建单位",
                                                    "back": "grassroots:units", "back_label": "单位与人员"})


@workspace_view(GrassrootsPerm.MANAGE)
def members(request):
    ws = request.workspace
    qs = selectors.members_of(ws)
    q = (request.GET.get("q") or "").strip()[:40]
    if q:
        qs = qs.filter(name__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    form = RosterForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            n = services.roster_import(actor=request.user, workspace=ws, data=f.read(), filename=f.name)
        except services.SheetError as exc:
            errors = exc.errors
        else:
            flash.success(request, f"名单已导入：{n} 人")
            return redirect("grassroots:members", ws=ws.slug)
    return render(request, "grassroots/members.html", {"page": page, "q": q, "query": f"q={q}" if q else "",
                                                        "form": form, "errors": errors})


@workspace_view(GrassrootsPerm.MANAGE)
def member_edit(request, pk: int | None = None):
    ws = request.workspace
    m = selectors.member_get(ws, pk) if pk else None
    initial = {} if m is None else {"name": m.name, "unit": m.unit, "kind": m.kind, "phone": m.phone,
                                    "username": m.user.username if m.user else "", "is_unit_admin": m.is_unit_admin}
    form = MemberForm(request.POST or None, units=selectors.units_of(ws), initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        user = None
        if d["username"]:
            user = get_user_model().objects.filter(username=d["username"]).first()
            if user is None or tenancy.role_in(user, ws) != Role.CONTRIBUTOR:
                form.add_error("username", "找不到这个用户名，或他在本工作区不是“基层供稿员”角色")
        if not form.errors:
            try:
                services.member_save(actor=request.user, workspace=ws, member=m, name=d["name"], unit=d["unit"],
                                     kind=d["kind"], phone=d["phone"], user=user, is_unit_admin=d["is_unit_admin"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                flash.success(request, "基层人员已保存")
                return redirect("grassroots:members", ws=ws.slug)
    return render(request, "grassroots/form.html", {"form": form, "title": "修改基层人员" if m else "登记基层人员",
                                                    "back": "grassroots:members", "back_label": "基层人员"})
