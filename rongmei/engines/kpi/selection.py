"""Choosing the facts an obligation counts, their evidence rows, and the target of a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .contract import Contract, Obligation, Selector
from .facts import Fact, FactSet
from .results import Evidence, EvidenceRef, PeriodInfo

__all__ = ["select_facts", "evidence_of", "period_target", "field_value", "obligation_window"]


def _where_check(field_name: str, op: str, expected) -> Callable[[Fact], bool]:
    """One ``where`` condition of a selector as a predicate."""
    if op == "eq":
        return lambda f: f.get(field_name) == expected
    if op == "in":
        return lambda f: f.get(field_name) in expected
    if op == "contains":
        return lambda f: expected in str(f.get(field_name) or "")
    if op == "min":
        return lambda f: f.get(field_name) is not None and f.get(field_name) >= expected
    return lambda f: f.get(field_name) is not None and f.get(field_name) <= expected  # "max"


def _predicate(sel: Selector) -> Callable[[Fact], bool] | None:
    """All of the selector's conditions (kinds, metric names, where) as one predicate; None when there are none."""
    checks: list[Callable[[Fact], bool]] = []
    if sel.kinds:
        kinds = frozenset(sel.kinds)
        checks.append(lambda f: f.kind in kinds)
    if sel.names:
        names = frozenset(n for n, _ in sel.names)
        checks.append(lambda f: f.name in names)
    checks += [_where_check(name, op, value) for name, op, value in sel.where]
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda f: all(check(f) for check in checks)


def select_facts(facts: FactSet, sel: Selector, start: dt.date | None, end: dt.date | None) -> list[Fact]:
    """按选择器选取 [start, end] 内的事实，按日期排序。"""
    items = facts.select(sel.type, sel.platforms, start, end)
    pred = _predicate(sel)
    return items if pred is None else [f for f in items if pred(f)]


def evidence_of(items: list[Fact], cap: int, value: Callable[[Fact], float | None] | None = None) -> Evidence:
    refs = [
        EvidenceRef(f.ref, f.date, f.type, f.platform, f.kind, f.item, f.url, value(f) if value else None)
        for f in items[:cap]
    ]
    return Evidence(len(items), refs, len(items) > cap)


def obligation_window(ob: Obligation, period: PeriodInfo, as_of: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(first day, last day, last day counted so far) of an obligation inside a period.

    The window is the period narrowed to the obligation's own start/end (and a level's deadline); facts
    after the as-of date are never counted. The evidence page uses the same window.
    """
    start = max(period.start, ob.start or period.start)
    end = min(period.end, ob.end or period.end)
    if ob.measure == "level" and ob.deadline:
        end = min(end, ob.deadline)
    return start, end, min(end, as_of)


def period_target(ob: Obligation, period: PeriodInfo, contract: Contract) -> float | None:
    """某考核期的目标值：有明确基准（月/半年/年）用基准，否则按月数折算；按单位计的义务不折算。"""
    if ob.target is None:
        return None
    if ob.per != "period" or ob.measure in ("share", "level", "growth", "max"):
        return ob.target
    key = {"year": "year", "half": "half", "month": "month"}[period.kind]
    if key in ob.baselines:
        return ob.baselines[key]
    total_months = contract.months or 1.0
    return ob.target * min(1.0, period.months / total_months)


def field_value(ob: Obligation) -> Callable[[Fact], float]:
    """What one fact adds to a ``sum``: its value (signed for names like followers_lost = −1) or another field."""
    signs = dict(ob.select.names or ())
    fld = ob.field or "value"
    if fld == "value" and signs and any(s < 0 for s in signs.values()):
        return lambda f: f.value * signs.get(f.name, 1)
    if fld == "value":
        return lambda f: f.value
    return lambda f: float(f.get(fld) or 0.0)
