"""平台错误的分类、中文说明与脱敏。

每个平台提供一张 “错误码 → (类别, 中文说明)” 表；客户端按类别决定动作：

* ``AUTH``      凭证过期/失效：刷新 token 后重试一次；
* ``RATE``      配额或频率限制：抛出 :class:`DeferError`，由队列在 ``retry_after`` 秒后再试；
* ``BUSY``      平台繁忙：有限次数、带抖动地重试；
* ``CONFIG``    账号配置错误（AppSecret 错、IP 白名单等）：不重试，需管理员处理；
* ``PERMANENT`` 其他错误（内容不合规、参数错误等）：不重试，把中文说明展示给运营人员；
* ``UNCERTAIN`` 请求可能已生效但结果未知：不重试，需人工到平台后台核实（防止重复发布）。
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "ErrorKind",
    "ErrorInfo",
    "PlatformError",
    "DeferError",
    "AuthError",
    "ConfigError",
    "UncertainError",
    "explain",
    "mask_secrets",
    "seconds_until_beijing_midnight",
]


class ErrorKind(StrEnum):
    AUTH = "auth"
    RATE = "rate"
    BUSY = "busy"
    CONFIG = "config"
    PERMANENT = "permanent"
    UNCERTAIN = "uncertain"
    NETWORK = "network"


@dataclass(frozen=True)
class ErrorInfo:
    kind: ErrorKind
    zh: str
    retry_after: float | None = None  # 仅 RATE：固定等待秒数；None 表示“等到北京时间次日零点”


class PlatformError(Exception):
    """平台调用失败。属性均已脱敏，可直接写入日志、数据库和界面。"""

    def __init__(
        self,
        *,
        platform: str,
        code: int | str | None,
        raw_message: str,
        explanation: str,
        kind: ErrorKind = ErrorKind.PERMANENT,
        retryable: bool = False,
        http_status: int | None = None,
        endpoint: str = "",
    ) -> None:
        self.platform = platform
        self.code = code
        self.raw_message = mask_secrets(raw_message)
        self.explanation = mask_secrets(explanation)
        self.kind = kind
        self.retryable = retryable
        self.http_status = http_status
        self.endpoint = endpoint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        code = "" if self.code is None else f"[{self.code}] "
        return f"{self.platform} {code}{self.explanation}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(platform={self.platform!r}, code={self.code!r}, kind={self.kind.value!r}, "
            f"retryable={self.retryable!r}, explanation={self.explanation!r}, raw_message={self.raw_message!r})"
        )

    def as_dict(self) -> dict:
        """可 JSON 序列化的摘要，供发布队列保存为 last_response。"""
        return {
            "platform": self.platform,
            "code": self.code,
            "kind": self.kind.value,
            "retryable": self.retryable,
            "explanation": self.explanation,
            "raw_message": self.raw_message,
            "http_status": self.http_status,
            "endpoint": self.endpoint,
            "retry_after": getattr(self, "retry_after", None),
        }


class DeferError(PlatformError):
    """配额/频率限制：稍后（``retry_after`` 秒后）再试，不计为失败。"""

    def __init__(self, *, retry_after: float, **kwargs) -> None:
        self.retry_after = float(retry_after)
        kwargs.setdefault("kind", ErrorKind.RATE)
        kwargs["retryable"] = True
        super().__init__(**kwargs)


class AuthError(PlatformError):
    """凭证无效且刷新后仍失败，或需要重新授权。"""


class ConfigError(PlatformError):
    """调用方配置错误（缺少凭证字段、内容类型不支持等），不重试。"""


class UncertainError(PlatformError):
    """请求可能已在平台生效但无法确认，为避免重复发布不自动重试。"""


def explain(table: Mapping[int | str, ErrorInfo], code: int | str, raw_message: str) -> ErrorInfo:
    """按错误码查中文说明；未知错误码返回“平台返回错误码 N：原文”（归为永久失败）。"""
    info = table.get(code)
    if info is None and isinstance(code, str) and code.lstrip("-").isdigit():
        info = table.get(int(code))
    if info is None:
        return ErrorInfo(ErrorKind.PERMANENT, f"平台返回错误码 {code}：{mask_secrets(raw_message)}")
    return info


def seconds_until_beijing_midnight(now: float) -> float:
    """距北京时间次日 00:05 的秒数（日配额在零点重置，多留 5 分钟余量）。"""
    tz = dt.timezone(dt.timedelta(hours=8))
    current = dt.datetime.fromtimestamp(now, tz)
    tomorrow = (current + dt.timedelta(days=1)).replace(hour=0, minute=5, second=0, microsecond=0)
    return max(60.0, (tomorrow - current).total_seconds())


# --- 脱敏 -----------------------------------------------------------------------------------------

_SECRET_NAMES = (
    r"access[_-]token|refresh[_-]token|app[_-]?secret|client[_-]secret|secret|app[_-]token|"
    r"upload[_-]token|password|authorization"
)
_PATTERNS = [
    # query / form:  access_token=abc&   secret=xyz
    re.compile(rf"(?i)\b({_SECRET_NAMES})=([^&\s\"']+)"),
    # JSON / repr:  "access_token": "abc"   'secret': 'abc'
    re.compile(rf"(?i)([\"']?(?:{_SECRET_NAMES})[\"']?\s*[:=]\s*[\"'])([^\"']+)([\"'])"),
    # headers:  access-token: act.xxx
    re.compile(rf"(?i)\b({_SECRET_NAMES}):\s*(?![\"'])(\S+)"),
]
_KNOWN_PREFIXES = re.compile(r"\b(act|rft|clt)\.[A-Za-z0-9._\-*]{6,}")
MASK = "***"


def mask_secrets(text: str, secrets: Iterable[str] = ()) -> str:
    """把文本中的 token、密钥替换为 ***。``secrets`` 为已知的敏感值（逐字替换）。"""
    if not text:
        return text
    out = str(text)
    for value in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        out = out.replace(value, MASK)
    out = _PATTERNS[0].sub(lambda m: f"{m.group(1)}={MASK}", out)
    out = _PATTERNS[1].sub(lambda m: f"{m.group(1)}{MASK}{m.group(3)}", out)
    out = _PATTERNS[2].sub(lambda m: f"{m.group(1)}: {MASK}", out)
    out = _KNOWN_PREFIXES.sub(lambda m: f"{m.group(1)}.{MASK}", out)
    return out
