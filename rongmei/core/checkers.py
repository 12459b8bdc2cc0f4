"""自动检查器注册表：审核流程中“自动检查”环节调用的检查器（如 AI 审校）。

检查器是一个对象，方法 ``check(text: str, *, workspace) -> list[dict]``，每条结果至少含
start、end、text、category、rule、severity（高/中/低）、suggestion、message。
由提供检查能力的应用在 AppConfig.ready() 里 ``register("ai_proofread", "AI 审校", factory)``。
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckerInfo:
    key: str
    label: str
    factory: Callable[[], object]


_CHECKERS: dict[str, CheckerInfo] = {}


def register(key: str, label: str, factory: Callable[[], object]) -> None:
    _CHECKERS[key] = CheckerInfo(key, label, factory)


def get(key: str):
    try:
        return _CHECKERS[key].factory()
    except KeyError:
        raise LookupError(f"未注册的自动检查器：{key}") from None


def available() -> dict[str, str]:
    return {k: v.label for k, v in _CHECKERS.items()}
