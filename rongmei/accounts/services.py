"""用户、登录与令牌的写操作。"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock

from .models import ApiToken, User


@transaction.atomic
def user_create(*, actor: User | None, username: str, password: str, display_name: str = "",
                email: str = "", is_superuser: bool = False, must_change_password: bool = True) -> User:
    username = username.strip()
    if not username:
        raise ValidationError({"username": "请填写用户名"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已存在"})
    user = User(username=username, display_name=display_name, email=email, is_superuser=is_superuser,
                is_staff=is_superuser, must_change_password=must_change_password)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = clock.now()
    user.save()
    record(Action.CREATE, obj=user, actor=actor, after={"用户名": username, "姓名": display_name,
                                                        "系统管理员": is_superuser}, message="创建用户")
    return user


@transaction.atomic
def password_change(*, actor: User, user: User, new_password: str) -> None:
    password_validation.validate_password(new_password, user)
    if user.check_password(new_password):
        raise ValidationError("新密码不能与原密码相同。")
    user.set_password(new_password)
    user.must_change_password = actor.pk != user.pk  # 管理员重置后，用户下次登录须再改
    user.password_changed_at = clock.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record(Action.PASSWORD_CHANGED, obj=user, actor=actor,
           message="修改本人密码" if actor.pk == user.pk else "管理员重置密码")


def login_failure(user: User) -> bool:
    """记一次失败；达到上限时锁定。返回是否刚被锁定。"""
    user.failed_logins += 1
    just_locked = False
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        user.locked_until = clock.now() + dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
        user.failed_logins = 0
        just_locked = True
    user.save(update_fields=["failed_logins", "locked_until"])
    if just_locked:
        record(Action.LOCKED, obj=user, actor=user,
               message=f"连续登录失败 {settings.LOGIN_MAX_FAILURES} 次，锁定 {settings.LOGIN_LOCK_MINUTES} 分钟")
    return just_locked


def login_success(user: User) -> None:
    if user.failed_logins or user.locked_until:
        user.failed_logins = 0
        user.locked_until = None
        user.save(update_fields=["failed_logins", "locked_until"])


@transaction.atomic
def token_create(*, actor: User, user: User, name: str, days: int | None = 365) -> tuple[ApiToken, str]:
    """新建令牌，返回 (令牌, 明文)。明文只此一次。"""
    if not name.strip():
        raise ValidationError({"name": "请填写令牌用途"})
    key = "rm_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=key[:10], key_hash=ApiToken.hash_key(key),
        expires_at=clock.now() + dt.timedelta(days=days) if days else None,
    )
    record(Action.CREATE, obj=token, actor=actor, message=f"创建 API 令牌“{token.name}”")
    return token, key


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    token.revoked = True
    token.save(update_fields=["revoked"])
    record(Action.UPDATE, obj=token, actor=actor, message=f"吊销 API 令牌“{token.name}”")


def token_authenticate(key: str) -> User | None:
    if not key or not key.startswith("rm_"):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.is_valid or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=clock.now())
    return token.user


def _require_sysadmin(actor) -> None:
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied("只有系统管理员可以管理用户")


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> None:
    _require_sysadmin(actor)
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["failed_logins", "locked_until"])
    record(Action.UPDATE, obj=user, actor=actor, message="解除登录锁定")


@transaction.atomic
def user_reset_password(*, actor: User, user: User, new_password: str) -> None:
    """管理员重置密码：用户下次登录必须修改。"""
    _require_sysadmin(actor)
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = True
    user.password_changed_at = clock.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    record(Action.PASSWORD_CHANGED, obj=user, actor=actor, message="管理员重置密码（下次登录须修改）")


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> None:
    _require_sysadmin(actor)
    if user.pk == actor.pk and not active:
        raise ValidationError("不能停用自己的账户")
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(Action.PERMISSION, obj=user, actor=actor, before={"启用": not active}, after={"启用": active},
           message="启用账户" if active else "停用账户")
