"""当前操作的上下文（谁、从哪里、哪个请求），供审计日志使用。Web、API、CLI 与后台任务都设置它。"""

from __future__ import annotations

import contextlib
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class OpContext:
    actor_id: int | None = None
    actor_label: str = ""
    source: str = "system"  # web | api | cli | job | system
    request_id: str = ""
    ip: str | None = None


_current: ContextVar[OpContext] = ContextVar("rongmei_op_context", default=OpContext())  # noqa: B039 (不可变 dataclass)


def current() -> OpContext:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


@contextlib.contextmanager
def operation(**changes):
    """在 with 块内覆盖上下文字段；未给 request_id 时生成一个。"""
    base = _current.get()
    if "request_id" not in changes and not base.request_id:
        changes["request_id"] = new_request_id()
    token = _current.set(replace(base, **changes))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def set_actor(user) -> None:
    ctx = _current.get()
    _current.set(replace(ctx, actor_id=user.pk, actor_label=user_label(user)))


def user_label(user) -> str:
    if user is None:
        return ""
    name = getattr(user, "display_name", "") or ""
    return f"{name}（{user.username}）" if name else user.username
