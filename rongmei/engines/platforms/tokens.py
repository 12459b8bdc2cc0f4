"""按账号缓存 access_token。

``TokenStore`` 是协议：这里提供内存实现，Django 侧提供数据库实现（加密存储）。
:class:`TokenManager` 在到期前 ``margin`` 秒主动刷新，并在平台报告凭证失效时强制刷新。
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

from .errors import MASK

__all__ = ["Token", "TokenStore", "InMemoryTokenStore", "TokenManager", "DEFAULT_REFRESH_MARGIN"]

DEFAULT_REFRESH_MARGIN = 300.0


@dataclass(frozen=True)
class Token:
    access_token: str
    expires_at: float  # epoch 秒
    refresh_token: str = ""
    refresh_expires_at: float | None = None
    extra: dict = field(default_factory=dict)  # 例如抖音/快手的 open_id

    def __repr__(self) -> str:
        return (
            f"Token(access_token={MASK!r}, expires_at={self.expires_at!r}, "
            f"refresh_token={(MASK if self.refresh_token else '')!r}, extra={self.extra!r})"
        )

    __str__ = __repr__

    def valid_for(self, now: float) -> float:
        return self.expires_at - now

    def to_dict(self) -> dict:
        return {
            "access_token": self.access_token,
            "expires_at": self.expires_at,
            "refresh_token": self.refresh_token,
            "refresh_expires_at": self.refresh_expires_at,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Token:
        return cls(
            access_token=data["access_token"],
            expires_at=float(data["expires_at"]),
            refresh_token=data.get("refresh_token") or "",
            refresh_expires_at=data.get("refresh_expires_at"),
            extra=dict(data.get("extra") or {}),
        )


@runtime_checkable
class TokenStore(Protocol):
    """按 key（通常是 ``"<platform>:<account_id>"``）保存 token。实现须线程安全。"""

    def get(self, key: str) -> Token | None: ...

    def set(self, key: str, token: Token) -> None: ...

    def delete(self, key: str) -> None: ...


class InMemoryTokenStore:
    """进程内的 TokenStore（测试与命令行使用）。"""

    def __init__(self) -> None:
        self._data: dict[str, Token] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Token | None:
        with self._lock:
            return self._data.get(key)

    def set(self, key: str, token: Token) -> None:
        with self._lock:
            self._data[key] = token

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def __repr__(self) -> str:
        return f"InMemoryTokenStore(keys={sorted(self._data)!r})"


class TokenManager:
    """取 token：缓存有效且离过期超过 ``margin`` 秒则直接用，否则调用 ``fetch(current)`` 获取新 token。

    ``fetch`` 收到当前（可能已过期的）token，便于用 refresh_token 刷新；返回新 :class:`Token`。
    """

    def __init__(
        self,
        store: TokenStore,
        key: str,
        fetch: Callable[[Token | None], Token],
        *,
        margin: float = DEFAULT_REFRESH_MARGIN,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.key = key
        self._fetch = fetch
        self.margin = margin
        self.clock = clock
        self._lock = threading.Lock()
        self.refresh_count = 0

    def get(self) -> Token:
        with self._lock:
            current = self.store.get(self.key)
            if current is not None and current.valid_for(self.clock()) > self.margin:
                return current
            return self._refresh(current)

    def force_refresh(self, rejected: Token | None = None) -> Token:
        """平台拒绝了 ``rejected``：若库里已是另一个（别的进程刚刷新过）就直接用，否则刷新。"""
        with self._lock:
            current = self.store.get(self.key)
            if (
                current is not None
                and rejected is not None
                and current.access_token != rejected.access_token
                and current.valid_for(self.clock()) > self.margin
            ):
                return current
            if current is not None:
                # 标记为已过期，fetch 可据此使用 refresh_token
                current = replace(current, expires_at=0.0)
            return self._refresh(current)

    def _refresh(self, current: Token | None) -> Token:
        token = self._fetch(current)
        self.refresh_count += 1
        self.store.set(self.key, token)
        return token
