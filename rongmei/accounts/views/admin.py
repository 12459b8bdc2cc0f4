"""系统管理员的用户管理页：新建用户、重置密码、解锁、停用。"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from rongmei.core.forms import apply_errors

from .. import services
from ..forms import ResetPasswordForm, UserCreateForm
from ..models import AuthenticatorDevice, User


def _sysadmin(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied("只有系统管理员可以管理用户")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


@_sysadmin
def user_list(request):
    q = request.GET.get("q", "").strip()
    qs = User.objects.prefetch_related("memberships__workspace").order_by("username")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, username=form.cleaned_data["username"],
                                        password=form.cleaned_data["password"],
                                        display_name=form.cleaned_data["display_name"],
                                        email=form.cleaned_data["email"],
                                        is_superuser=form.cleaned_data["is_superuser"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已创建用户 {user.username}，请在工作区的“成员与角色”中为其分配角色。")
            return redirect("accounts:users")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    otp_users = set(AuthenticatorDevice.objects.filter(user__in=[u.pk for u in page], confirmed=True)
                    .values_list("user_id", flat=True))
    return render(request, "accounts/users.html", {"page": page, "form": form, "q": q, "otp_users": otp_users,
                                                   "reset_form": ResetPasswordForm()})


@_sysadmin
@require_POST
def user_action(request, pk: int, action: str):
    user = get_object_or_404(User, pk=pk)
    try:
        if action == "unlock":
            services.user_unlock(actor=request.user, user=user)
            messages.success(request, f"{user} 已解除锁定。")
        elif action == "reset":
            form = ResetPasswordForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请填写新的临时密码")
            services.user_reset_password(actor=request.user, user=user, new_password=form.cleaned_data["password"])
            messages.success(request, f"{user} 的密码已重置，下次登录须修改。")
        elif action == "otp_reset":
            services.otp_reset(actor=request.user, user=user)
            messages.success(request, f"{user} 的手机验证器已重置，下次登录须重新绑定（如其角色要求）。")
        elif action in ("deactivate", "activate"):
            services.user_set_active(actor=request.user, user=user, active=action == "activate")
            messages.success(request, f"{user} 已{'启用' if action == 'activate' else '停用'}。")
        else:
            raise ValidationError("未知操作")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("accounts:users")
