"""答复口径库与互动设置（工作时段、审核角色、时限规则、处室）。"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from rongmei.core.choices import Role
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors

from .. import selectors, services, timing
from ..choices import Category
from ..forms import DepartmentForm, RuleForm, SettingsForm, TemplateForm
from ..models import Department, ReplyTemplate, SlaRule
from ..permissions import InteractionPerm


@workspace_view(InteractionPerm.VIEW)
def templates(request):
    ws = request.workspace
    q = request.GET.get("q", "").strip()[:60]
    category = request.GET.get("category", "")
    rows = selectors.templates_of(ws, q=q, category=category if category in Category.values else "",
                                  active=False).select_related("updated_by").prefetch_related("versions")
    return render(request, "interaction/templates.html", {
        "rows": list(rows[:200]), "q": q, "category": category, "categories": Category.choices,
        "can_edit": request.can(InteractionPerm.TEMPLATES)})


@workspace_view(InteractionPerm.TEMPLATES)
def template_edit(request, pk: int | None = None):
    ws = request.workspace
    tpl = get_object_or_404(ReplyTemplate, workspace=ws, pk=pk) if pk else None
    form = TemplateForm(request.POST or None, instance=tpl)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.template_save(actor=request.user, workspace=ws, template=tpl, title=d["title"], text=d["text"],
                                   category=d["category"], topic=d["topic"], is_active=d["is_active"])
            flash.success(request, "口径已保存")
            return redirect("interaction:templates", ws=ws.slug)
        except ValidationError as exc:
            apply_errors(form, exc)
    versions = list(tpl.versions.select_related("created_by")[:20]) if tpl else []
    return render(request, "interaction/form.html", {"form": form, "title": "编辑答复口径" if tpl else "新建答复口径",
                                                      "versions": versions})


@workspace_view(InteractionPerm.MANAGE)
def settings_page(request):
    ws = request.workspace
    s = timing.settings_of(ws)
    form = SettingsForm(initial={"work_start": s.work_start, "work_end": s.work_end, "approver_role": s.approver_role,
                                 "department_within": s.department_within, "escalate_minutes": s.escalate_minutes})
    rule_form = RuleForm()
    if request.method == "POST" and request.POST.get("form") == "settings":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.settings_save(actor=request.user, workspace=ws, **form.cleaned_data)
                flash.success(request, "互动设置已保存")
                return redirect("interaction:settings", ws=ws.slug)
            except ValidationError as exc:
                apply_errors(form, exc)
    elif request.method == "POST" and request.POST.get("form") == "rule":
        rule_form = RuleForm(request.POST)
        if rule_form.is_valid():
            try:
                services.sla_rule_save(actor=request.user, workspace=ws, **rule_form.cleaned_data)
                flash.success(request, "时限规则已保存")
                return redirect("interaction:settings", ws=ws.slug)
            except ValidationError as exc:
                apply_errors(rule_form, exc)
    rules = list(SlaRule.objects.filter(workspace=ws))
    for r in rules:
        r.first_label = timing.within_label(r.first_response)
        r.resolution_label = timing.within_label(r.resolution)
    return render(request, "interaction/settings.html", {
        "form": form, "rule_form": rule_form, "rules": rules, "departments": selectors.departments_of(ws, active=False),
        "hours": timing.hours_label((s.work_start, s.work_end)),
        "platform_hours": [(p.platform, timing.hours_label((p.work_start, p.work_end)))
                           for p in ws.inbox_platform_hours.all()],
        "department_within": timing.within_label(s.department_within)})


@workspace_view(InteractionPerm.MANAGE)
def department_edit(request, pk: int | None = None):
    ws = request.workspace
    dept = get_object_or_404(Department, workspace=ws, pk=pk) if pk else None
    people = get_user_model().objects.filter(memberships__workspace=ws, memberships__role=Role.DEPARTMENT)
    initial = {"name": dept.name, "contacts": list(dept.contacts.all()), "is_active": dept.is_active} if dept else {}
    form = DepartmentForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.department_save(actor=request.user, workspace=ws, department=dept, name=d["name"],
                                     contacts=d["contacts"], is_active=d["is_active"])
            flash.success(request, "处室已保存")
            return redirect("interaction:settings", ws=ws.slug)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render(request, "interaction/form.html", {"form": form, "title": "编辑处室" if dept else "新增处室"})
