"""合同定义的数据类与词表（解析见 parse.py）。格式说明见 docs/contract-format.md。"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..vocab import FACT_FIELDS, FACT_TYPES, KINDS, METRICS, PLACEMENT_LEVELS, PLATFORMS
from ..yamlnodes import Issue

CENT = Decimal("0.01")


def money(value) -> Decimal | None:
    """An amount of money in yuan, exact to the fen (Decimal; from YAML numbers via their decimal text)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


__all__ = [
    "SCHEMA",
    "ContractError",
    "Selector",
    "Obligation",
    "Indicator",
    "Category",
    "Bonus",
    "Scoring",
    "Payment",
    "Checkpoint",
    "Penalty",
    "Party",
    "Contract",
    "StaffPost",
    "DutyBand",
    "Staffing",
    "ValidationReport",
    "add_months",
    "months_between",
    "money",
]

SCHEMA = "rongmei/contract-v1"

MEASURES = {
    "count": "计数（条数）",
    "distinct": "去重计数（按 item）",
    "sum": "求和",
    "max": "最大值",
    "share": "达标占比",
    "level": "截至某日的累计水平",
    "growth": "增长率",
}
RULES = {
    "proportional": "按完成比例计分",
    "deduct_per_unit": "达标满分，每少 1 个单位扣分，扣完为止",
    "share": "按达标场次占比计分",
    "threshold": "达标满分，否则 0 分",
}
PAYMENT_TRIGGERS = {
    "signing": "签订合同后",
    "months": "合同满若干个月后",
    "acceptance": "验收合格后",
    "date": "固定日期",
}
PENALTY_KINDS = {
    "per_day_late": "逾期每日违约金",
    "percentage": "比例违约金",
}
PERIOD_CODES = {"annual": "全年/全周期", "h1": "上半年", "h2": "下半年"}


class ContractError(ValueError):
    """合同定义有错误；issues 为全部错误（含行号）。"""

    def __init__(self, issues: list[Issue], source: str = ""):
        self.issues = issues
        self.source = source
        head = f"{source}：" if source else ""
        super().__init__(f"{head}合同定义有 {len(issues)} 处错误：\n" + "\n".join(str(i) for i in issues))


@dataclass(frozen=True, slots=True)
class Selector:
    """选取事实的条件。names 为指标名，前缀“-”表示相减（如 -followers_lost）。"""

    type: str
    platforms: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    names: tuple[tuple[str, int], ...] | None = None
    where: tuple[tuple[str, str, Any], ...] = ()  # (字段, 运算 eq|in|min|max|contains, 值)

    def describe(self) -> str:
        parts = [FACT_TYPES.get(self.type, self.type)]
        if self.platforms:
            parts.append("/".join(PLATFORMS.get(p, p) for p in self.platforms))
        if self.kinds:
            parts.append("/".join(KINDS.get(k, k) for k in self.kinds))
        if self.names:
            parts.append(" ".join(("−" if s < 0 else "") + METRICS.get(n, n) for n, s in self.names))
        for fname, op, val in self.where:
            name = FACT_FIELDS.get(fname, fname)
            if op == "eq":
                parts.append(f"{name}：{_where_value(fname, val)}")
            else:
                sym = {"in": "为", "min": "≥", "max": "≤", "contains": "包含"}[op]
                parts.append(f"{name}{sym}{_where_value(fname, val)}")
        return "，".join(parts)


_WHERE_VOCAB = {"platform": PLATFORMS, "kind": KINDS, "level": PLACEMENT_LEVELS, "name": METRICS}


def _where_value(fname: str, val: Any) -> str:
    """选取条件里的值给人看的样子：代码 → 中文，True → 是，列表用“/”连接。"""
    if isinstance(val, bool):
        return "是" if val else "否"
    if isinstance(val, list | tuple | set | frozenset):
        return "/".join(_where_value(fname, v) for v in val)
    if isinstance(val, float):
        return f"{val:g}"
    return _WHERE_VOCAB.get(fname, {}).get(val, str(val)) if isinstance(val, str) else str(val)


@dataclass(frozen=True, slots=True)
class Obligation:
    id: str
    name: str
    select: Selector
    measure: str = "count"
    field: str | None = None
    threshold: tuple[str, float] | None = None  # share：(字段, 最小值)
    per: str = "period"
    target: float | None = None
    baselines: dict[str, float] = dataclasses.field(default_factory=dict)  # month / half / year
    max_per_unit: float | None = None
    unit: str = ""
    scored: bool = True
    advisory: bool = False
    deadline: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    growth_of: str = "sum"  # sum | level
    growth_baseline: float | None = None  # None = 用合同开始前等长期间的事实
    note: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name: str
    weight: float
    obligation: str
    rule: str
    deduct: float = 0.0
    category: str = ""
    note: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    weight: float
    items: tuple[Indicator, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Bonus:
    id: str
    name: str
    points: float | None = None  # 自动加分的分值
    obligation: str | None = None
    greater_than: float | None = None
    manual: bool = False
    max: float | None = None
    periods: tuple[str, ...] = ("annual",)
    note: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Scoring:
    mode: str = "completion"  # weighted | completion
    max: float = 100.0
    categories: tuple[Category, ...] = ()
    bonus: tuple[Bonus, ...] = ()
    pass_ratio: float = 0.9
    pass_all_met: bool = False
    payment_when_passed: float = 1.0
    payment_when_failed: str = "score"  # score | zero

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for c in self.categories for i in c.items)


