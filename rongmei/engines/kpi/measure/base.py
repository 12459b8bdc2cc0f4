"""What every measure kind shares: the obligation's window, the result of measuring, small helpers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ...numfmt import format_value
from ..contract import Obligation
from ..facts import Fact
from ..results import UnitResult

#: Sums of fractional hours or values carry binary rounding error (0.1 + 0.2 = 0.30000000000000004), so a
#: total can fall a hair short of its target. A gap smaller than a billionth of a unit is rounding, not a
#: missing hour or article; every "target met?" comparison allows for it.
ROUNDING_SLACK = 1e-9


@dataclass(frozen=True, slots=True)
class Window:
    """The days an obligation is measured over: ``start``…``end``, counted up to ``cut`` (the as-of date)."""

    start: dt.date
    end: dt.date
    cut: dt.date
    as_of: dt.date
    series: bool  # build day-by-day series for the charts

    @property
    def total_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def elapsed_days(self) -> int:
        return max(0, min((self.cut - self.start).days + 1, self.total_days))

    @property
    def remaining_days(self) -> int:
        return self.total_days - self.elapsed_days

    @property
    def elapsed_share(self) -> float:
        """Share of the window that has passed (1.0 once it has ended)."""
        return self.elapsed_days / self.total_days if self.total_days > 0 else 1.0

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.total_days)] if self.series else []


@dataclass(slots=True)
class Measured:
    """What measuring one obligation produced, before it is packed into an ``ObligationResult``."""

    items: list[Fact]  # the facts behind the figure
    value: float | None  # THE figure (see results.Measurement)
    value_unit: str
    actual: float  # raw aggregate over the window so far (before per-unit capping)
    target: float
    expected: float  # due by the as-of date
    credited: float
    shortfall: float  # missing against the whole-period target
    shortfall_to_date: float  # missing by the as-of date
    met: bool
    completion: float
    projected: float | None
    needed: float | None  # per remaining unit/day to still reach the target
    elapsed_units: float
    remaining_units: float
    ratio: float | None  # value / expected
    detail: str
    units: list[UnitResult] = field(default_factory=list)
    series_actual: list[tuple[str, float]] = field(default_factory=list)
    series_plan: list[tuple[str, float]] = field(default_factory=list)
    row_value: Callable[[Fact], float | None] | None = None  # the number shown per evidence row


def per_day(items: list[Fact], value: Callable[[Fact], float]) -> dict[dt.date, float]:
    totals: dict[dt.date, float] = defaultdict(float)
    for f in items:
        totals[f.date] += value(f)
    return totals


def fmt(ob: Obligation, value: float | None) -> str:
    """The obligation's figure in words (same formatter as every page)."""
    return format_value(value, ob.unit or None)


def capped_share(part: float, whole: float) -> float:
    """part / whole clipped to 0…1; a zero target counts as complete."""
    return max(0.0, min(1.0, part / whole)) if whole else 1.0
