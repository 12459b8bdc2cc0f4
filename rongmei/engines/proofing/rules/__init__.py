"""各类规则的实现。每个模块提供 ``run(ctx, compiled) -> list[Finding]``。"""

from __future__ import annotations

from ..compiled import Compiled
from ..context import Context
from ..finding import Finding


def make(
    ctx: Context,
    c: Compiled,
    start: int,
    end: int,
    category: str,
    rule: str,
    severity: str,
    suggestion: str | None,
    message: str,
) -> Finding:
    return Finding(
        start=start,
        end=end,
        text=ctx.text[start:end],
        category=category,
        rule=rule,
        severity=severity,
        suggestion=suggestion,
        message=message,
        rulepack=c.version,
    )
