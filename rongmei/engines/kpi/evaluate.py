"""评估：评分表、加分、合格与拨付比例、验收/报送节点、付款节点与违约金。"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from ..numfmt import format_value
from ..workdays import CalendarCoverageError, add_workdays
from .contract import RULES, Contract, add_months, money
from .facts import FactSet
from .measure import measure_obligation
from .measure.base import ROUNDING_SLACK
from .periods import ONE, resolve_period
from .results import (
    BonusResult,
    CategoryResult,
    CheckpointResult,
    Evaluation,
    Evidence,
    IndicatorResult,
    ObligationResult,
    PaymentResult,
    PenaltyResult,
    PeriodInfo,
)
from .selection import evidence_of, select_facts

__all__ = ["ENGINE_VERSION", "evaluate", "score_rule"]

ENGINE_VERSION = "kpi-2"  # kpi-2: scores to date, one measurement per obligation, no score without a scoring table


#: a score is a float sum of weights (e.g. 14.2 + 11.25 + …); "reaches the pass line" allows for the last
#: bits of binary rounding so that a score of exactly 60.0 out of 100 passes a 60 % line
PASS_SLACK = 1e-12


def _fmt(x: float | None) -> str:
    return format_value(x)


@dataclass(frozen=True, slots=True)
class ScoreBasis:
    """The figures a scoring rule reads: value so far, the target it is scored against, what is missing."""

    value: float
    target: float
    shortfall: float


def basis_to_date(ob: ObligationResult) -> ScoreBasis:
    """Scored to date: against what was due by the as-of date; per-unit shortfalls of ended units only.

    At or after the end of the window this is the whole-period basis (due = target, all units ended).
    """
    value = ob.measurement.value if ob.measurement and ob.measurement.value is not None else 0.0
    due = ob.target_to_date if ob.target_to_date is not None else (ob.target or 0.0)
    if ob.measure in ("share", "growth", "max"):
        due = ob.target or 0.0
    return ScoreBasis(value, due, ob.shortfall_to_date)


def basis_projected(ob: ObligationResult) -> ScoreBasis:
    """Projected to the end of the period if the pace so far continues."""
    target = ob.target or 0.0
    now = basis_to_date(ob)
    if ob.measure in ("share", "growth", "max"):
        return ScoreBasis(now.value, target, max(0.0, target - now.value))
    if ob.per != "period" and ob.units:
        ended = sum(1 for u in ob.units if u.elapsed)
        missing = now.shortfall * len(ob.units) / ended if ended else 0.0
        value = ob.pace.projected if ob.pace.projected is not None else now.value
        return ScoreBasis(min(value, target), target, missing)
    value = ob.pace.projected if ob.pace.projected is not None else now.value
    return ScoreBasis(value, target, max(0.0, target - value))


def score_rule(rule: str, weight: float, ob: ObligationResult, deduct: float = 0.0,
               basis: ScoreBasis | None = None) -> tuple[float, str]:
    """按规则计分，返回 (得分, 中文计算说明)。默认按截至日期的口径（basis_to_date）。"""
    b = basis or basis_to_date(ob)
    unit = ob.measurement.unit if ob.measurement else ob.unit
    shown = (lambda x: format_value(x, unit or None))  # noqa: E731
    if rule == "proportional":
        ratio = max(0.0, b.value) / b.target if b.target else 1.0
        score = weight * min(ratio, 1.0)
        return score, f"{weight:g} × min({shown(b.value)} / {shown(b.target)}, 1) = {score:.4g}"
    if rule == "deduct_per_unit":
        score = max(0.0, weight - deduct * b.shortfall)
        each = "（各单位缺口之和）" if ob.per != "period" else ""
        return score, (f"缺 {shown(b.shortfall)}{each}，{weight:g} − {deduct:g} × {b.shortfall:g} = {score:.4g}"
                       "（最低 0 分）")
    if rule == "share":
        score = weight * max(0.0, min(b.value, 1.0))
        return score, f"{weight:g} × 达标占比 {format_value(b.value, 'ratio', digits=2)} = {score:.4g}"
    if rule == "threshold":
        final_now = basis is None and ob.measurement is not None and ob.measurement.final
        met = ob.met if final_now else b.value >= b.target - ROUNDING_SLACK
        score = weight if met else 0.0
        return score, f"{'已' if met else '未'}达标，得 {score:g} 分"
    raise ValueError(f"未知计分规则：{rule}")


def _period_matches(codes: tuple[str, ...], period: PeriodInfo) -> bool:
    return period.code in codes or (period.kind == "month" and "month" in codes)


def _obligations(
    contract: Contract, facts: FactSet, period: PeriodInfo, as_of: dt.date, cap: int, series: bool, warnings: list[str]
) -> dict[str, ObligationResult]:
    out: dict[str, ObligationResult] = {}
    for ob in contract.obligations:
        try:
            out[ob.id] = measure_obligation(ob, contract, facts, period, as_of, evidence_cap=cap, include_series=series)
        except CalendarCoverageError as exc:
            warnings.append(f"义务“{ob.name}”无法按工作日计算：{exc}")
    return out


def _checkpoints(contract: Contract, facts: FactSet, as_of: dt.date) -> list[CheckpointResult]:
    out: list[CheckpointResult] = []
    for cp in contract.checkpoints:
        if cp.kind == "acceptance":
            acc = [f for f in facts.of_type("acceptance", None, as_of) if f.checkpoint == cp.id]
            fails = sum(1 for f in acc if f.passed is False)
            ok = next((f for f in acc if f.passed), None)
            due = cp.due or (add_workdays(contract.end, cp.after_end_workdays) if cp.after_end_workdays else None)
            if ok:
                status, label = "accepted", "验收合格"
            elif fails:
                status, label = "failed", f"验收不合格 {fails} 次"
            elif due and as_of > due:
                status, label = "overdue", "已过验收期限，尚无验收结论"
            else:
                status, label = "open", "待验收"
            out.append(CheckpointResult(cp.id, cp.name, cp.kind, due, ok.date if ok else None, status, label,
                                        0, fails, [f.ref for f in acc]))
            continue
        instances: list[tuple[str, str, dt.date | None, dt.date]] = []  # (后缀, 月份键, 截止日, 窗口起点)
        if cp.recurring == "month":
            cur = dt.date(contract.start.year, contract.start.month, 1)
            while cur <= contract.end:
                base = add_months(cur, 1) if cp.next_month else cur
                day = min(cp.day or 1, _cal.monthrange(base.year, base.month)[1])
                key = f"{cur.year}-{cur.month:02d}"
                instances.append((f"（{key}）", key, dt.date(base.year, base.month, day), cur))
                cur = add_months(cur, 1)
        else:
            due = cp.due
            if due is None and cp.after_end_workdays is not None:
                due = add_workdays(contract.end, cp.after_end_workdays)
            instances.append(("", "", due, contract.start))
        candidates = select_facts(facts, cp.evidence, None, as_of) if cp.evidence else []
        used: set[str] = set()
        for suffix, key, due, wstart in instances:
            match = None
            if key:
                match = next((f for f in candidates if f.ref not in used and key in ((f.item or "") + (f.note or ""))), None)
            if match is None:
                match = next((f for f in candidates if f.ref not in used and f.date >= wstart
                              and not (key and re.search(r"\d{4}-\d{2}", (f.item or "") + (f.note or "")))), None)
            if match:
                used.add(match.ref)
            delivered = match.date if match else None
            if delivered:
                late = max(0, (delivered - due).days) if due else 0
                status, label = ("late", f"逾期 {late} 天交付") if late else ("on_time", "按时交付")
            elif due and as_of > due:
                late = (as_of - due).days
                status, label = "overdue", f"已逾期 {late} 天未交付"
            else:
                late = 0
                status, label = "upcoming", "未到期"
            out.append(CheckpointResult(cp.id, cp.name + suffix, cp.kind, due, delivered, status, label, late, 0,
                                        [match.ref] if match else []))
    return out


def _payments(
    contract: Contract, facts: FactSet, as_of: dt.date, evaluation_ratio: dict[str, tuple[float, bool]],
    checkpoints: list[CheckpointResult],
) -> list[PaymentResult]:
    out: list[PaymentResult] = []
    for p in contract.payments:
        base_amount = p.amount if p.amount is not None else (
            money(contract.amount * Decimal(str(p.ratio))) if contract.amount is not None and p.ratio is not None
            else None)
        ratio = p.ratio if p.ratio is not None else (
            float(p.amount / contract.amount) if contract.amount and p.amount is not None else None)
        trigger_day: dt.date | None
        if p.trigger == "signing":
            trigger_day = contract.signed or contract.start
            what = f"签订合同（{trigger_day}）"
        elif p.trigger == "months":
            trigger_day = add_months(contract.start, p.months) - ONE
            what = f"合同满 {p.months} 个月（{trigger_day}）"
        elif p.trigger == "date":
            trigger_day = p.date
            what = f"约定日期 {p.date}"
        else:
            cp = next((c for c in checkpoints if c.id == p.checkpoint), None)
            trigger_day = cp.delivered if cp and cp.status == "accepted" else None
            what = f"“{cp.name if cp else p.checkpoint}”验收合格" + (f"（{trigger_day}）" if trigger_day else "")
        due = add_workdays(trigger_day, p.workdays) if trigger_day and p.workdays else trigger_day
        scale, final = 1.0, True
        detail = f"{what}后 {p.workdays} 个工作日内支付" if p.workdays else f"{what}时支付"
        if p.scaled_by:
            scale, final = evaluation_ratio.get(p.scaled_by, (1.0, False))
            detail += f"；按{'' if final else '（暂按当前数据估算的）'}{p.scaled_by} 考核拨付比例 {scale:.2%} 拨付"
        if trigger_day is None or as_of < trigger_day:
            status, label = "pending", "付款条件未满足"
        else:
            status, label = "payable", f"应于 {due} 前支付" if due else "应支付"
        amount_due = money(base_amount * Decimal(str(scale))) if base_amount is not None else None
        if base_amount is None:
            detail += "；合同金额未约定，只给出比例"
        out.append(PaymentResult(p.id, p.name, p.trigger, ratio, base_amount, scale, final, amount_due, due,
                                 status, label, detail))
    return out


def _penalties(
    contract: Contract, facts: FactSet, as_of: dt.date, checkpoints: list[CheckpointResult],
    annual: dict[str, ObligationResult],
) -> list[PenaltyResult]:
    out: list[PenaltyResult] = []
    for pen in contract.penalties:
        days, status, label, detail = 0, "none", "未发生", ""
        if pen.kind == "per_day_late":
            hits = [c for c in checkpoints if c.id in pen.checkpoints and c.days_late > 0]
            days = sum(c.days_late for c in hits)
            if hits:
                accruing = any(c.status == "overdue" for c in hits)
                status, label = ("accruing", "逾期中，仍在累计") if accruing else ("incurred", "已发生")
                detail = "；".join(f"{c.name} {c.status_label}" for c in hits)
                if pen.max_days and any(c.days_late > pen.max_days for c in hits):
                    detail += f"；逾期超过 {pen.max_days:g} 日，甲方有权解除合同"
            ratio = pen.rate * days
        else:
            ratio = 0.0
            reasons: list[str] = []
            if pen.when_missed:
                results = [annual[o] for o in pen.when_missed if o in annual]
                unknown = [r for r in results if not r.met and r.measurement and r.measurement.value is None]
                missed = [r for r in results if not r.met and r not in unknown]
                ended = as_of >= contract.end
                if unknown:
                    status, label = "at_risk", "缺少数据，无法判断"
                    reasons.append("缺少数据：" + "、".join(r.name for r in unknown))
                if missed and ended:
                    status, label, ratio = "incurred", "已发生", pen.rate
                    reasons.append("未达标：" + "、".join(r.name for r in missed))
                elif missed and any(r.pace.status in ("red", "amber") for r in missed):
                    status, label = "at_risk", "有风险"
                    reasons.append("进度滞后：" + "、".join(r.name for r in missed if r.pace.status in ("red", "amber")))
            if pen.failed_checkpoint and pen.failed_times:
                fails = next((c.failures for c in checkpoints if c.id == pen.failed_checkpoint), 0)
                if fails >= pen.failed_times:
                    status, label, ratio = "incurred", "已发生", pen.rate
                    reasons.append(f"验收不合格 {fails} 次")
                elif fails:
                    status, label = "at_risk", "有风险"
                    reasons.append(f"已验收不合格 {fails} 次")
            detail = "；".join(reasons)
        ratio = round(ratio, 6)
        amount = money(Decimal(str(ratio)) * contract.amount) if contract.amount is not None else None
        out.append(PenaltyResult(pen.id, pen.name, pen.kind, status, label, pen.rate, days, ratio, amount, detail))
    return out


def _indicator(ind_id: str, name: str, cat_id: str, cat_name: str, rule: str, rule_label: str, weight: float,
               ob: ObligationResult, deduct: float = 0.0) -> IndicatorResult:
    """One row of the scoring table: scored to date, with the projected end-of-period score beside it."""
    score, how = score_rule(rule, weight, ob, deduct)
    final = ob.measurement.final if ob.measurement else True
    projected = score if final else score_rule(rule, weight, ob, deduct, basis_projected(ob))[0]
    if not final:
        how = f"截至 {ob.measurement.end}：{how}"
    return IndicatorResult(
        ind_id, name, cat_id, cat_name, rule, rule_label, round(score, 4), weight,
        ob.measurement.value if ob.measurement else ob.pace.done, ob.target,
        ob.measurement.unit if ob.measurement else ob.unit, ob.id, ob.completion, how,
        ob.evidence, target_to_date=ob.target_to_date, projected_score=round(projected, 4), final=final,
    )


def _weighted_indicators(contract: Contract, obs: dict[str, ObligationResult]):
    """The contract's own scoring table (scoring.mode = weighted)."""
    indicators: list[IndicatorResult] = []
    categories: list[CategoryResult] = []
    for cat in contract.scoring.categories:
        rows = [_indicator(ind.id, ind.name, cat.id, cat.name, ind.rule, RULES[ind.rule], ind.weight,
                           obs[ind.obligation], ind.deduct)
                for ind in cat.items if ind.obligation in obs]
        indicators += rows
        categories.append(CategoryResult(cat.id, cat.name, round(sum(i.score for i in rows), 4), cat.weight))
    return indicators, categories


