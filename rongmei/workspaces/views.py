from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors

from . import selectors, services
from .choices import AccountStatus
from .forms import AccountForm, MemberForm, WorkspaceForm, WorkspaceSettingsForm
from .permissions import WorkspacePerm


@workspace_view(WorkspacePerm.VIEW)
def accounts(request):
    ws = request.workspace
    platform = request.GET.get("platform", "")
    status = request.GET.get("status", "")
    items = selectors.accounts_of(ws, platform=platform or None, status=status or None)
    return render(request, "workspaces/accounts.html", {
        "accounts": items, "platforms": selectors.platforms(), "statuses": AccountStatus.choices,
        "platform": platform, "status": status,
    })


@workspace_view(WorkspacePerm.MANAGE_ACCOUNTS)
def account_edit(request, pk: int | None = None):
    ws = request.workspace
    account = selectors.account_get(ws, pk) if pk else None
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            if account is None:
                platform = data.pop("platform")
                name = data.pop("name")
                services.account_create(actor=request.user, workspace=ws, platform=platform, name=name, **data)
                messages.success(request, f"账号“{name}”已登记。")
            else:
                services.account_update(actor=request.user, account=account, **data)
                messages.success(request, f"账号“{account.name}”已保存。")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("workspaces:accounts", ws=ws.slug)
    return render(request, "workspaces/account_form.html", {"form": form, "account": account})


@workspace_view(WorkspacePerm.VIEW_MEMBERS)
def members(request):
    ws = request.workspace
    form = MemberForm(request.POST or None)
    can_manage = request.can(WorkspacePerm.MANAGE_MEMBERS)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("您没有管理成员的权限")
        if form.is_valid():
            user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
            if user is None:
                form.add_error("username", "用户名不存在，请先由系统管理员创建用户")
            else:
                try:
                    services.member_set_role(actor=request.user, workspace=ws, user=user,
                                             role=form.cleaned_data["role"], unit=form.cleaned_data["unit"])
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, f"{user} 已设为 {dict(form.fields['role'].choices)[form.cleaned_data['role']]}。")
                    return redirect("workspaces:members", ws=ws.slug)
    return render(request, "workspaces/members.html", {
        "members": selectors.members_of(ws), "form": form, "can_manage": can_manage,
    })


def workspace_create(request):
    @login_required
    def inner(request):
        if not request.user.is_superuser:
            raise PermissionDenied("只有系统管理员可以创建工作区")
        form = WorkspaceForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                ws = services.workspace_create(actor=request.user, manager_username=data.pop("manager") or "", **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"工作区“{ws.name}”已创建。")
                return redirect("core:workspace_home", ws=ws.slug)
        return render(request, "workspaces/workspace_form.html", {"form": form, "title": "新建工作区"})

    return inner(request)


@workspace_view(WorkspacePerm.EDIT_SETTINGS)
def workspace_settings(request):
    ws = request.workspace
    fields = ["name", "client_name", "operator_name", "period_start", "period_end", "region", "description"]
    form = WorkspaceSettingsForm(request.POST or None, initial={f: getattr(ws, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.workspace_update(actor=request.user, workspace=ws, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "工作区设置已保存。")
            return redirect("workspaces:settings", ws=ws.slug)
    return render(request, "workspaces/workspace_form.html", {"form": form, "title": "工作区设置"})
