"""Flows: things that add up (count of facts, distinct items, sum of a value), against a target for the
whole period or a target for each month / week / workday / holiday."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..contract import Obligation
from ..facts import Fact
from ..periods import ONE, units_in
from ..results import UnitResult
from ..vocab import PERIOD_UNITS
from .base import ROUNDING_SLACK, Measured, Window, capped_share, fmt, per_day


def count_per_day(items: list[Fact]) -> tuple[list[Fact], dict[dt.date, float]]:
    """measure: count — every fact counts once."""
    return items, per_day(items, lambda _f: 1.0)


def distinct_per_day(items: list[Fact]) -> tuple[list[Fact], dict[dt.date, float]]:
    """measure: distinct — one per item (the same article posted twice counts once, on its first day)."""
    seen: set[str] = set()
    kept = []
    for f in items:
        key = f.item or f.ref
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept, per_day(kept, lambda _f: 1.0)


def flow_per_day(ob: Obligation, items: list[Fact], value: Callable[[Fact], float]):
    if ob.measure == "count":
        return count_per_day(items)
    if ob.measure == "distinct":
        return distinct_per_day(items)
    return items, per_day(items, value)


def whole_period_flow(ob: Obligation, win: Window, items: list[Fact], daily: dict[dt.date, float],
                      target: float | None) -> Measured:
    """A flow against one target for the whole period (e.g. 180 videos a year)."""
    done = float(sum(daily.values()))
    goal = target or 0.0
    expected = goal * win.elapsed_share
    measured = Measured(
        items=items, value=done, value_unit=ob.unit, actual=done, target=goal, expected=expected,
        credited=min(done, goal), shortfall=max(0.0, goal - done), shortfall_to_date=max(0.0, expected - done),
        met=done >= goal - ROUNDING_SLACK if goal else True, completion=capped_share(done, goal),
        projected=done * goal / expected if expected > 0 else None,
        needed=(goal - done) / win.remaining_days if win.remaining_days > 0 and done < goal else None,
        elapsed_units=float(win.elapsed_days), remaining_units=float(win.remaining_days),
        ratio=done / expected if expected > 0 else None,
        detail=f"{ob.select.describe()}：实际 {fmt(ob, done)}，目标 {fmt(ob, goal)}",
    )
    if win.series:
        running = 0.0
        for i, day in enumerate(win.days()):
            measured.series_plan.append((day.isoformat(), round(goal * (i + 1) / win.total_days, 4)))
            if day <= win.cut:
                running += daily.get(day, 0.0)
                measured.series_actual.append((day.isoformat(), running))
    return measured


def _unit_results(ob: Obligation, win: Window, daily: dict[dt.date, float], per_unit: float) -> list[UnitResult]:
    out = []
    for unit in units_in(ob.per, win.start, win.end):
        goal = per_unit * unit.weight
        done = 0.0
        day = unit.start
        while day <= unit.end:
            done += daily.get(day, 0.0)
            day += ONE
        over = ob.max_per_unit is not None and done > ob.max_per_unit
        out.append(UnitResult(unit.label, unit.start, unit.end, done, goal, done >= goal - ROUNDING_SLACK,
                              max(0.0, goal - done), over, credited=min(done, goal), elapsed=unit.end <= win.cut))
    return out


def _unit_progress(units: list[UnitResult], cut: dt.date) -> tuple[float, float, float]:
    """(target due by ``cut``, elapsed units, remaining units); the unit in progress counts pro rata."""
    expected = elapsed = remaining = 0.0
    for u in units:
        if u.end <= cut:
            expected += u.target
            elapsed += 1
        elif u.start <= cut:
            part = ((cut - u.start).days + 1) / ((u.end - u.start).days + 1)
            expected += u.target * part
            elapsed += part
            remaining += 1 - part
        else:
            remaining += 1
    return expected, elapsed, remaining


def per_unit_flow(ob: Obligation, win: Window, items: list[Fact], daily: dict[dt.date, float],
                  target: float | None) -> Measured:
    """A flow with a target for each month / week / workday / holiday (e.g. ≥ 24 live hours every month).

    Each unit counts at most its own target (a busy month does not make up for an empty one), so the
    figure is the credited sum; the unit rows add up to it. Missing hours are counted for units that have
    ended by the as-of date only: a month still to come is not "missing".
    """
    units = _unit_results(ob, win, daily, target or 0.0)
    credited = sum(u.credited for u in units)
    goal = sum(u.target for u in units)
    expected, elapsed, remaining = _unit_progress(units, win.cut)
    ended_unmet = [u for u in units if u.elapsed and not u.met]
    shortfall_to_date = sum(u.shortfall for u in ended_unmet)
    unit_name = PERIOD_UNITS[ob.per]
    detail = (f"共 {len(units)} 个{unit_name}，已过去的{unit_name}中 {len(ended_unmet)} 个未达标，"
              f"合计缺 {fmt(ob, shortfall_to_date)}")
    over = [u for u in units if u.over_max]
    if over:
        detail += f"；{len(over)} 个{unit_name}超过上限 {fmt(ob, ob.max_per_unit)}"
    measured = Measured(
        items=items, value=credited, value_unit=ob.unit, actual=float(sum(daily.values())), target=goal,
        expected=expected, credited=credited, shortfall=sum(u.shortfall for u in units),
        shortfall_to_date=shortfall_to_date, met=credited >= goal - ROUNDING_SLACK if goal else True,
        completion=capped_share(credited, goal), projected=credited * goal / expected if expected > 0 else None,
        needed=(goal - credited) / remaining if remaining > 0 and credited < goal else None,
        elapsed_units=elapsed, remaining_units=remaining, ratio=credited / expected if expected > 0 else None,
        detail=detail, units=units,
    )
    if win.series:
        plan_by_end = {u.end: u.target for u in units}
        credit_by_end = {u.end: u.credited for u in units}
        plan = done = 0.0
        for day in win.days():
            plan += plan_by_end.get(day, 0.0)
            measured.series_plan.append((day.isoformat(), round(plan, 4)))
            if day <= win.cut:
                done += credit_by_end.get(day, 0.0)
                measured.series_actual.append((day.isoformat(), done))
    return measured


def measure_flow(ob: Obligation, win: Window, items: list[Fact], target: float | None,
                 value: Callable[[Fact], float]) -> Measured:
    """measure: count / distinct / sum."""
    items, daily = flow_per_day(ob, items, value)
    if ob.per == "period":
        measured = whole_period_flow(ob, win, items, daily, target)
    else:
        measured = per_unit_flow(ob, win, items, daily, target)
    measured.row_value = value if ob.measure == "sum" else None
    return measured

