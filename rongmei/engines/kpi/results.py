"""评估结果数据类：供网页展示，并可序列化为 JSON 快照（to_dict）。"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = [
    "EvidenceRef",
    "Evidence",
    "UnitResult",
    "Measurement",
    "Pace",
    "ObligationResult",
    "IndicatorResult",
    "CategoryResult",
    "BonusResult",
    "CheckpointResult",
    "PaymentResult",
    "PenaltyResult",
    "PeriodInfo",
    "Evaluation",
    "to_jsonable",
]

GREEN_AT = 1.0  #: 完成量 ≥ 应完成量的 100% 为绿色
AMBER_AT = 0.9  #: ≥ 90% 为黄色，低于 90% 为红色


def to_jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, list | tuple):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, float):
        return round(obj, 6) if obj == obj else None
    if isinstance(obj, Decimal):
        return str(obj)  # money: exact decimal text ("700000.00"), never a float
    return obj


class _Jsonable:
    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(self)


@dataclass(slots=True)
class EvidenceRef(_Jsonable):
    """被计入的一条事实（用于回链到发布记录、数据行等）。"""

    ref: str
    date: dt.date
    type: str
    platform: str | None = None
    kind: str | None = None
    item: str | None = None
    url: str | None = None
    value: float | None = None


@dataclass(slots=True)
class Evidence(_Jsonable):
    count: int = 0
    refs: list[EvidenceRef] = field(default_factory=list)  # 至多 cap 条
    truncated: bool = False


@dataclass(slots=True)
class UnitResult(_Jsonable):
    """按月/周/日计的义务中，一个计量单位（某月、某周、某个工作日）的完成情况。"""

    label: str
    start: dt.date
    end: dt.date
    actual: float
    target: float
    met: bool
    shortfall: float
    over_max: bool = False
    credited: float = 0.0  # min(actual, target): what this unit adds to the obligation's value
    elapsed: bool = False  # the unit ended on or before the as-of date


@dataclass(slots=True)
class Measurement(_Jsonable):
    """The one figure of an obligation for a period and as-of date; every surface reads ``value`` from here.

    ``value`` is what the contract counts: the sum for a whole-period target, the credited sum (each month /
    workday capped at its own target) for a per-unit target, the largest single value for ``max``, a
    ratio (0.123) for ``share`` / ``growth`` (``unit`` is then ``"ratio"``), the current level for ``level``.
    It is ``None`` when the figure cannot be computed (a growth rate without base-period data).
    ``rows`` is how many fact rows are behind it (all listed on the evidence page); for per-unit obligations
    the unit rows (``ObligationResult.units``, column ``credited``) add up to ``value``.
    """

    value: float | None
    unit: str
    period: str  # annual | h1 | h2 | YYYY-MM
    start: dt.date
    end: dt.date  # last day counted (the as-of date or the window end, whichever is earlier)
    as_of: dt.date
    final: bool  # the window has ended: the figure will not change any more
    kind: str  # count | distinct | sum | max | share | level | growth
    rows: int


@dataclass(slots=True)
class Pace(_Jsonable):
    """进度与预测（需求 A6）。status：green ≥100% 应完成量，amber ≥90%，red 低于 90%；done 已达标；pending 未开始。"""

    done: float
    expected: float
    target: float
    projected: float | None
    needed_rate: float | None
    rate_unit: str
    elapsed_units: float
    remaining_units: float
    ratio: float | None
    status: str
    status_label: str


@dataclass(slots=True)
class ObligationResult(_Jsonable):
    id: str
    name: str
    measure: str
    per: str
    unit: str
    selector: str
    scored: bool
    advisory: bool
    window_start: dt.date
    window_end: dt.date
    target: float | None
    actual: float
    credited: float
    shortfall: float
    completion: float
    met: bool
    pace: Pace
    evidence: Evidence
    measurement: Measurement | None = None
    target_to_date: float | None = None  # what was due by the as-of date (= pace.expected)
    shortfall_to_date: float = 0.0  # missing by the as-of date (per-unit: elapsed units only)
    units: list[UnitResult] = field(default_factory=list)
    series: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    detail: str = ""
    note: str = ""


@dataclass(slots=True)
class IndicatorResult(_Jsonable):
    id: str
    name: str
    category: str
    category_name: str
    rule: str
    rule_label: str
    score: float
    max: float
    actual: float | None  # = the obligation's measurement value
    target: float | None
    unit: str
    obligation: str
    completion: float
    detail: str
    evidence: Evidence
    target_to_date: float | None = None
    projected_score: float | None = None  # end-of-period score if the pace so far continues
    final: bool = True  # False: score is to date (elapsed units only)


@dataclass(slots=True)
class CategoryResult(_Jsonable):
    id: str
    name: str
    score: float
    max: float


@dataclass(slots=True)
class BonusResult(_Jsonable):
    id: str
    name: str
    manual: bool
    points: float
    awarded: bool
    actual: float | None
    threshold: float | None
    max: float | None
    detail: str
    evidence: Evidence


@dataclass(slots=True)
class CheckpointResult(_Jsonable):
    id: str
    name: str
    kind: str
    due: dt.date | None
    delivered: dt.date | None
    status: str  # on_time | late | overdue | upcoming | accepted | failed | open
    status_label: str
    days_late: int
    failures: int = 0
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PaymentResult(_Jsonable):
    id: str
    name: str
    trigger: str
    ratio: float | None
    base_amount: Decimal | None  # 元，精确到分
    scale: float
    scale_final: bool
    amount_due: Decimal | None
    due_date: dt.date | None
    status: str  # pending | payable
    status_label: str
    detail: str


@dataclass(slots=True)
class PenaltyResult(_Jsonable):
    id: str
    name: str
    kind: str
    status: str  # none | incurred | accruing | at_risk
    status_label: str
    rate: float
    days: int
    ratio: float  # 占合同金额的比例
    amount: Decimal | None  # 元，精确到分
    detail: str


@dataclass(slots=True)
class PeriodInfo(_Jsonable):
    code: str  # annual | h1 | h2 | YYYY-MM
    kind: str  # year | half | month
    label: str
    start: dt.date
    end: dt.date
    months: float


@dataclass(slots=True)
class Evaluation(_Jsonable):
    """一次评估的完整结果。score 含加分、不封顶；passed / payment_ratio 按合同的合格与拨付规则。"""

    contract_id: str
    contract_name: str
    contract_digest: str
    facts_digest: str
    engine_version: str
    period: PeriodInfo
    as_of: dt.date
    score: float | None  # None when the contract defines no scoring table (has_score False)
    base: float | None
    bonus: float
    max: float | None
    passed: bool
    pass_ratio: float
    achievement: float  # min(score, max) / max; without a scoring table: the mean completion
    payment_ratio: float | None  # None: the contract ties payment to acceptance and penalties, not to a score
    scoring_mode: str
    indicators: list[IndicatorResult]
    categories: list[CategoryResult]
    bonuses: list[BonusResult]
    obligations: list[ObligationResult]
    checkpoints: list[CheckpointResult]
    payments: list[PaymentResult]
    penalties: list[PenaltyResult]
    warnings: list[str]
    facts_total: int
    facts_used: int
    facts_ignored: int
    amount: Decimal | None = None
    currency: str = "CNY"
    has_score: bool = True  # the contract defines a scoring table; otherwise completion + penalties only
    final: bool = True  # as_of is on or after the period end; otherwise the score is to date
    projected_score: float | None = None  # end-of-period score if the pace so far continues

    def summary(self) -> dict[str, Any]:
        """CLI --json 的精简输出（不含逐日序列）。"""
        data = self.to_dict()
        for ob in data["obligations"]:
            ob.pop("series", None)
        return data


