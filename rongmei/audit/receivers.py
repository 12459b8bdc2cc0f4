"""登录、退出、登录失败、备份与恢复写入审计日志（基础设施信号）。"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from rongmei.core import context
from rongmei.core.signals import backup_made, backup_restored, keys_rotated, restore_drilled

from .choices import Action
from .services import record


def _ip(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    with context.operation(actor_id=user.pk, actor_label=context.user_label(user), ip=_ip(request),
                           source="api" if request is not None and request.path.startswith("/api/") else "web"):
        record(Action.LOGIN, obj=user, message="登录成功")


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        with context.operation(actor_id=user.pk, actor_label=context.user_label(user), ip=_ip(request)):
            record(Action.LOGOUT, obj=user, message="退出登录")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")
    user = get_user_model().objects.filter(username=username).first()
    with context.operation(ip=_ip(request), source="web"):
        record(
            Action.LOGIN_FAILED,
            object_type="accounts.user",
            object_id=str(user.pk) if user else "",
            object_repr=username[:150],
            message="登录失败：用户名或密码错误" if user else "登录失败：用户名不存在",
        )


@receiver(backup_made)
def _backup_made(sender, name: str, message: str, **kwargs):
    record(Action.BACKUP, object_type="backup", object_repr=name, message=message)


@receiver(backup_restored)
def _backup_restored(sender, source: str, message: str, **kwargs):
    record(Action.RESTORE, object_type="backup", object_repr=source[-300:], message=message)


@receiver(keys_rotated)
def _keys_rotated(sender, message: str, **kwargs):
    record(Action.UPDATE, object_type="secrets", object_repr="平台凭据加密密钥", message=message)


@receiver(restore_drilled)
def _restore_drilled(sender, name: str, ok: bool, message: str, **kwargs):
    record(Action.OTHER, object_type="backup", object_repr=name, message=message)
