"""HTTP 客户端基类：token、按错误码分类、重试、脱敏日志。各平台子类只声明差异。"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any, ClassVar

import httpx

from .errors import (
    AuthError,
    ConfigError,
    DeferError,
    ErrorInfo,
    ErrorKind,
    PlatformError,
    UncertainError,
    explain,
    mask_secrets,
    seconds_until_beijing_midnight,
)
from .models import Account, RetryPolicy
from .tokens import DEFAULT_REFRESH_MARGIN, InMemoryTokenStore, Token, TokenManager, TokenStore

__all__ = ["PlatformClient", "SecretMaskingFilter"]

logger = logging.getLogger("rongmei.platforms")


class SecretMaskingFilter(logging.Filter):
    """httpx 在 INFO 级别记录完整 URL（含 ?access_token=...）：挂在 httpx/httpcore 的 logger 上脱敏。"""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # pragma: no cover - 格式化失败就原样放行
            return True
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


_MASKING_FILTER = SecretMaskingFilter()
for _name in ("httpx", "httpcore", "httpcore.http11", "httpcore.http2", "httpcore.connection", "httpcore.proxy",
              "rongmei.platforms"):
    if not any(isinstance(f, SecretMaskingFilter) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(_MASKING_FILTER)


class PlatformClient:
    """一个平台账号的 API 客户端。

    子类须提供 ``platform``、``default_base_url``、``errors``，并实现 ``_error_of``（从响应中取错误码）；
    需要 token 的平台实现 ``_fetch_token`` 和 ``_apply_token``。
    """

    platform: ClassVar[str] = ""
    default_base_url: ClassVar[str] = ""
    errors: ClassVar[Mapping[int | str, ErrorInfo]] = {}
    uses_tokens: ClassVar[bool] = True
    required_credentials: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        account: Account,
        *,
        base_url: str | None = None,
        token_store: TokenStore | None = None,
        retry: RetryPolicy | None = None,
        http: httpx.Client | None = None,
        clock: Callable[[], float] = time.time,
        timeout: float = 30.0,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
    ) -> None:
        missing = [name for name in self.required_credentials if not account.credentials.get(name)]
        if missing:
            raise ConfigError(
                platform=self.platform,
                code="missing_credentials",
                raw_message=f"missing credentials: {', '.join(missing)}",
                explanation=f"账号凭证不完整，缺少：{'、'.join(missing)}",
                kind=ErrorKind.CONFIG,
            )
        self.account = account
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.retry = retry or RetryPolicy()
        self.clock = clock
        self._http = http or httpx.Client(timeout=timeout)
        self.token_store = token_store if token_store is not None else InMemoryTokenStore()
        self.tokens: TokenManager | None = None
        if self.uses_tokens:
            self.tokens = TokenManager(
                self.token_store,
                f"{self.platform}:{account.account_id}",
                self._fetch_token,
                margin=refresh_margin,
                clock=clock,
            )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(account={self.account!r}, base_url={self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    # --- hooks -----------------------------------------------------------------------------------

    def _fetch_token(self, current: Token | None) -> Token:  # pragma: no cover - abstract
        raise NotImplementedError

    def _apply_token(self, token: Token, params: dict, headers: dict, data: dict | None) -> None:
        params["access_token"] = token.access_token

    def _error_of(self, response: httpx.Response, body: Any) -> tuple[int | str, str] | None:
        """返回 (错误码, 原始信息)；成功返回 None。"""
        raise NotImplementedError  # pragma: no cover

    # --- helpers ---------------------------------------------------------------------------------

    def secrets(self) -> list[str]:
        values = self.account.secret_values()
        if self.tokens is not None:
            current = self.token_store.get(self.tokens.key)
            if current is not None:
                values += [current.access_token, current.refresh_token]
        return [v for v in values if v]

    def mask(self, text: str) -> str:
        return mask_secrets(text, self.secrets())

    def make_error(
        self, info: ErrorInfo, code: int | str, raw: str, *, http_status: int | None = None, endpoint: str = ""
    ) -> PlatformError:
        common = dict(
            platform=self.platform,
            code=code,
            raw_message=self.mask(raw),
            explanation=self.mask(info.zh),
            http_status=http_status,
            endpoint=endpoint,
        )
        if info.kind is ErrorKind.RATE:
            wait = info.retry_after if info.retry_after is not None else seconds_until_beijing_midnight(self.clock())
            return DeferError(retry_after=wait, **common)
        if info.kind is ErrorKind.AUTH:
            return AuthError(kind=ErrorKind.AUTH, retryable=False, **common)
        if info.kind is ErrorKind.CONFIG:
            return ConfigError(kind=ErrorKind.CONFIG, retryable=False, **common)
        if info.kind is ErrorKind.UNCERTAIN:
            return UncertainError(kind=ErrorKind.UNCERTAIN, retryable=False, **common)
        retryable = info.kind in (ErrorKind.BUSY, ErrorKind.NETWORK)
        return PlatformError(kind=info.kind, retryable=retryable, **common)

    def _url(self, path: str, base_url: str | None) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return (base_url or self.base_url).rstrip("/") + "/" + path.lstrip("/")

    # --- the one request loop --------------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        data: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        unsafe: bool = False,
        ok_codes: Collection[int | str] = (),
        base_url: str | None = None,
    ) -> Any:
        """发请求并返回解析后的 JSON。

        * 凭证失效：刷新 token 后重试一次；
        * 平台繁忙 / 连接失败：按 ``RetryPolicy`` 有限次重试（带抖动）；
        * 配额/频率：抛 :class:`DeferError`；其余错误：抛 :class:`PlatformError`（含中文说明）。
        * ``unsafe=True`` 表示请求有副作用（发表、发帖）：请求已发出但没收到响应时不重试，
          抛 :class:`UncertainError`，由上层对账，避免重复发布。
        """
        url = self._url(path, base_url)
        endpoint = httpx.URL(url).path
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            token, q, h, d, body_bytes = self._prepare(params, headers, data, json_body, content, auth=auth)
            started = time.monotonic()
            try:
                response = self._http.request(method, url, params=q, headers=h, data=d, files=files, content=body_bytes)
            except httpx.TransportError as exc:
                self._on_transport_error(exc, method, endpoint, unsafe=unsafe, attempt=attempt)
                continue  # _on_transport_error raised unless a retry is due (it has slept)
            elapsed_ms = (time.monotonic() - started) * 1000
            body, err = self._parse(response)
            self._log_response(method, endpoint, response, err, elapsed_ms)
            if err is None or err[0] in ok_codes:
                return body
            code, raw = err
            info = self._classify(code, raw, response)
            if info.kind is ErrorKind.AUTH and auth and self.tokens is not None and not refreshed:
                refreshed = True  # a token the platform no longer accepts: refresh it once and resend
                self.tokens.force_refresh(token)
                continue
            if info.kind in (ErrorKind.BUSY, ErrorKind.NETWORK) and attempt < self.retry.max_attempts:
                self.retry.sleep(self.retry.delay(attempt))
                continue
            if info.kind is ErrorKind.AUTH and refreshed:
                info = ErrorInfo(ErrorKind.AUTH, info.zh + "（已自动刷新凭证仍失败，请检查账号授权）")
            raise self.make_error(info, code, raw, http_status=response.status_code, endpoint=endpoint)

    def _prepare(
        self,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        data: Mapping[str, Any] | None,
        json_body: Any,
        content: bytes | None,
        *,
        auth: bool,
    ) -> tuple[Token | None, dict, dict, dict | None, bytes | None]:
        """Fresh copies of query, headers and form for one attempt, with the current token applied
        (it may have been refreshed since the last attempt) and a JSON body encoded as UTF-8."""
        q: dict = dict(params or {})
        h: dict = dict(headers or {})
        d: dict | None = dict(data) if data is not None else None
        token: Token | None = None
        if auth and self.tokens is not None:
            token = self.tokens.get()
            self._apply_token(token, q, h, d)
        body_bytes = content
        if json_body is not None:
            body_bytes = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            h.setdefault("Content-Type", "application/json; charset=utf-8")
        return token, q, h, d, body_bytes

    def _on_transport_error(self, exc: httpx.TransportError, method: str, endpoint: str, *, unsafe: bool,
                            attempt: int) -> None:
        """No response. A request with side effects that may have been sent is never resent
        (UncertainError, reconciled later); otherwise sleep and return while retries remain, then fail."""
        sent = not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
        logger.warning("%s %s %s 网络错误：%s", self.platform, method, endpoint, type(exc).__name__)
        if unsafe and sent:
            raise UncertainError(
                platform=self.platform,
                code="network",
                raw_message=self.mask(f"{type(exc).__name__}: {exc}"),
                explanation="请求已发出但未收到平台响应，无法确认是否已发布；为避免重复发布不会自动重试，请到平台后台核实",
                kind=ErrorKind.UNCERTAIN,
                endpoint=endpoint,
            ) from None
        if attempt < self.retry.max_attempts:
            self.retry.sleep(self.retry.delay(attempt))
            return
        raise PlatformError(
            platform=self.platform,
            code="network",
            raw_message=self.mask(f"{type(exc).__name__}: {exc}"),
            explanation="无法连接平台接口（网络故障或代理不可用），稍后会自动重试",
            kind=ErrorKind.NETWORK,
            retryable=True,
            endpoint=endpoint,
        ) from None

    def _parse(self, response: httpx.Response) -> tuple[Any, tuple[int | str, str] | None]:
        """(JSON body or None, (error code, raw message) or None). A non-JSON answer is an HTTP error."""
        try:
            body = response.json()
        except ValueError:
            body = None
        err = self._error_of(response, body)
        if err is None and body is None:
            err = (f"http_{response.status_code}", f"HTTP {response.status_code}: {response.text[:200]}")
        return body, err

    def _log_response(self, method: str, endpoint: str, response: httpx.Response,
                      err: tuple[int | str, str] | None, elapsed_ms: float) -> None:
        logger.info(
            "%s %s %s -> HTTP %s%s (%.0f ms)",
            self.platform,
            method,
            endpoint,
            response.status_code,
            "" if err is None else f" 错误码 {err[0]}",
            elapsed_ms,
        )

    def _classify(self, code: int | str, raw: str, response: httpx.Response) -> ErrorInfo:
        if isinstance(code, str) and code.startswith("http_"):
            if response.status_code >= 500:
                return ErrorInfo(ErrorKind.BUSY, f"平台服务暂不可用（HTTP {response.status_code}）")
            if response.status_code in (401, 403):
                return ErrorInfo(ErrorKind.AUTH, f"平台拒绝访问（HTTP {response.status_code}），凭证可能已失效")
            return ErrorInfo(ErrorKind.PERMANENT, f"平台返回异常响应（HTTP {response.status_code}）")
        return explain(self.errors, code, raw)
