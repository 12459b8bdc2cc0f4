"""抖音、快手共用：用调用方传入的授权结果作为初始 token，过期前用 refresh_token 换新。"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .errors import AuthError, ErrorKind
from .tokens import Token


def seed_or_refresh(
    *,
    platform: str,
    credentials: Mapping[str, str],
    current: Token | None,
    now: float,
    margin: float,
    refresh: Callable[[str], Token],
) -> Token:
    """``current`` 为空时先试凭证里的 access_token；否则（或已临近过期）用 refresh_token 刷新。"""
    if current is None and credentials.get("access_token"):
        expires_at = float(credentials.get("expires_at") or 0)
        seed = Token(
            access_token=credentials["access_token"],
            expires_at=expires_at,
            refresh_token=credentials.get("refresh_token", ""),
            extra={"open_id": credentials.get("open_id", "")},
        )
        if expires_at - now > margin:
            return seed
        current = seed
    refresh_token = (current.refresh_token if current else "") or credentials.get("refresh_token", "")
    if not refresh_token:
        raise AuthError(
            platform=platform,
            code="no_refresh_token",
            raw_message="no refresh_token",
            explanation="授权已过期且没有刷新令牌，请账号管理员重新授权",
            kind=ErrorKind.AUTH,
        )
    return refresh(refresh_token)
