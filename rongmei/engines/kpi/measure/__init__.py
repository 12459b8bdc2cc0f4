"""Measuring an obligation: one small function per measure kind, one ``Measurement`` per obligation.

``measure_obligation`` picks the window (period ∩ obligation dates, up to the as-of date), selects the
facts, hands them to the function for the obligation's measure kind, and packs what it measured into an
``ObligationResult`` whose ``measurement.value`` is the figure every surface shows (progress table,
scoring table, evidence page, API, CLI, snapshot exports).

=========================  ==============================================  =================
measure                    function                                        value
=========================  ==============================================  =================
count / distinct / sum      ``flows.measure_flow`` (whole period / per unit)  sum / credited sum
max                        ``levels.measure_max``                           largest value
share                      ``levels.measure_share``                         ratio
level                      ``levels.measure_level``                         level now
growth (of: level / sum)   ``levels.measure_growth_of_level`` / ``_of_flow``  ratio or None
=========================  ==============================================  =================
"""

from __future__ import annotations

import datetime as dt

from ..contract import Contract, Obligation
from ..facts import FactSet
from ..results import AMBER_AT, GREEN_AT, Measurement, ObligationResult, Pace, PeriodInfo
from ..selection import evidence_of, field_value, obligation_window, period_target, select_facts
from ..vocab import STATUS_LABELS
from .base import Measured, Window
from .flows import measure_flow
from .levels import measure_growth_of_flow, measure_growth_of_level, measure_level, measure_max, measure_share

__all__ = ["select_facts", "measure_obligation", "period_target", "evidence_of", "obligation_window",
           "facts_behind", "row_contribution", "ADDITIVE"]

#: measures whose figure is the sum of what each fact row contributes (per-unit ones: of the unit rows)
ADDITIVE = frozenset({"count", "distinct", "sum"})

#: what "per remaining …" means in the progress table for each ``per``
_RATE_UNITS = {"period": "天", "day": "天", "month": "月", "week": "周", "workday": "工作日", "non_workday": "节假日"}
#: measures for which "needed per remaining day/unit" makes sense
_PACED = frozenset({"count", "distinct", "sum", "level"})


def _measure(ob: Obligation, win: Window, facts: FactSet, target: float | None) -> Measured:
    items = select_facts(facts, ob.select, win.start, win.cut) if win.cut >= win.start else []
    value = field_value(ob)
    if ob.measure in ("count", "distinct", "sum"):
        return measure_flow(ob, win, items, target, value)
    if ob.measure == "max":
        return measure_max(ob, win, items, target, value)
    if ob.measure == "share":
        return measure_share(ob, win, items, target)
    if ob.measure == "level":
        return measure_level(ob, win, facts, items, target)
    if ob.growth_of == "level":
        return measure_growth_of_level(ob, win, facts, items, target)
    return measure_growth_of_flow(ob, win, facts, items, target, value)


def _status(ratio: float | None, met: bool, started: bool, ended: bool, known: bool) -> tuple[str, str]:
    if met:
        code = "done"
    elif not known:
        code = "nodata"
    elif not started:
        code = "pending"
    elif ended:
        code = "missed"
    elif ratio is None or ratio >= GREEN_AT:
        code = "green"
    elif ratio >= AMBER_AT:
        code = "amber"
    else:
        code = "red"
    return code, STATUS_LABELS[code][0]


def _r6(x: float | None) -> float | None:
    return round(x, 6) if x is not None else None


def _pace(ob: Obligation, m: Measured, win: Window) -> Pace:
    status, status_label = _status(m.ratio, m.met, win.as_of >= win.start, win.as_of >= win.end, m.value is not None)
    return Pace(
        done=_r6(m.value), expected=round(m.expected, 6), target=m.target, projected=_r6(m.projected),
        needed_rate=_r6(m.needed), rate_unit=_RATE_UNITS.get(ob.per, "天") if ob.measure in _PACED else "",
        elapsed_units=round(m.elapsed_units, 6), remaining_units=round(m.remaining_units, 6),
        ratio=_r6(m.ratio), status=status, status_label=status_label,
    )


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
    start, end, cut = obligation_window(ob, period, as_of)
    win = Window(start, end, cut, as_of, include_series)
    m = _measure(ob, win, facts, period_target(ob, period, contract))
    measurement = Measurement(
        value=_r6(m.value), unit=m.value_unit, period=period.code, start=start, end=cut, as_of=as_of,
        final=as_of >= end, kind=ob.measure, rows=len(m.items),
    )
    return ObligationResult(
        id=ob.id, name=ob.name, measure=ob.measure, per=ob.per, unit=ob.unit, selector=ob.select.describe(),
        scored=ob.scored, advisory=ob.advisory, window_start=start, window_end=end, target=m.target,
        actual=round(m.actual, 6), credited=round(m.credited, 6), shortfall=round(m.shortfall, 6),
        completion=round(m.completion, 6), met=m.met, pace=_pace(ob, m, win),
        evidence=evidence_of(m.items, evidence_cap, m.row_value), measurement=measurement,
        target_to_date=round(m.expected, 6), shortfall_to_date=round(m.shortfall_to_date, 6), units=m.units,
        series={"actual": m.series_actual, "plan": m.series_plan} if include_series else {},
        detail=m.detail, note=ob.note,
    )


def facts_behind(ob: Obligation, contract: Contract, facts: FactSet, period: PeriodInfo, as_of: dt.date):
    """All the fact rows behind an obligation's figure (the evidence page lists them; not capped)."""
    start, end, cut = obligation_window(ob, period, as_of)
    return _measure(ob, Window(start, end, cut, as_of, False), facts, period_target(ob, period, contract)).items


def row_contribution(ob: Obligation):
    """What one fact row adds to the figure: 1 for count/distinct, its value for sum; None for the
    non-additive measures (max, share, level, growth), whose rows are shown but do not add up."""
    if ob.measure in ("count", "distinct"):
        return lambda _f: 1.0
    if ob.measure == "sum":
        return field_value(ob)
    return None
