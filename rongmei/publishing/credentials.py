"""平台凭证（加密存储）、数据库令牌库与适配器构造。

* 凭证是 ``{字段名: 值}`` 的 JSON，整体用 :func:`rongmei.core.crypto.encrypt` 加密后入库；
  界面只显示打码后的值（:func:`masked_credentials`），日志与审计不出现明文。
* :class:`DbTokenStore` 实现引擎的 ``TokenStore`` 协议，令牌同样加密。
* :func:`adapter_for` 给发布任务用；:func:`stats_client_for` 给数据统计功能用。
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from rongmei.core import crypto
from rongmei.engines.platforms import (
    Account,
    Adapter,
    ConfigError,
    RetryPolicy,
    Token,
    get_adapter,
    platform_meta,
)
from rongmei.engines.platforms.authorization import OAUTH_PLATFORMS
from rongmei.engines.platforms.registry import PLATFORM_CODES

from .models import AccountCredential, PlatformToken

log = logging.getLogger(__name__)


def account_key(account) -> str:
    """交给适配器的账号标识（也是令牌键的一部分）：本系统的账号编号，稳定且不含机密。"""
    return f"acc{account.pk}"


def is_supported(code: str) -> bool:
    return code in PLATFORM_CODES


def is_automatic(code: str) -> bool:
    return is_supported(code) and platform_meta(code).automatic


def load_credentials(account) -> dict[str, str]:
    """解密账号凭证；没有凭证返回空字典。"""
    cred = AccountCredential.objects.filter(account=account).first()
    if cred is None:
        return {}
    return json.loads(crypto.decrypt(cred.encrypted))


def masked_credentials(account) -> dict[str, str]:
    """界面展示用：机密字段打码，非机密字段原样（如 AppID）。"""
    values = load_credentials(account)
    if not values or not is_supported(account.platform.code):
        return {}
    secret = {f.name for f in platform_meta(account.platform.code).credential_fields if f.secret}
    return {k: (crypto.mask(v) if k in secret or k not in _field_names(account) else v) for k, v in values.items()}


def _field_names(account) -> set[str]:
    return {f.name for f in platform_meta(account.platform.code).credential_fields}


class DbTokenStore:
    """数据库里的 TokenStore（加密）。多个 worker 共用，行级更新即可保证一致。"""

    def get(self, key: str) -> Token | None:
        row = PlatformToken.objects.filter(key=key).first()
        if row is None:
            return None
        try:
            return Token.from_dict(json.loads(crypto.decrypt(row.encrypted)))
        except ValueError:
            log.warning("令牌无法解密，已忽略：%s", key)
            return None

    def set(self, key: str, token: Token) -> None:
        PlatformToken.objects.update_or_create(
            key=key, defaults={"encrypted": crypto.encrypt(json.dumps(token.to_dict())), "expires_at": token.expires_at}
        )

    def delete(self, key: str) -> None:
        PlatformToken.objects.filter(key=key).delete()


def retry_policy() -> RetryPolicy:
    """平台繁忙时的重试策略（测试里替换为不等待的版本）。"""
    return RetryPolicy(max_attempts=3, base_delay=2.0, max_delay=20.0)


def base_url_for(code: str) -> str | None:
    return (getattr(settings, "PLATFORM_BASE_URLS", {}) or {}).get(code) or None


def adapter_for(account) -> Adapter:
    """发布用的适配器。自动平台缺凭证时抛 :class:`ConfigError`（中文说明），人工平台不需要凭证。"""
    code = account.platform.code
    if not is_supported(code):
        raise ConfigError(platform=code, code="unknown_platform", raw_message=code,
                          explanation=f"系统暂不支持向“{account.platform.name}”发布，请人工发布后登记")
    meta = platform_meta(code)
    if meta.manual:
        return get_adapter(code, account=Account(account_key(account)))
    creds = load_credentials(account)
    if not creds:
        raise ConfigError(platform=code, code="no_credentials", raw_message="no credentials",
                          explanation=f"账号“{account.name}”尚未设置{meta.name}接口凭证，请技术维护人员在“平台凭证”中填写")
    return get_adapter(code, account=Account(account_key(account), creds), base_url=base_url_for(code),
                       token_store=DbTokenStore(), retry=retry_policy())


def stats_client_for(account) -> Adapter | None:
    """数据统计用的适配器（``adapter.fetch_metrics(start, end)``）；账号没有凭证或平台没有接口时返回 None。"""
    code = account.platform.code
    if not is_supported(code):
        return None
    meta = platform_meta(code)
    if meta.manual or not meta.has_metrics:
        return None
    creds = load_credentials(account)
    if not creds:
        return None
    return get_adapter(code, account=Account(account_key(account), creds), base_url=base_url_for(code),
                       token_store=DbTokenStore(), retry=retry_policy())


# --- OAuth 授权（抖音、快手、微博） -------------------------------------------------------------------

REAUTH_WARNING_DAYS = 7


def supports_oauth(code: str) -> bool:
    return code in OAUTH_PLATFORMS


def token_key(account) -> str:
    return f"{account.platform.code}:{account_key(account)}"


def tokens_for(accounts) -> dict[int, Token]:
    """一次查询取多个账号的令牌（解密）。"""
    by_key = {token_key(a): a.pk for a in accounts}
    out: dict[int, Token] = {}
    for row in PlatformToken.objects.filter(key__in=list(by_key)):
        try:
            out[by_key[row.key]] = Token.from_dict(json.loads(crypto.decrypt(row.encrypted)))
        except ValueError:
            log.warning("令牌无法解密，已忽略：%s", row.key)
    return out


def authorization_info(account, cred_row, token: Token | None, now: float | None = None) -> dict | None:
    """授权到期情况：令牌/刷新令牌到期时间，以及是否需要重新授权（截止时间在 7 天内或已过）。

    截止时间：有刷新令牌时看刷新令牌，否则（微博）看授权令牌。非 OAuth 平台返回 None。"""
    if not supports_oauth(account.platform.code) or cred_row is None:
        return None
    now = time.time() if now is None else now
    creds = json.loads(crypto.decrypt(cred_row.encrypted))

    def num(value) -> float | None:
        try:
            return float(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    if token is not None:
        access, refresh, has_refresh = token.expires_at, token.refresh_expires_at, bool(token.refresh_token)
    else:
        access, refresh = num(creds.get("expires_at")), num(creds.get("refresh_expires_at"))
        has_refresh = bool(creds.get("refresh_token"))
    if not (creds.get("access_token") or creds.get("refresh_token") or token):
        return {"authorized": False, "expires_at": None, "refresh_expires_at": None, "needs_reauth": False,
                "expired": False}
    deadline = refresh if has_refresh else access

    def when(ts):
        return dt.datetime.fromtimestamp(ts, tz=timezone.get_current_timezone()) if ts else None

    return {
        "authorized": True,
        "expires_at": when(access),
        "refresh_expires_at": when(refresh) if has_refresh else None,
        "needs_reauth": deadline is not None and deadline - now < REAUTH_WARNING_DAYS * 86400,
        "expired": deadline is not None and deadline <= now,
    }


def oauth_redirect_uri(request, workspace) -> str:
    """授权回调地址：默认按当前请求的主机名生成；内网部署可用 ``settings.PLATFORM_OAUTH_REDIRECT_BASE``
    （如 ``https://rongmei.example.gov.cn``）指定平台能回跳到的外部地址（须与平台应用登记的回调地址一致）。"""
    path = reverse("publishing:oauth_callback", kwargs={"ws": workspace.slug})
    base = (getattr(settings, "PLATFORM_OAUTH_REDIRECT_BASE", "") or "").rstrip("/")
    return base + path if base else request.build_absolute_uri(path)
