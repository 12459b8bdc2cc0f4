"""OAuth 授权码流程（抖音、快手、微博）：生成授权页地址、用授权码换令牌。纯 Python，不依赖 Django。

    url = authorize_url("douyin", app_key, redirect_uri, state)          # 把浏览器重定向过去
    token = exchange_code("douyin", credentials, code, redirect_uri)     # 回调里用 code 换令牌

``exchange_code`` 返回 :class:`Token`（含 refresh_token、到期时间；``extra`` 里有抖音/快手的 ``open_id``、
微博的 ``uid``），失败抛 :class:`PlatformError`（带平台错误码和中文说明，已脱敏）。
授权码只能用一次、几分钟内有效；重复使用、过期、与回调地址不符都会得到明确的中文说明。
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from .douyin.client import DOUYIN_ERRORS, DouyinClient
from .errors import ConfigError, ErrorInfo, ErrorKind
from .kuaishou.client import KUAISHOU_ERRORS, KuaishouClient
from .models import Account, RetryPolicy
from .tokens import Token
from .weibo.client import WEIBO_ERRORS, WeiboClient

__all__ = ["OAUTH_PLATFORMS", "OAuthSpec", "oauth_spec", "authorize_url", "exchange_code"]

A, C, P = ErrorKind.AUTH, ErrorKind.CONFIG, ErrorKind.PERMANENT
_REDO = "，请重新点击“授权账号”"

# 授权码换令牌时的错误码（抖音/快手的具体码值未公开确认，见 docs/platforms.md）。
DOUYIN_OAUTH_ERRORS: dict[int | str, ErrorInfo] = {
    **DOUYIN_ERRORS,
    10007: ErrorInfo(A, "抖音授权码无效、已过期或已被使用（授权码 10 分钟内有效且只能用一次）" + _REDO),
    10013: ErrorInfo(C, "抖音 Client Key 或 Client Secret 错误，请检查账号凭证"),
    10005: ErrorInfo(P, "换取令牌缺少参数"),
}
KUAISHOU_OAUTH_ERRORS: dict[int | str, ErrorInfo] = {
    **KUAISHOU_ERRORS,
    100200100: ErrorInfo(A, "快手授权码无效、已过期或已被使用（也可能是参数错误）" + _REDO),
}
WEIBO_OAUTH_ERRORS: dict[int | str, ErrorInfo] = {
    **WEIBO_ERRORS,
    21322: ErrorInfo(C, "回调地址与微博应用里登记的“授权回调页”不一致，请在微博开放平台修改应用设置"),
    21323: ErrorInfo(P, "微博授权请求不合法"),
    21324: ErrorInfo(C, "微博 App Key 或 App Secret 错误，请检查账号凭证"),
    21325: ErrorInfo(A, "微博授权码无效、已过期或已被使用" + _REDO),
    21330: ErrorInfo(A, "用户拒绝授权"),
}


@dataclass(frozen=True)
class OAuthSpec:
    platform: str
    name: str
    authorize_path: str
    key_param: str  # 授权页上应用标识参数名
    key_field: str  # 账号凭证里的应用标识字段
    secret_field: str
    default_scopes: tuple[str, ...]
    scope_separator: str = ","


OAUTH_PLATFORMS: dict[str, OAuthSpec] = {
    "douyin": OAuthSpec("douyin", "抖音", "/platform/oauth/connect/", "client_key", "client_key", "client_secret",
                        ("user_info", "video.create", "video.data", "data.external.user")),
    "kuaishou": OAuthSpec("kuaishou", "快手", "/oauth2/authorize", "app_id", "app_id", "app_secret",
                          ("user_info", "user_video_publish", "user_video_info")),
    "weibo": OAuthSpec("weibo", "新浪微博", "/oauth2/authorize", "client_id", "app_key", "app_secret", ("all",)),
}

_BASE = {"douyin": DouyinClient.default_base_url, "kuaishou": KuaishouClient.default_base_url,
         "weibo": WeiboClient.default_base_url}


def oauth_spec(platform: str) -> OAuthSpec:
    spec = OAUTH_PLATFORMS.get(platform)
    if spec is None:
        raise ConfigError(platform=platform, code="no_oauth", raw_message=platform,
                          explanation="该平台不支持在系统内授权账号", kind=ErrorKind.CONFIG)
    return spec


def authorize_url(platform: str, app_key: str, redirect_uri: str, state: str,
                  scopes: tuple[str, ...] | list[str] | None = None, *, base_url: str | None = None) -> str:
    """平台授权页地址（浏览器重定向过去；用户同意后平台带 ``code`` 与 ``state`` 回到 ``redirect_uri``）。"""
    spec = oauth_spec(platform)
    if not app_key:
        raise ConfigError(platform=platform, code="missing_credentials", raw_message=spec.key_field,
                          explanation=f"账号凭证缺少{spec.key_field}，请先在“设置”中填写应用信息", kind=ErrorKind.CONFIG)
    params = {spec.key_param: app_key, "response_type": "code",
              "scope": spec.scope_separator.join(scopes or spec.default_scopes),
              "redirect_uri": redirect_uri, "state": state}
    if platform == "kuaishou":
        params["ua"] = "pc"
    return (base_url or _BASE[platform]).rstrip("/") + spec.authorize_path + "?" + urlencode(params)


# --- 换令牌的客户端：沿用各平台客户端的错误解析、重试与脱敏，但不需要（也没有）令牌 ----------------------


class _DouyinOAuth(DouyinClient):
    uses_tokens = False
    required_credentials = ("client_key", "client_secret")
    errors = DOUYIN_OAUTH_ERRORS

    def exchange(self, code: str, redirect_uri: str) -> Token:
        cred = self.account.credentials
        body = self.call("POST", "/oauth/access_token/", auth=False,
                         data={"client_key": cred["client_key"], "client_secret": cred["client_secret"],
                               "code": code, "grant_type": "authorization_code"})
        d = body["data"]
        now = self.clock()
        return Token(access_token=d["access_token"], expires_at=now + float(d.get("expires_in", 1296000)),
                     refresh_token=d.get("refresh_token", ""),
                     refresh_expires_at=now + float(d.get("refresh_expires_in", 2592000)),
                     extra={"open_id": d.get("open_id", ""), "scope": d.get("scope", "")})


class _KuaishouOAuth(KuaishouClient):
    uses_tokens = False
    required_credentials = ("app_id", "app_secret")
    errors = KUAISHOU_OAUTH_ERRORS

    def exchange(self, code: str, redirect_uri: str) -> Token:
        cred = self.account.credentials
        body = self.call("GET", "/oauth2/access_token", auth=False,
                         params={"app_id": cred["app_id"], "app_secret": cred["app_secret"], "code": code,
                                 "grant_type": "authorization_code"})
        now = self.clock()
        return Token(access_token=body["access_token"], expires_at=now + float(body.get("expires_in", 172800)),
                     refresh_token=body.get("refresh_token", ""),
                     refresh_expires_at=now + float(body.get("refresh_token_expires_in", 15552000)),
                     extra={"open_id": body.get("open_id", ""), "scope": ",".join(body.get("scopes") or [])})


class _WeiboOAuth(WeiboClient):
    uses_tokens = False
    required_credentials = ("app_key", "app_secret")
    errors = WEIBO_OAUTH_ERRORS

    def exchange(self, code: str, redirect_uri: str) -> Token:
        cred = self.account.credentials
        body = self.call("POST", "/oauth2/access_token", auth=False,
                         data={"client_id": cred["app_key"], "client_secret": cred["app_secret"],
                               "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri})
        # 网站应用没有 refresh_token：授权到期即须重新授权
        return Token(access_token=body["access_token"], expires_at=self.clock() + float(body.get("expires_in", 86400)),
                     extra={"uid": str(body.get("uid", ""))})


_CLIENTS = {"douyin": _DouyinOAuth, "kuaishou": _KuaishouOAuth, "weibo": _WeiboOAuth}


def exchange_code(platform: str, credentials: Mapping[str, str], code: str, redirect_uri: str, *,
                  base_url: str | None = None, http: httpx.Client | None = None, retry: RetryPolicy | None = None,
                  clock: Callable[[], float] = time.time) -> Token:
    """用授权码换令牌。``credentials`` 为账号凭证（须含应用标识与密钥）。失败抛 :class:`PlatformError`。"""
    oauth_spec(platform)
    kwargs: dict[str, Any] = dict(base_url=base_url, http=http, retry=retry, clock=clock)
    client = _CLIENTS[platform](Account(f"{platform}-oauth", dict(credentials)), **kwargs)
    try:
        return client.exchange(code, redirect_uri)
    finally:
        if http is None:
            client.close()