def _bonuses(contract: Contract, facts: FactSet, info: PeriodInfo, as_of: dt.date,
             obs: dict[str, ObligationResult], cap: int) -> list[BonusResult]:
    scoring = contract.scoring
    out: list[BonusResult] = []
    manual_ids = {b.id for b in scoring.bonus if b.manual}
    first_manual = next((b.id for b in scoring.bonus if b.manual), None)
    awards = facts.of_type("award", info.start, min(info.end, as_of))
    for b in scoring.bonus:
        if not _period_matches(b.periods, info):
            continue
        if b.manual:
            mine = [f for f in awards if f.bonus == b.id or (b.id == first_manual and f.bonus not in manual_ids)]
            pts = sum(f.points or 0.0 for f in mine)
            capped = min(pts, b.max) if b.max is not None else pts
            detail = f"人工认定 {len(mine)} 项，合计 {pts:g} 分" + (f"，上限 {b.max:g} 分" if b.max is not None else "")
            out.append(BonusResult(b.id, b.name, True, capped, capped > 0, pts, None, b.max, detail,
                                   evidence_of(mine, cap, lambda f: f.points)))
            continue
        ob = obs.get(b.obligation or "")
        actual = (ob.measurement.value or 0.0) if ob and ob.measurement else 0.0
        hit = actual > (b.greater_than or 0.0)
        pts = (b.points or 0.0) if hit else 0.0
        unit = ob.unit if ob else None
        detail = (f"实际 {format_value(actual, unit)}，{'超过' if hit else '未超过'} "
                  f"{format_value(b.greater_than or 0.0, unit)}")
        out.append(BonusResult(b.id, b.name, False, pts, hit, actual, b.greater_than, b.max, detail,
                               ob.evidence if ob else Evidence()))
    return out


