"""付款节点（按考核结果拨付）、验收/报送节点、违约金（逾期日、比例）。"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rongmei.engines.kpi import evaluate, load_template
from rongmei.engines.workdays import add_workdays

from .factsets import set_a, set_b, to_factset

D = dt.date


def test_anyuan_payments_scaled_by_half_year_assessment():
    contract = load_template("anyuan-employment")
    ev = evaluate(contract, to_factset(set_b()), as_of=D(2025, 12, 31))
    pay = {p.id: p for p in ev.payments}
    assert pay["first"].ratio == 0.3 and pay["first"].status == "payable"
    assert pay["first"].due_date == add_workdays(D(2025, 1, 1), 7)
    assert pay["first"].amount_due is None  # 合同金额未约定
    # 半年考核：set_b 上半年 81.778333 分，不合格，按得分比例拨付
    assert pay["second"].scale == pytest.approx(0.817783, abs=1e-5) and pay["second"].scale_final
    assert pay["second"].due_date == add_workdays(D(2025, 6, 30), 7)
    assert pay["third"].scale == 1.0 and pay["third"].due_date == add_workdays(D(2025, 10, 31), 7)

    early = evaluate(contract, to_factset(set_a()), as_of=D(2025, 5, 1))
    second = next(p for p in early.payments if p.id == "second")
    assert second.status == "pending" and not second.scale_final


def test_anyuan_monthly_report_checkpoints():
    contract = load_template("anyuan-employment")
    rows = set_a() + [
        {"type": "deliverable", "date": "2025-02-04", "kind": "report", "item": "月报-2025-01"},
        {"type": "deliverable", "date": "2025-03-09", "kind": "report", "item": "月报-2025-02"},
    ]
    ev = evaluate(contract, to_factset(rows), as_of=D(2025, 4, 10))
    cps = {c.name: c for c in ev.checkpoints}
    assert cps["上月运营数据报告（2025-01）"].status == "on_time"
    feb = cps["上月运营数据报告（2025-02）"]
    assert (feb.status, feb.days_late, feb.due) == ("late", 4, D(2025, 3, 5))
    mar = cps["上月运营数据报告（2025-03）"]
    assert (mar.status, mar.days_late) == ("overdue", 5)
    assert cps["上月运营数据报告（2025-05）"].status == "upcoming"


def _bj_rows(reads_before: int, reads_during: int) -> list[dict]:
    rows = [
        {"type": "metric", "date": "2022-08-01", "platform": "wechat", "name": "reads", "value": reads_before},
        {"type": "metric", "date": "2023-08-01", "platform": "wechat", "name": "reads", "value": reads_during},
        {"type": "metric", "date": "2023-06-30", "platform": "wechat", "name": "followers_total", "value": 100000},
        {"type": "metric", "date": "2024-06-30", "platform": "wechat", "name": "followers_total", "value": 112000},
        {"type": "deliverable", "date": "2024-01-20", "kind": "report", "item": "mid_report"},
        {"type": "acceptance", "date": "2024-07-05", "checkpoint": "final_acceptance", "passed": False},
    ]
    return rows


def test_beijing_late_delivery_penalty_per_day():
    contract = load_template("beijing-planning-2023")
    ev = evaluate(contract, to_factset(_bj_rows(1000, 1200)), as_of=D(2024, 7, 10))
    cps = {c.id: c for c in ev.checkpoints}
    assert (cps["mid_report"].status, cps["mid_report"].days_late) == ("late", 5)  # 1/15 截止，1/20 交
    assert (cps["final_report"].status, cps["final_report"].days_late) == ("overdue", 10)  # 6/30 截止，至 7/10 未交
    late = next(p for p in ev.penalties if p.id == "late_delivery")
    # (5 + 10) 天 × 0.3% = 4.5%，930000 × 4.5% = 41850，仍在累计
    assert late.days == 15 and late.ratio == pytest.approx(0.045) and late.amount == pytest.approx(41850)
    assert late.status == "accruing"


def test_beijing_growth_penalty_and_failed_acceptance():
    contract = load_template("beijing-planning-2023")
    ok = evaluate(contract, to_factset(_bj_rows(1000, 1200)), as_of=D(2024, 7, 10))
    growth = next(p for p in ok.penalties if p.id == "growth_missed")
    # 阅读 +20%，用户 100000 → 112000 = +12%：都达标
    assert growth.status == "none" and growth.amount == 0
    missed = evaluate(contract, to_factset(_bj_rows(1000, 1050)), as_of=D(2024, 7, 10))
    growth = next(p for p in missed.penalties if p.id == "growth_missed")
    assert growth.status == "incurred" and growth.amount == pytest.approx(46500)  # 5% × 930000
    assert "阅读总量增长率" in growth.detail
    twice = next(p for p in ok.penalties if p.id == "acceptance_failed_twice")
    assert twice.status == "at_risk"  # 只不合格 1 次
    rows = _bj_rows(1000, 1200) + [
        {"type": "acceptance", "date": "2024-07-12", "checkpoint": "final_acceptance", "passed": False}]
    ev = evaluate(contract, to_factset(rows), as_of=D(2024, 7, 15))
    twice = next(p for p in ev.penalties if p.id == "acceptance_failed_twice")
    assert twice.status == "incurred" and twice.amount == pytest.approx(186000)  # 20%
    final = next(p for p in ev.payments if p.id == "final")
    assert final.status == "pending" and final.amount_due == 230000


def test_beijing_payments_after_acceptance():
    contract = load_template("beijing-planning-2023")
    rows = _bj_rows(1000, 1200) + [
        {"type": "acceptance", "date": "2024-07-12", "checkpoint": "final_acceptance", "passed": True}]
    ev = evaluate(contract, to_factset(rows), as_of=D(2024, 7, 15))
    pay = {p.id: p for p in ev.payments}
    assert pay["first"].due_date == add_workdays(D(2023, 6, 28), 15) and pay["first"].amount_due == 700000
    assert pay["final"].status == "payable" and pay["final"].due_date == D(2024, 7, 12)


def test_money_is_exact_decimal_to_the_fen():
    """付款与违约金金额用 Decimal 计算到分（0.3% × 930000 × 15 天不会出现 41849.999…），JSON 中为十进制字符串。"""
    contract = load_template("beijing-planning-2023")
    assert contract.amount == Decimal("930000.00")
    ev = evaluate(contract, to_factset(_bj_rows(1000, 1200)), as_of=D(2024, 7, 10))
    late = next(p for p in ev.penalties if p.id == "late_delivery")
    assert isinstance(late.amount, Decimal) and late.amount == Decimal("41850.00")
    first = next(p for p in ev.payments if p.id == "first")
    assert isinstance(first.amount_due, Decimal) and first.amount_due == Decimal("700000.00")
    data = ev.to_dict()
    assert data["amount"] == "930000.00" and data["payments"][0]["amount_due"] == "700000.00"


def test_contract_warnings_read_as_chinese_without_yaml_paths():
    ev = evaluate(load_template("anyuan-employment"), to_factset(set_a()), as_of=D(2025, 12, 31))
    assert ev.warnings
    for text in ev.warnings:
        assert "[" not in text and "after_end_workdays" not in text and "due /" not in text, text
    assert any("没有约定截止日期" in w and "“" in w for w in ev.warnings)
