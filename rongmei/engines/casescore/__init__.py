"""典型案例评审的计分（纯 Python，无 Django）：专家评分表 → 专家总分 → 汇总（平均或去掉最高最低）→
与公众投票、平台数据按权重合成 → 排名。全程用分数（fractions.Fraction）精确计算，只在输出时保留两位小数，
同分判定不受浮点误差影响。

规则（页面“计分规则”与 docs 里引用的就是这里）：

* 专家总分（百分制）＝ Σ(指标得分 ÷ 指标满分 × 指标权重) ÷ Σ指标权重 × 100。
* 汇总：``mean`` 为全部专家总分的平均；``trimmed`` 去掉 ``trim`` 个最高分和 ``trim`` 个最低分后平均，
  专家人数不足 2×trim+1 时按平均计算（结果里 ``trimmed`` 为 False 并说明）。
* 离群：至少 3 位专家时，某位专家的总分与该案例全部专家总分的中位数相差超过 ``outlier_points`` 分
  （默认 15 分）即标为离群，只提示、不剔除（是否去掉由汇总方式决定）。
* 合成：最终得分＝(专家权重×专家汇总分 + 投票权重×投票分 + 数据权重×平台数据分) ÷ 权重之和；
  投票分、平台数据分为 0–100 分，权重为 0 的部分不参与，缺少的按 0 分并在结果里注明。
* 同分排序：依次比较 ① 最终得分 ② 专家汇总分 ③ 各指标得分率（按指标顺序，“内容”在前）
  ④ 首次提交时间早者在前 ⑤ 案例编号小者在前。规则是全序，不出现并列名次。
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from statistics import median

__all__ = ["CaseInput", "CaseResult", "Config", "Criterion", "ScoreError", "aggregate", "combine", "outliers",
           "rank", "sheet_errors", "sheet_total"]

METHODS = ("mean", "trimmed")


class ScoreError(ValueError):
    """评分表或配置不合法（中文说明）。"""


@dataclass(frozen=True)
class Criterion:
    key: str
    name: str
    weight: Fraction | float | int | str
    max_score: Fraction | float | int | str


@dataclass(frozen=True)
class Config:
    criteria: Sequence[Criterion]
    method: str = "mean"
    trim: int = 1
    outlier_points: Fraction | float | int | str = 15
    expert_weight: Fraction | float | int | str = 100
    vote_weight: Fraction | float | int | str = 0
    data_weight: Fraction | float | int | str = 0

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ScoreError("汇总方式只能是“平均”或“去掉最高最低后平均”")
        if not self.criteria:
            raise ScoreError("至少要有一项评分指标")
        if sum(_f(c.weight) for c in self.criteria) <= 0:
            raise ScoreError("评分指标的权重之和须大于 0")
        if any(_f(c.weight) < 0 or _f(c.max_score) <= 0 for c in self.criteria):
            raise ScoreError("指标权重不能为负，满分须大于 0")
        if self.trim < 0:
            raise ScoreError("去掉的最高/最低分个数不能为负")
        weights = [_f(self.expert_weight), _f(self.vote_weight), _f(self.data_weight)]
        if any(w < 0 for w in weights) or sum(weights) <= 0:
            raise ScoreError("专家评分、公众投票、平台数据的权重不能为负，且之和须大于 0")


@dataclass(frozen=True)
class CaseInput:
    key: str
    sheets: Mapping[str, Mapping[str, object]]  # 专家 → {指标 key: 得分}
    vote: object | None = None  # 0–100
    data: object | None = None  # 0–100
    order: int = 0  # 首次提交的先后（小者在前）


@dataclass
class CaseResult:
    key: str
    expert_totals: dict[str, Fraction]
    expert_score: Fraction | None
    final: Fraction | None
    criterion_rates: tuple[Fraction, ...]
    outliers: frozenset[str]
    trimmed: bool
    notes: list[str] = field(default_factory=list)
    rank: int = 0

    def rounded(self, value: Fraction | None) -> float | None:
        return None if value is None else round(float(value), 2)


def _f(value) -> Fraction:
    """精确的分数。字符串只接受十进制小数（如“7.5”），不接受“10/3”、NaN、无穷大。"""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float | str):
        number = Decimal(str(value).strip())  # 不合法时抛 InvalidOperation（ArithmeticError）
        if not number.is_finite():
            raise ValueError("不是有限的数")
        return Fraction(number)
    return Fraction(value)


def sheet_errors(config: Config, values: Mapping[str, object]) -> list[str]:
    """一张评分表的问题（中文），空表示可以提交。"""
    errors = []
    for c in config.criteria:
        raw = values.get(c.key)
        if raw in (None, ""):
            errors.append(f"请给“{c.name}”打分")
            continue
        try:
            v = _f(raw)
        except (ValueError, TypeError, ArithmeticError):
            errors.append(f"“{c.name}”的得分不是数字")
            continue
        if not 0 <= v <= _f(c.max_score):
            errors.append(f"“{c.name}”的得分须在 0 到 {_f(c.max_score)} 分之间")
    return errors


def sheet_total(config: Config, values: Mapping[str, object]) -> Fraction:
    errors = sheet_errors(config, values)
    if errors:
        raise ScoreError("；".join(errors))
    total_weight = sum(_f(c.weight) for c in config.criteria)
    got = sum(_f(values[c.key]) / _f(c.max_score) * _f(c.weight) for c in config.criteria)
    return got / total_weight * 100


def aggregate(totals: Sequence[Fraction], method: str, trim: int = 1) -> tuple[Fraction | None, bool]:
    """(汇总分, 是否确实去掉了最高最低)。没有评分时为 (None, False)。"""
    values = sorted(_f(t) for t in totals)
    if not values:
        return None, False
    if method == "trimmed" and trim > 0 and len(values) >= 2 * trim + 1:
        kept = values[trim:len(values) - trim]
        return sum(kept) / len(kept), True
    return sum(values) / len(values), False


def outliers(totals: Mapping[str, Fraction], points) -> frozenset[str]:
    if len(totals) < 3:
        return frozenset()
    mid = median(sorted(_f(v) for v in totals.values()))
    return frozenset(k for k, v in totals.items() if abs(_f(v) - _f(mid)) > _f(points))


def combine(config: Config, expert: Fraction | None, vote, data) -> tuple[Fraction | None, list[str]]:
    if expert is None:
        return None, ["尚无专家评分"]
    notes = []
    parts = [(_f(config.expert_weight), expert)]
    for weight, value, name in ((config.vote_weight, vote, "公众投票"), (config.data_weight, data, "平台数据")):
        w = _f(weight)
        if w == 0:
            continue
        if value in (None, ""):
            notes.append(f"缺少{name}分，按 0 分计")
            value = 0
        v = _f(value)
        if not 0 <= v <= 100:
            raise ScoreError(f"{name}分须在 0 到 100 分之间")
        parts.append((w, v))
    total_weight = sum(w for w, _ in parts)
    return sum(w * v for w, v in parts) / total_weight, notes


def _rates(config: Config, sheets: Mapping[str, Mapping[str, object]], experts: Sequence[str]) -> tuple:
    if not experts:
        return tuple(Fraction(0) for _ in config.criteria)
    return tuple(sum(_f(sheets[e][c.key]) / _f(c.max_score) for e in experts) / len(experts)
                 for c in config.criteria)


def rank(config: Config, cases: Sequence[CaseInput]) -> list[CaseResult]:
    """全部案例的结果，按名次排好（没有专家评分的排在最后，名次为 0）。"""
    results = []
    for case in cases:
        totals = {e: sheet_total(config, values) for e, values in case.sheets.items()}
        expert, trimmed = aggregate(list(totals.values()), config.method, config.trim)
        final, notes = combine(config, expert, case.vote, case.data)
        if config.method == "trimmed" and totals and not trimmed:
            notes.append(f"专家不足 {2 * config.trim + 1} 位，按平均计算")
        results.append((case, CaseResult(
            key=case.key, expert_totals=totals, expert_score=expert, final=final,
            criterion_rates=_rates(config, case.sheets, sorted(totals)),
            outliers=outliers(totals, config.outlier_points), trimmed=trimmed, notes=notes)))

    def sort_key(pair):
        case, r = pair
        if r.final is None:
            return (1, 0, 0, (), case.order, case.key)
        return (0, -r.final, -r.expert_score, tuple(-x for x in r.criterion_rates), case.order, case.key)

    results.sort(key=sort_key)
    out = []
    for position, (_case, r) in enumerate(results, start=1):
        r.rank = position if r.final is not None else 0
        out.append(r)
    return out