@dataclass(frozen=True, slots=True)
class Party:
    role: str  # client | operator
    name: str | None
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class Payment:
    id: str
    name: str
    trigger: str
    ratio: float | None = None
    amount: Decimal | None = None  # 元，精确到分
    workdays: int = 0
    months: int = 0
    date: dt.date | None = None
    checkpoint: str | None = None
    scaled_by: str | None = None  # 以某考核期（annual|h1|h2）的拨付比例缩放
    note: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Checkpoint:
    id: str
    name: str
    kind: str = "report"  # report | acceptance | assessment
    due: dt.date | None = None
    after_end_workdays: int | None = None
    recurring: str | None = None  # month
    day: int | None = None
    next_month: bool = False
    evidence: Selector | None = None
    note: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Penalty:
    id: str
    name: str
    kind: str
    rate: float
    checkpoints: tuple[str, ...] = ()
    when_missed: tuple[str, ...] = ()
    failed_checkpoint: str | None = None
    failed_times: int | None = None
    max_days: int | None = None
    note: str = ""
    line: int = 0


DUTY_DAYS = {"workday": "工作日", "non_workday": "节假日（含周末）", "every": "每天"}


@dataclass(frozen=True, slots=True)
class StaffPost:
    """合同约定的岗位：人数、从业年限、是否驻场。"""

    id: str
    name: str
    count: int = 1
    min_years: float = 0.0
    on_site: bool = False
    note: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class DutyBand:
    """值班时段：start/end 为当天的分钟数（0–1440）；end ≤ start 表示跨过午夜到次日。"""

    id: str
    name: str
    start: int
    end: int
    days: str = "every"  # workday | non_workday | every（按官方日历，含调休）
    on_site: bool = False
    note: str = ""
    line: int = 0

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    def hours(self) -> str:
        def hm(m: int) -> str:
            return f"{m // 60:02d}:{m % 60:02d}"
        return f"{hm(self.start)}–{'次日' if self.overnight else ''}{hm(self.end)}"


@dataclass(frozen=True, slots=True)
class Staffing:
    """人员条款：岗位、驻场人数下限、允许更换人员次数、请假是否须甲方同意、值班时段。"""

    posts: tuple[StaffPost, ...] = ()
    min_on_site: int = 0
    max_changes: int | None = None  # None = 合同未限制
    leave_client_approval: bool = False
    duty: tuple[DutyBand, ...] = ()
    note: str = ""

    def post(self, pid: str) -> StaffPost | None:
        return next((p for p in self.posts if p.id == pid), None)


@dataclass(frozen=True, slots=True)
class Contract:
    id: str
    name: str
    start: dt.date
    end: dt.date
    parties: tuple[Party, ...] = ()
    amount: Decimal | None = None  # 元，精确到分
    currency: str = "CNY"
    signed: dt.date | None = None
    source: str = ""
    platforms: tuple[str, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    scoring: Scoring = dataclasses.field(default_factory=Scoring)
    payments: tuple[Payment, ...] = ()
    checkpoints: tuple[Checkpoint, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    notes: tuple[str, ...] = ()
    staffing: Staffing | None = None
    digest: str = ""
    warnings: tuple[Issue, ...] = ()

    def obligation(self, oid: str) -> Obligation:
        for ob in self.obligations:
            if ob.id == oid:
                return ob
        raise KeyError(oid)

    @property
    def months(self) -> float:
        return months_between(self.start, self.end)


@dataclass(slots=True)
class ValidationReport:
    errors: list[Issue]
    warnings: list[Issue]
    contract: Contract | None

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "errors": [i.to_dict() for i in self.errors],
            "warnings": [i.to_dict() for i in self.warnings],
            "contract": self.contract.id if self.contract else None,
        }


def months_between(start: dt.date, end: dt.date) -> float:
    """start..end（含两端）跨越的月数；整月计整数，零头按当月天数折算。"""
    months = 0.0
    cur = start
    while cur <= end:
        nxt = add_months(dt.date(cur.year, cur.month, 1), 1)
        month_end = min(end, nxt - dt.timedelta(days=1))
        days_in_month = (nxt - dt.date(cur.year, cur.month, 1)).days
        months += ((month_end - cur).days + 1) / days_in_month
        cur = month_end + dt.timedelta(days=1)
    return round(months, 6)


def add_months(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.month - 1 + n, 12)
    year, month = day.year + y, m + 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
