"""Measures that do not add up: the largest single value, the share of facts over a threshold, a level
reached (followers on a date), and growth rates (of a level, or of a flow against the base period)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ...numfmt import format_value
from ..contract import Obligation
from ..facts import Fact, FactSet
from ..periods import ONE
from ..selection import select_facts
from ..vocab import FACT_FIELDS, LEVEL_METRICS
from .base import ROUNDING_SLACK, Measured, Window, capped_share, fmt, per_day

RATIO = "ratio"


def _pct(x: float | None) -> str:
    return format_value(x, RATIO, digits=2)


def measure_max(ob: Obligation, win: Window, items: list[Fact], target: float | None,
                value: Callable[[Fact], float]) -> Measured:
    """measure: max — the largest single value (e.g. one live session with ≥ 5,000 viewers)."""
    best = max((value(f) for f in items), default=0.0)
    goal = target or 0.0
    # the facts behind a maximum: the row that reached it
    behind = [max(items, key=value)] if items else []
    measured = Measured(
        items=behind, value=best, value_unit=ob.unit, actual=best, target=goal, expected=goal,
        credited=min(best, goal), shortfall=max(0.0, goal - best), shortfall_to_date=max(0.0, goal - best),
        met=best >= goal, completion=capped_share(best, goal), projected=best, needed=None,
        elapsed_units=float(win.elapsed_days), remaining_units=float(win.remaining_days),
        ratio=best / goal if goal else None, detail=f"{ob.select.describe()}：单次最大 {fmt(ob, best)}，目标 {fmt(ob, goal)}",
        row_value=value,
    )
    if win.series:
        best_by_day: dict[dt.date, float] = {}
        for f in items:
            best_by_day[f.date] = max(best_by_day.get(f.date, 0.0), value(f))
        running = 0.0
        for day in win.days():
            measured.series_plan.append((day.isoformat(), goal))
            if day <= win.cut:
                running = max(running, best_by_day.get(day, 0.0))
                measured.series_actual.append((day.isoformat(), running))
    return measured


def measure_share(ob: Obligation, win: Window, items: list[Fact], target: float | None) -> Measured:
    """measure: share — share of the counted facts whose field reaches a threshold (e.g. sessions ≥ 800 viewers)."""
    field_name, minimum = ob.threshold or ("value", 0.0)

    def passes(f: Fact) -> bool:
        return (f.get(field_name) or 0) >= minimum

    total = len(items)
    passing = sum(1 for f in items if passes(f))
    share = passing / total if total else 0.0
    goal = target if target is not None else 1.0
    measured = Measured(
        items=items, value=share, value_unit=RATIO, actual=share, target=goal, expected=goal,
        credited=min(share, goal), shortfall=max(0.0, goal - share), shortfall_to_date=max(0.0, goal - share),
        # compared as counts (passing ≥ goal × total) so that 9 of 10 meets 90 % exactly, without float slack
        met=total > 0 and passing >= goal * total - ROUNDING_SLACK, completion=capped_share(share, goal),
        projected=share, needed=None, elapsed_units=float(win.elapsed_days),
        remaining_units=float(win.remaining_days), ratio=share / goal if goal and total else None,
        detail=(f"计入 {total} 场，其中{FACT_FIELDS.get(field_name, field_name)} ≥ {format_value(minimum)} 的 "
                f"{passing} 场，占比 {_pct(share)}"),
        row_value=lambda f: f.get(field_name),
    )
    if win.series:
        by_day: dict[dt.date, tuple[int, int]] = {}
        for f in items:
            n, k = by_day.get(f.date, (0, 0))
            by_day[f.date] = (n + 1, k + passes(f))
        run_n = run_k = 0
        for day in win.days():
            measured.series_plan.append((day.isoformat(), goal))
            if day <= win.cut:
                n, k = by_day.get(day, (0, 0))
                run_n, run_k = run_n + n, run_k + k
                measured.series_actual.append((day.isoformat(), round(run_k / run_n, 6) if run_n else 0.0))
    return measured


def _level_facts(ob: Obligation, facts: FactSet, win: Window, items: list[Fact]):
    """Level facts in the window, and each platform's level at the start.

    A platform's starting level is its last value before the window; a platform first seen inside the
    window starts at its first value there. Start and current level then cover the same platforms, so
    adding a platform's account mid-year is not counted as growth.
    """
    names = {n for n, _ in (ob.select.names or ())} or set(LEVEL_METRICS)
    in_window = [f for f in items if f.name in names]
    start_levels: dict[str | None, float] = {}
    for f in select_facts(facts, ob.select, None, win.start - ONE):
        if f.name in names:
            start_levels[f.platform] = f.value
    for f in in_window:
        start_levels.setdefault(f.platform, f.value)
    return in_window, start_levels


def _level_by_day(items: list[Fact], start_levels: dict[str | None, float]) -> dict[dt.date, float]:
    """Day → total level (each platform's latest value up to that day, added up)."""
    latest = dict(start_levels)
    out: dict[dt.date, float] = {}
    for f in items:
        latest[f.platform] = f.value
        out[f.date] = sum(latest.values())
    return out


def _level_series(measured: Measured, win: Window, first: float, by_day: dict[dt.date, float],
                  plan: Callable[[int], float], shown: Callable[[float], float]) -> None:
    current = first
    for i, day in enumerate(win.days()):
        measured.series_plan.append((day.isoformat(), round(plan(i), 6)))
        if day <= win.cut:
            current = by_day.get(day, current)
            measured.series_actual.append((day.isoformat(), round(shown(current), 6)))


def measure_level(ob: Obligation, win: Window, facts: FactSet, items: list[Fact], target: float | None) -> Measured:
    """measure: level — a level reached by a deadline (e.g. 50,000 followers by the end of the year)."""
    items, start_levels = _level_facts(ob, facts, win, items)
    first = sum(start_levels.values())
    now = sum({**start_levels, **{f.platform: f.value for f in items}}.values())
    goal = target or 0.0
    share = win.elapsed_share
    expected = first + (goal - first) * share
    measured = Measured(
        items=items, value=now, value_unit=ob.unit, actual=now, target=goal, expected=expected,
        credited=min(now, goal), shortfall=max(0.0, goal - now), shortfall_to_date=max(0.0, expected - now),
        met=now >= goal, completion=capped_share(now, goal),
        projected=first + (now - first) / share if share > 0 else None,
        needed=(goal - now) / win.remaining_days if win.remaining_days > 0 and now < goal else None,
        elapsed_units=float(win.elapsed_days), remaining_units=float(win.remaining_days),
        ratio=now / expected if expected > 0 else None,
        detail=f"截至 {win.cut}：{fmt(ob, now)}（起点 {fmt(ob, first)}），{win.end} 前目标 {fmt(ob, goal)}",
        row_value=lambda f: f.value,
    )
    if win.series:
        _level_series(measured, win, first, _level_by_day(items, start_levels),
                      lambda i: first + (goal - first) * (i + 1) / win.total_days, lambda lv: lv)
    return measured


def _growth(ob: Obligation, win: Window, items: list[Fact], rate: float | None, goal: float,
            detail: str, row_value) -> Measured:
    """Common shape of a growth rate (value is a ratio; the target is reached only when the window has ended)."""
    known = rate if rate is not None else 0.0
    return Measured(
        items=items, value=rate, value_unit=RATIO, actual=known, target=goal, expected=goal,
        credited=min(known, goal), shortfall=max(0.0, goal - known), shortfall_to_date=max(0.0, goal - known),
        met=rate is not None and rate >= goal and win.as_of >= win.end, completion=capped_share(known, goal),
        projected=rate, needed=None, elapsed_units=float(win.elapsed_days),
        remaining_units=float(win.remaining_days), ratio=known / goal if goal and rate is not None else None,
        detail=detail, row_value=row_value,
    )


def measure_growth_of_level(ob: Obligation, win: Window, facts: FactSet, items: list[Fact],
                            target: float | None) -> Measured:
    """measure: growth of a level — (level now / level at the start) − 1, e.g. followers +10 %."""
    items, start_levels = _level_facts(ob, facts, win, items)
    first = sum(start_levels.values())
    now = sum({**start_levels, **{f.platform: f.value for f in items}}.values())
    rate = (now / first - 1.0) if first else None
    goal = target or 0.0
    start_text = format_value(first) if first else "无起点数据"
    measured = _growth(ob, win, items, rate, goal,
                       f"起点 {start_text}，截至 {win.cut} 为 {format_value(now)}，增长 {_pct(rate)}，目标 {_pct(goal)}",
                       lambda f: f.value)
    if win.series:
        _level_series(measured, win, first, _level_by_day(items, start_levels),
                      lambda i: goal * (i + 1) / win.total_days, lambda lv: (lv / first - 1.0) if first else 0.0)
    return measured


def measure_growth_of_flow(ob: Obligation, win: Window, facts: FactSet, items: list[Fact], target: float | None,
                           value: Callable[[Fact], float]) -> Measured:
    """measure: growth of a flow — this period so far against the same days of the equally long base period
    before the contract (or a stated baseline), e.g. reads +10 %. Without base-period data there is no rate."""
    goal = target or 0.0
    daily = per_day(items, value)
    total = float(sum(daily.values()))
    base_start = win.start - dt.timedelta(days=win.total_days)
    if ob.growth_baseline is not None:
        base_daily = None
        base_total = ob.growth_baseline * win.elapsed_share
    else:
        base_daily = per_day(select_facts(facts, ob.select, base_start, win.start - ONE), value)
        same_days_end = base_start + dt.timedelta(days=win.elapsed_days)
        base_total = sum(v for d, v in base_daily.items() if d < same_days_end)
    rate = (total / base_total - 1.0) if base_total else None
    base_text = format_value(base_total) if base_total else "无基期数据"
    measured = _growth(ob, win, items, rate, goal,
                       f"本期 {format_value(total)}，基期同期 {base_text}，增长 {_pct(rate)}，目标 {_pct(goal)}",
                       value)
    if win.series:
        run_now = run_base = 0.0
        for i, day in enumerate(win.days()):
            measured.series_plan.append((day.isoformat(), goal))
            if day <= win.cut:
                run_now += daily.get(day, 0.0)
                if base_daily is not None:
                    run_base += base_daily.get(base_start + dt.timedelta(days=i), 0.0)
                else:
                    run_base = (ob.growth_baseline or 0.0) * (i + 1) / win.total_days
                measured.series_actual.append((day.isoformat(), round(run_now / run_base - 1.0, 6) if run_base else 0.0))
    return measured
