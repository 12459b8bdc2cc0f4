"""用户、登录与令牌的写操作。"""

from __future__ import annotations

import datetime as dt
import secrets
from importlib import import_module

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock, notifications

from . import gate, otp
from .choices import LoginMethod
from .models import ApiToken, LoginRecord, User, UserSession


@transaction.atomic
def user_create(*, actor: User | None, username: str, password: str = "", display_name: str = "",
                email: str = "", is_superuser: bool = False, must_change_password: bool = True,
                validate_password: bool = True, password_hash: str = "") -> User:
    """新建用户。``validate_password=False`` 与 ``password_hash`` 只给 ``rongmei demo``：演示账号都用公开的
    演示密码，哈希只算一次（PBKDF2 一次约 0.5 s，几十个演示账号逐个算要半分钟）。"""
    username = username.strip()
    if not username:
        raise ValidationError({"username": "请填写用户名"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已存在"})
    user = User(username=username, display_name=display_name, email=email, is_superuser=is_superuser,
                is_staff=is_superuser, must_change_password=must_change_password)
    if password_hash:
        user.password = password_hash
    else:
        if validate_password:
            password_validation.validate_password(password, user)
        user.set_password(password)
    user.password_changed_at = clock.now()
    user.save()
    record(Action.CREATE, obj=user, actor=actor, after={"用户名": username, "姓名": display_name,
                                                        "系统管理员": is_superuser}, message="创建用户")
    return user


@transaction.atomic
def password_change(*, actor: User, user: User, new_password: str, keep_session_key: str | None = None) -> None:
    """改密码；同一用户的其他登录会话全部退出（``keep_session_key`` 为当前会话，保留）。"""
    password_validation.validate_password(new_password, user)
    if user.check_password(new_password):
        raise ValidationError("新密码不能与原密码相同。")
    user.set_password(new_password)
    user.must_change_password = actor.pk != user.pk  # 管理员重置后，用户下次登录须再改
    user.password_changed_at = clock.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    others = sessions_revoke_others(user=user, keep_session_key=keep_session_key)
    record(Action.PASSWORD_CHANGED, obj=user, actor=actor,
           message=("修改本人密码" if actor.pk == user.pk else "管理员重置密码")
           + (f"，其他 {others} 个登录会话已退出" if others else ""))


def login_attempt(*, user: User, ok: bool, what: str = "密码") -> bool:
    """记一次登录尝试（密码或第二步验证码），返回是否放行。

    在数据库行锁里读、判、写（PostgreSQL 用 SELECT … FOR UPDATE，SQLite 的 IMMEDIATE 事务本身串行写），
    并发的错误密码不会互相覆盖计数；锁定期间即使密码正确也不放行。"""
    max_failures, minutes = settings.LOGIN_MAX_FAILURES, settings.LOGIN_LOCK_MINUTES
    just_locked = refused_locked = False
    with transaction.atomic():
        row = User.objects.select_for_update().only("pk", "failed_logins", "locked_until").get(pk=user.pk)
        now = clock.now()
        if row.locked_until is not None and row.locked_until > now:
            refused_locked = True
        elif ok:
            if row.failed_logins or row.locked_until:
                User.objects.filter(pk=row.pk).update(failed_logins=0, locked_until=None)
        else:
            failed = row.failed_logins + 1
            if failed >= max_failures:
                User.objects.filter(pk=row.pk).update(failed_logins=0,
                                                      locked_until=now + dt.timedelta(minutes=minutes))
                just_locked = True
            else:
                User.objects.filter(pk=row.pk).update(failed_logins=failed)
        if refused_locked and ok:
            record(Action.LOGIN_FAILED, obj=user, actor=user, message=f"账户锁定期间尝试登录（{what}正确），已拒绝")
        if just_locked:
            record(Action.LOCKED, obj=user, actor=user,
                   message=f"连续{what}错误 {max_failures} 次，锁定 {minutes} 分钟")
            notifications.notify(
                users=[user], kind="accounts.locked", title="您的账户因连续登录失败已被锁定",
                body=f"有人连续 {max_failures} 次输错您账户的{what}，账户已锁定 {minutes} 分钟。"
                     "如果不是您本人操作，请尽快修改密码并告知系统管理员。")
    return ok and not refused_locked


@transaction.atomic
def token_create(*, actor: User, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """新建令牌，返回 (令牌, 明文)。明文只此一次。有效期 1 天到 ``API_TOKEN_MAX_DAYS`` 天，不能永不过期。"""
    if not name.strip():
        raise ValidationError({"name": "请填写令牌用途"})
    max_days = settings.API_TOKEN_MAX_DAYS
    if days is None or not 1 <= days <= max_days:
        raise ValidationError({"days": f"有效天数须在 1 到 {max_days} 天之间（到期后可再建新令牌）"})
    block = gate.access_block(user)
    if block is not None:
        raise PermissionDenied(block.message)
    key = "rm_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=key[:10], key_hash=ApiToken.hash_key(key),
        expires_at=clock.now() + dt.timedelta(days=days),
    )
    record(Action.CREATE, obj=token, actor=actor, message=f"创建 API 令牌“{token.name}”（{days} 天后过期）")
    return token, key


def token_expiry_remind() -> int:
    """给 ``API_TOKEN_REMIND_DAYS`` 天内到期、还没提醒过的有效令牌的主人发提醒（每日任务）。返回提醒条数。"""
    now = clock.now()
    due = (ApiToken.objects.select_related("user")
           .filter(revoked=False, expiry_reminded_at__isnull=True, user__is_active=True,
                   expires_at__gt=now, expires_at__lte=now + dt.timedelta(days=settings.API_TOKEN_REMIND_DAYS)))
    count = 0
    for token in due:
        with transaction.atomic():
            if not ApiToken.objects.filter(pk=token.pk, expiry_reminded_at__isnull=True).update(
                    expiry_reminded_at=now):
                continue  # 另一个 worker 已提醒
            local = timezone.localtime(token.expires_at)
            notifications.notify(
                users=[token.user], kind="accounts.token_expiry", url=reverse("accounts:profile"),
                title=f"API 令牌“{token.name}”将于 {local:%Y-%m-%d %H:%M} 过期",
                body=f"令牌“{token.name}”（{token.prefix}…）将于 {local:%Y年%m月%d日 %H:%M}（北京时间）过期，"
                     "过期后使用它的脚本将无法调用接口。请在“个人资料”页创建新令牌并替换。")
            count += 1
    return count


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    token.revoked = True
    token.save(update_fields=["revoked"])
    record(Action.UPDATE, obj=token, actor=actor, message=f"吊销 API 令牌“{token.name}”")


TOKEN_USE_RECORD_INTERVAL = dt.timedelta(minutes=5)


def token_authenticate(key: str) -> User | None:
    if not key or not key.startswith("rm_"):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.is_valid or not token.user.is_active:
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RECORD_INTERVAL:
        # 只读请求不每次都写库（SQLite 上与导入、登录抢写锁）：“最近使用”精确到这个间隔
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def token_problem(key: str) -> str | None:
    """认证失败的令牌若确是本系统签发的（持有者拿着完整的密钥），用中文说明原因：已过期（何时）或已吊销。
    不认识的令牌返回 None（统一答“未登录或令牌无效”）。"""
    if not key or not key.startswith("rm_"):
        return None
    token = ApiToken.objects.filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None:
        return None
    if token.revoked:
        return "这个 API 令牌已被吊销，请在个人资料页新建令牌。"
    if token.expires_at is not None and token.expires_at <= clock.now():
        return (f"这个 API 令牌已于 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}（北京时间）过期，"
                "请在个人资料页新建令牌。")
    return None


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


# --- 登录记录、登录会话、第二重验证 ---------------------------------------------------------------------

def _client(request) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    return request.META.get("REMOTE_ADDR") or None, (request.META.get("HTTP_USER_AGENT") or "")[:500]


def login_history_add(*, request, user: User, ok: bool, method: str = LoginMethod.PASSWORD, note: str = "") -> None:
    ip, ua = _client(request)
    LoginRecord.objects.create(user=user, at=clock.now(), ok=ok, method=method, note=note[:200], ip=ip, user_agent=ua)


def login_completed(*, request, user: User, method: str) -> None:
    """网页登录完成（auth.login 之后）：记登录记录与登录会话。"""
    login_history_add(request=request, user=user, ok=True, method=method)
    if request.session.session_key is None:
        request.session.save()
    ip, ua = _client(request)
    UserSession.objects.update_or_create(session_key=request.session.session_key, defaults={
        "user": user, "created_at": clock.now(), "method": method, "ip": ip, "user_agent": ua})


def _session_store(key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def sessions_active(user: User) -> list[UserSession]:
    """该用户仍然有效的网页会话（已过期或已退出的顺便清掉）。"""
    out = []
    for row in user.web_sessions.all():
        if _session_store(row.session_key).exists(row.session_key):
            out.append(row)
        else:
            row.delete()
    return out


@transaction.atomic
def session_revoke(*, actor: User, session: UserSession) -> None:
    """远程退出一个会话（删除服务器端会话，该浏览器下次访问须重新登录）。"""
    _session_store(session.session_key).delete(session.session_key)
    session.delete()
    record(Action.LOGOUT, obj=session.user, actor=actor,
           message=f"远程退出登录会话（{session.created_at:%Y-%m-%d %H:%M} 登录，IP {session.ip or '未知'}）")


def sessions_revoke_others(*, user: User, keep_session_key: str | None) -> int:
    count = 0
    for row in user.web_sessions.exclude(session_key=keep_session_key or ""):
        _session_store(row.session_key).delete(row.session_key)
        row.delete()
        count += 1
    return count


@transaction.atomic
def otp_confirm(*, actor: User, user: User, code: str) -> list[str]:
    """确认绑定手机验证器（输入验证器上的 6 位数字），返回新的恢复码（只显示一次）。"""
    device = otp.totp_device(user, confirmed=False)
    if device is None:
        raise ValidationError("请先打开绑定页面，用手机验证器扫描二维码。")
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6) or not device.verify_token(code):
        raise ValidationError({"code": "验证码不正确：请输入手机验证器上当前显示的 6 位数字（注意手机时间要准确）。"})
    otp.remove_all_except(user, keep=device)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = otp.new_recovery_codes(user)
    record(Action.UPDATE, obj=user, actor=actor, message="绑定第二重验证（手机验证器），生成恢复码")
    return codes


@transaction.atomic
def otp_recovery_regenerate(*, actor: User, user: User) -> list[str]:
    if not otp.has_second_factor(user):
        raise ValidationError("尚未绑定手机验证器。")
    codes = otp.new_recovery_codes(user)
    record(Action.UPDATE, obj=user, actor=actor, message="重新生成第二重验证的恢复码（旧恢复码作废）")
    return codes


@transaction.atomic
def otp_disable(*, actor: User, user: User, password: str) -> None:
    """本人解除绑定（须输入密码；按策略必须绑定的人不能解除，只能由管理员重置后重新绑定）。"""
    if not user.check_password(password):
        raise ValidationError({"password": "密码不正确。"})
    reason = otp.required_reason(user)
    if reason:
        raise ValidationError(f"{reason}，不能解除；换手机请联系系统管理员重置后重新绑定。")
    otp.remove_all(user)
    record(Action.UPDATE, obj=user, actor=actor, message="解除第二重验证")


@transaction.atomic
def otp_reset(*, actor: User, user: User) -> None:
    """系统管理员重置某人的第二重验证（换手机、丢手机）：删除验证器与恢复码，并退出其全部会话。"""
    _require_sysadmin(actor)
    otp.remove_all(user)
    sessions_revoke_others(user=user, keep_session_key=None)
    record(Action.PERMISSION, obj=user, actor=actor, message="管理员重置第二重验证（须重新绑定），并退出其全部登录会话")