@dataclass(slots=True)
class _Verdict:
    score: float | None
    base: float | None
    bonus: float
    max: float | None
    achievement: float
    passed: bool
    payment_ratio: float | None
    projected_score: float | None


def _verdict(contract: Contract, obs: dict[str, ObligationResult], indicators: list[IndicatorResult],
             bonuses: list[BonusResult]) -> _Verdict:
    """Score, pass/fail and payment ratio as the contract states them.

    Without a scoring table (scoring.mode = completion) there is no score: the verdict is "all scored
    obligations met", payment follows the contract's payment and penalty clauses (payment_ratio None
    unless passed), and achievement is the mean completion, for information only.
    """
    scoring = contract.scoring
    scored = [obs[o.id] for o in contract.obligations if o.scored and o.id in obs]
    if scoring.mode != "weighted":
        passed = all(r.met for r in scored)
        mean = sum(r.completion for r in scored) / len(scored) if scored else 1.0
        return _Verdict(None, None, 0.0, None, mean, passed, scoring.payment_when_passed if passed else None, None)
    base = sum(i.score for i in indicators)
    bonus = sum(b.points for b in bonuses)
    score = base + bonus
    projected = sum(i.projected_score if i.projected_score is not None else i.score for i in indicators) + bonus
    achievement = min(score, scoring.max) / scoring.max if scoring.max else 0.0
    if scoring.pass_all_met:
        passed = all(r.met for r in scored)
    else:
        passed = achievement >= scoring.pass_ratio - PASS_SLACK
    if passed:
        ratio = scoring.payment_when_passed
    else:
        ratio = achievement if scoring.payment_when_failed == "score" else 0.0
    return _Verdict(score, base, bonus, scoring.max, achievement, passed, ratio, projected)


