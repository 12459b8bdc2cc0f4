"""义务的计量：选取事实、汇总、按单位切分、进度预测与逐日序列。"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from .contract import Contract, Obligation, Selector
from .facts import Fact, FactSet
from .periods import ONE, units_in
from .results import AMBER_AT, GREEN_AT, Evidence, EvidenceRef, ObligationResult, Pace, PeriodInfo, UnitResult
from .vocab import LEVEL_METRICS, PERIOD_UNITS, STATUS_LABELS

__all__ = ["select_facts", "measure_obligation", "period_target", "evidence_of"]

_RATE_UNITS = {"period": "天", "day": "天", "month": "月", "week": "周", "workday": "工作日", "non_workday": "节假日"}


def _predicate(sel: Selector) -> Callable[[Fact], bool] | None:
    checks: list[Callable[[Fact], bool]] = []
    if sel.kinds:
        kinds = frozenset(sel.kinds)
        checks.append(lambda f: f.kind in kinds)
    if sel.names:
        names = frozenset(n for n, _ in sel.names)
        checks.append(lambda f: f.name in names)
    for fname, op, val in sel.where:
        if op == "eq":
            checks.append(lambda f, n=fname, v=val: f.get(n) == v)
        elif op == "in":
            checks.append(lambda f, n=fname, v=val: f.get(n) in v)
        elif op == "contains":
            checks.append(lambda f, n=fname, v=val: v in str(f.get(n) or ""))
        elif op == "min":
            checks.append(lambda f, n=fname, v=val: (f.get(n) is not None and f.get(n) >= v))
        else:
            checks.append(lambda f, n=fname, v=val: (f.get(n) is not None and f.get(n) <= v))
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda f: all(c(f) for c in checks)


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


def _field_value(ob: Obligation) -> Callable[[Fact], float]:
    signs = dict(ob.select.names or ())
    fld = ob.field or "value"
    if fld == "value" and signs and any(s < 0 for s in signs.values()):
        return lambda f: f.value * signs.get(f.name, 1)
    if fld == "value":
        return lambda f: f.value
    return lambda f: float(f.get(fld) or 0.0)


def _status(ratio: float | None, met: bool, started: bool) -> tuple[str, str]:
    if met:
        code = "done"
    elif not started:
        code = "pending"
    elif ratio is None or ratio >= GREEN_AT:
        code = "green"
    elif ratio >= AMBER_AT:
        code = "amber"
    else:
        code = "red"
    return code, STATUS_LABELS[code][0]


def _daily(items: list[Fact], value: Callable[[Fact], float]) -> dict[dt.date, float]:
    out: dict[dt.date, float] = defaultdict(float)
    for f in items:
        out[f.date] += value(f)
    return out


def _level_series(items: list[Fact], start_levels: dict[str | None, float]) -> dict[dt.date, float]:
    """逐日的累计水平：每个平台取截至当日的最新值后相加。"""
    latest = dict(start_levels)
    out: dict[dt.date, float] = {}
    for f in items:
        latest[f.platform] = f.value
        out[f.date] = sum(latest.values())
    return out


def measure_obligation(
    ob: Obligation,
    contract: Contract,
    facts: FactSet,
    period: PeriodInfo,
    as_of: dt.date,
    *,
    evidence_cap: int = 50,
    include_series: bool = True,
) -> ObligationResult:
    ws = max(period.start, ob.start or period.start)
    we = min(period.end, ob.end or period.end)
    if ob.measure == "level" and ob.deadline:
        we = min(we, ob.deadline)
    cut = min(we, as_of)
    items = select_facts(facts, ob.select, ws, cut) if cut >= ws else []
    target = period_target(ob, period, contract)
    started = as_of >= ws
    total_days = (we - ws).days + 1
    elapsed_days = max(0, min((cut - ws).days + 1, total_days))
    frac = elapsed_days / total_days if total_days > 0 else 1.0
    value = _field_value(ob)
    units: list[UnitResult] = []
    series_actual: list[tuple[str, float]] = []
    series_plan: list[tuple[str, float]] = []
    detail = ""
    days = [ws + dt.timedelta(days=i) for i in range(total_days)] if include_series else []

    if ob.measure in ("count", "distinct", "sum"):
        if ob.measure == "count":
            daily: dict[dt.date, float] = defaultdict(float)
            for f in items:
                daily[f.date] += 1
        elif ob.measure == "distinct":
            seen: set[str] = set()
            daily = defaultdict(float)
            kept: list[Fact] = []
            for f in items:
                key = f.item or f.ref
                if key not in seen:
                    seen.add(key)
                    daily[f.date] += 1
                    kept.append(f)
            items = kept
        else:
            daily = _daily(items, value)
        actual = float(sum(daily.values()))
        if ob.per == "period":
            t = target or 0.0
            credited = min(actual, t)
            shortfall = max(0.0, t - actual)
            expected = t * frac
            remaining_units = float(total_days - elapsed_days)
            elapsed_units = float(elapsed_days)
            needed = (t - actual) / remaining_units if remaining_units > 0 and actual < t else None
            target_total = t
            if include_series:
                run = 0.0
                for i, d in enumerate(days):
                    series_plan.append((d.isoformat(), round(t * (i + 1) / total_days, 4)))
                    if d <= cut:
                        run += daily.get(d, 0.0)
                        series_actual.append((d.isoformat(), run))
        else:
            per_target = target or 0.0
            ulist = units_in(ob.per, ws, we)
            credited = shortfall = expected = 0.0
            elapsed_units = remaining_units = 0.0
            for u in ulist:
                ut = per_target * u.weight
                ua = 0.0
                d = u.start
                while d <= u.end:
                    ua += daily.get(d, 0.0)
                    d += ONE
                over = ob.max_per_unit is not None and ua > ob.max_per_unit
                units.append(UnitResult(u.label, u.start, u.end, ua, ut, ua >= ut, max(0.0, ut - ua), over))
                credited += min(ua, ut)
                shortfall += max(0.0, ut - ua)
                if u.end <= cut:
                    expected += ut
                    elapsed_units += 1
                elif u.start <= cut:
                    part = ((cut - u.start).days + 1) / ((u.end - u.start).days + 1)
                    expected += ut * part
                    elapsed_units += part
                    remaining_units += 1 - part
                else:
                    remaining_units += 1
            target_total = per_target * sum(u.weight for u in ulist)
            needed = (target_total - credited) / remaining_units if remaining_units > 0 and credited < target_total else None
            unmet = [u for u in units if not u.met and u.end <= cut]
            over = [u for u in units if u.over_max]
            detail = f"共 {len(units)} 个{PERIOD_UNITS[ob.per]}，已过去的单位中 {len(unmet)} 个未达标，合计缺 {sum(u.shortfall for u in unmet):g}"
            if over:
                detail += f"；{len(over)} 个{PERIOD_UNITS[ob.per]}超过上限 {ob.max_per_unit:g}"
            if include_series:
                plan_by_end: dict[dt.date, float] = {u.end: u.target for u in units}
                cred_by_end: dict[dt.date, float] = {u.end: min(u.actual, u.target) for u in units}
                run_p = run_a = 0.0
                for d in days:
                    run_p += plan_by_end.get(d, 0.0)
                    series_plan.append((d.isoformat(), round(run_p, 4)))
                    if d <= cut:
                        run_a += cred_by_end.get(d, 0.0)
                        series_actual.append((d.isoformat(), run_a))
        done = credited if ob.per != "period" else actual
        met = done >= target_total - 1e-9 if target_total else True
        ratio = done / expected if expected > 0 else None
        projected = done * target_total / expected if expected > 0 else None
        completion = min(1.0, done / target_total) if target_total else 1.0
        if not detail:
            detail = f"{ob.select.describe()}：实际 {actual:g}{ob.unit}，目标 {target_total:g}{ob.unit}"
        pace_target = target_total
    elif ob.measure == "max":
        vals = [value(f) for f in items]
        actual = max(vals) if vals else 0.0
        t = target or 0.0
        credited, shortfall = min(actual, t), max(0.0, t - actual)
        met = actual >= t
        expected, done, ratio, projected, needed = t, actual, (actual / t if t else None), actual, None
        elapsed_units, remaining_units = float(elapsed_days), float(total_days - elapsed_days)
        completion = min(1.0, actual / t) if t else 1.0
        detail = f"{ob.select.describe()}：单次最大 {actual:g}{ob.unit}，目标 {t:g}{ob.unit}"
        pace_target = t
        target_total = t
        if include_series:
            run = 0.0
            byday = defaultdict(float)
            for f in items:
                byday[f.date] = max(byday[f.date], value(f))
            for d in days:
                series_plan.append((d.isoformat(), t))
                if d <= cut:
                    run = max(run, byday.get(d, 0.0))
                    series_actual.append((d.isoformat(), run))
    elif ob.measure == "share":
        tf, tmin = ob.threshold or ("value", 0.0)
        ok = [f for f in items if (f.get(tf) or 0) >= tmin]
        n, k = len(items), len(ok)
        actual = k / n if n else 0.0
        t = target if target is not None else 1.0
        credited, shortfall = min(actual, t), max(0.0, t - actual)
        met = n > 0 and actual >= t - 1e-12
        expected, done, projected, needed = t, actual, actual, None
        ratio = actual / t if t and n else None
        elapsed_units, remaining_units = float(elapsed_days), float(total_days - elapsed_days)
        completion = min(1.0, actual / t) if t else 1.0
        detail = f"计入 {n} 场，其中 {tf} ≥ {tmin:g} 的 {k} 场，占比 {actual:.2%}"
        pace_target = t
        target_total = t
        if include_series:
            byday: dict[dt.date, tuple[int, int]] = {}
            for f in items:
                a, b = byday.get(f.date, (0, 0))
                byday[f.date] = (a + 1, b + (1 if (f.get(tf) or 0) >= tmin else 0))
            ra = rb = 0
            for d in days:
                series_plan.append((d.isoformat(), t))
                if d <= cut:
                    a, b = byday.get(d, (0, 0))
                    ra, rb = ra + a, rb + b
                    series_actual.append((d.isoformat(), round(rb / ra, 6) if ra else 0.0))
    elif ob.measure == "level" or (ob.measure == "growth" and ob.growth_of == "level"):
        names = {n for n, _ in (ob.select.names or ())} or set(LEVEL_METRICS)
        before = [f for f in select_facts(facts, ob.select, None, ws - ONE) if f.name in names]
        start_levels: dict[str | None, float] = {}
        for f in before:
            start_levels[f.platform] = f.value
        lv_items = [f for f in items if f.name in names]
        lv_series = _level_series(lv_items, start_levels)
        first_level = sum(start_levels.values()) if start_levels else (lv_items[0].value if lv_items else 0.0)
        level_now = sum({**start_levels, **{f.platform: f.value for f in lv_items}}.values()) if (lv_items or start_levels) else 0.0
        items = lv_items
        if ob.measure == "level":
            t = target or 0.0
            actual = level_now
            expected = first_level + (t - first_level) * frac
            met = actual >= t
            credited, shortfall = min(actual, t), max(0.0, t - actual)
            gained = actual - first_level
            projected = first_level + gained / frac if frac > 0 else None
            remaining_units = float(total_days - elapsed_days)
            needed = (t - actual) / remaining_units if remaining_units > 0 and actual < t else None
            completion = min(1.0, actual / t) if t else 1.0
            detail = f"截至 {cut}：{actual:g}{ob.unit}（起点 {first_level:g}），{we} 前目标 {t:g}{ob.unit}"
            plan_fn = lambda i: first_level + (t - first_level) * (i + 1) / total_days  # noqa: E731
            val_fn = lambda lv: lv  # noqa: E731
        else:
            t = target or 0.0
            actual = (level_now / first_level - 1.0) if first_level else 0.0
            expected = t * frac
            met = actual >= t and as_of >= we
            credited, shortfall = min(actual, t), max(0.0, t - actual)
            projected = actual / frac if frac > 0 else None
            remaining_units = float(total_days - elapsed_days)
            needed = None
            completion = max(0.0, min(1.0, actual / t)) if t else 1.0
            detail = f"起点 {first_level:g}，截至 {cut} 为 {level_now:g}，增长 {actual:.2%}，目标 {t:.0%}"
            plan_fn = lambda i: t * (i + 1) / total_days  # noqa: E731
            val_fn = lambda lv: (lv / first_level - 1.0) if first_level else 0.0  # noqa: E731
        done = actual
        elapsed_units = float(elapsed_days)
        ratio = (actual / expected) if expected > 0 else None
        pace_target = t
        target_total = t
        if include_series:
            cur = first_level
            for i, d in enumerate(days):
                series_plan.append((d.isoformat(), round(plan_fn(i), 6)))
                if d <= cut:
                    cur = lv_series.get(d, cur)
                    series_actual.append((d.isoformat(), round(val_fn(cur), 6)))
    else:  # growth of a flow (sum)：与合同开始前等长期间的同期比较
        t = target or 0.0
        daily = _daily(items, value)
        actual_sum = float(sum(daily.values()))
        if ob.growth_baseline is not None:
            base_daily = None
            base_sum = ob.growth_baseline * frac
        else:
            bs = ws - dt.timedelta(days=total_days)
            base_items = select_facts(facts, ob.select, bs, ws - ONE)
            base_daily = _daily(base_items, value)
            base_sum = sum(v for d, v in base_daily.items() if d < bs + dt.timedelta(days=elapsed_days))
        actual = (actual_sum / base_sum - 1.0) if base_sum else 0.0
        met = bool(base_sum) and actual >= t and as_of >= we
        credited, shortfall = min(actual, t), max(0.0, t - actual)
        expected, done, projected, needed = t, actual, actual, None
        ratio = actual / t if t else None
        elapsed_units, remaining_units = float(elapsed_days), float(total_days - elapsed_days)
        completion = max(0.0, min(1.0, actual / t)) if t else 1.0
        base_text = f"{base_sum:g}" if base_sum else "无基期数据"
        detail = f"本期 {actual_sum:g}，基期同期 {base_text}，增长 {actual:.2%}，目标 {t:.0%}"
        pace_target = t
        target_total = t
        if include_series:
            run_a = run_b = 0.0
            bs0 = ws - dt.timedelta(days=total_days)
            for i, d in enumerate(days):
                series_plan.append((d.isoformat(), t))
                if d <= cut:
                    run_a += daily.get(d, 0.0)
                    if base_daily is not None:
                        run_b += base_daily.get(bs0 + dt.timedelta(days=i), 0.0)
                    else:
                        run_b = (ob.growth_baseline or 0.0) * (i + 1) / total_days
                    series_actual.append((d.isoformat(), round(run_a / run_b - 1.0, 6) if run_b else 0.0))

    status, status_label = _status(ratio, met, started)
    pace = Pace(
        done=round(done, 6),
        expected=round(expected, 6),
        target=pace_target,
        projected=round(projected, 6) if projected is not None else None,
        needed_rate=round(needed, 6) if needed is not None else None,
        rate_unit=_RATE_UNITS.get(ob.per, "天") if ob.measure in ("count", "distinct", "sum", "level") else "",
        elapsed_units=round(elapsed_units, 6),
        remaining_units=round(remaining_units, 6),
        ratio=round(ratio, 6) if ratio is not None else None,
        status=status,
        status_label=status_label,
    )
    ev_value = None if ob.measure in ("count", "distinct") else value
    if ob.measure == "share":
        tf = (ob.threshold or ("value", 0))[0]
        ev_value = lambda f: f.get(tf)  # noqa: E731
    return ObligationResult(
        id=ob.id,
        name=ob.name,
        measure=ob.measure,
        per=ob.per,
        unit=ob.unit,
        selector=ob.select.describe(),
        scored=ob.scored,
        advisory=ob.advisory,
        window_start=ws,
        window_end=we,
        target=target_total,
        actual=round(actual, 6),
        credited=round(credited, 6),
        shortfall=round(shortfall, 6),
        completion=round(completion, 6),
        met=met,
        pace=pace,
        evidence=evidence_of(items, evidence_cap, ev_value),
        units=units,
        series={"actual": series_actual, "plan": series_plan} if include_series else {},
        detail=detail,
        note=ob.note,
    )