def _contract_terms(contract: Contract, facts: FactSet, info: PeriodInfo, as_of: dt.date,
                    obs: dict[str, ObligationResult], payment_ratio: float | None, warnings: list[str]):
    """Checkpoints, payments (scaled by another period's ratio where the contract says so) and penalties."""
    checkpoints: list[CheckpointResult] = []
    try:
        checkpoints = _checkpoints(contract, facts, as_of)
    except CalendarCoverageError as exc:
        warnings.append(f"节点截止日无法计算：{exc}")
    ratios: dict[str, tuple[float, bool]] = {}
    for p in contract.payments:
        if p.scaled_by and p.scaled_by not in ratios:
            if p.scaled_by == info.code:
                sub_ratio, sub_end = payment_ratio, info.end
            else:
                sub = evaluate(contract, facts, as_of=as_of, period=p.scaled_by, include_series=False,
                               evidence_cap=0, _nested=True)
                sub_ratio, sub_end = sub.payment_ratio, sub.period.end
            ratios[p.scaled_by] = (1.0 if sub_ratio is None else sub_ratio, as_of >= sub_end)
    payments: list[PaymentResult] = []
    try:
        payments = _payments(contract, facts, as_of, ratios, checkpoints)
    except CalendarCoverageError as exc:
        warnings.append(f"付款期限无法计算：{exc}")
    annual: dict[str, ObligationResult] = {}
    if any(p.when_missed for p in contract.penalties):
        annual = obs if info.code == "annual" else _obligations(
            contract, facts, resolve_period(contract, "annual"), as_of, 0, False, [])
    return checkpoints, payments, _penalties(contract, facts, as_of, checkpoints, annual)


def evaluate(
    contract: Contract,
    facts: FactSet,
    *,
    as_of: dt.date,
    period: str = "annual",
    include_series: bool = True,
    evidence_cap: int = 50,
    _nested: bool = False,
) -> Evaluation:
    """评估合同在某考核期、截至 as_of 的履约情况。考核期外或 as_of 之后的事实不计入。

    考核期未结束时，评分为“截至当日”的得分（只计已过去的月份/单位），projected_score 为按当前进度预计的期末得分。
    """
    info = resolve_period(contract, period)
    warnings: list[str] = [w.plain() for w in contract.warnings] if not _nested else []
    if as_of < info.start:
        warnings.append(f"截至日期 {as_of} 早于考核期开始 {info.start}，尚无可计入的事实")
    obs = _obligations(contract, facts, info, as_of, evidence_cap, include_series, warnings)
    has_score = contract.scoring.mode == "weighted"
    indicators, categories = _weighted_indicators(contract, obs) if has_score else ([], [])
    bonuses = _bonuses(contract, facts, info, as_of, obs, evidence_cap) if has_score else []
    verdict = _verdict(contract, obs, indicators, bonuses)
    checkpoints: list[CheckpointResult] = []
    payments: list[PaymentResult] = []
    penalties: list[PenaltyResult] = []
    if not _nested:
        checkpoints, payments, penalties = _contract_terms(contract, facts, info, as_of, obs,
                                                           verdict.payment_ratio, warnings)
    window_end = min(info.end, as_of)
    used = sum(len(facts.of_type(t, info.start, window_end)) for t in facts.counts()) if window_end >= info.start else 0
    return Evaluation(
        contract_id=contract.id,
        contract_name=contract.name,
        contract_digest=contract.digest,
        facts_digest=facts.digest,
        engine_version=ENGINE_VERSION,
        period=info,
        as_of=as_of,
        score=_r4(verdict.score),
        base=_r4(verdict.base),
        bonus=round(verdict.bonus, 4),
        max=verdict.max,
        passed=verdict.passed,
        pass_ratio=contract.scoring.pass_ratio,
        achievement=round(verdict.achievement, 6),
        payment_ratio=None if verdict.payment_ratio is None else round(verdict.payment_ratio, 6),
        scoring_mode=contract.scoring.mode,
        indicators=indicators,
        categories=categories,
        bonuses=bonuses,
        obligations=list(obs.values()),
        checkpoints=checkpoints,
        payments=payments,
        penalties=penalties,
        warnings=warnings,
        facts_total=len(facts),
        facts_used=used,
        facts_ignored=len(facts) - used,
        amount=contract.amount,
        currency=contract.currency,
        has_score=has_score,
        final=as_of >= info.end,
        projected_score=_r4(verdict.projected_score),
    )


def _r4(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
