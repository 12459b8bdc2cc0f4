"""每种计分规则与义务类型（表驱动）。"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from rongmei.engines.kpi import evaluate, parse_contract

from .factsets import to_factset

D = dt.date


def contract_with(obligation: str, rule: str, *, extra_scoring: str = "") -> object:
    text = textwrap.dedent(
        """\
        schema: rongmei/contract-v1
        id: t
        name: 测试合同
        period: {start: 2025-01-01, end: 2025-12-31}
        obligations:
          - id: ob
            name: 测试义务
        """
    ) + textwrap.indent(textwrap.dedent(obligation), "    ") + textwrap.dedent(
        f"""\
        scoring:
          mode: weighted
          max: 10
          categories:
            - id: c
              name: 大类
              weight: 10
              items:
                - {{id: i, name: 指标, weight: 10, obligation: ob, {rule}}}
        {extra_scoring}
        """
    )
    report = parse_contract(text)
    assert report.ok, [str(e) for e in report.errors]
    return report.contract


def pubs(n: int, month: int = 3, platform: str = "douyin") -> list[dict]:
    return [{"type": "publication", "date": f"2025-{month:02d}-{i % 28 + 1:02d}", "platform": platform,
             "kind": "short_video", "item": f"X{month}-{i}"} for i in range(n)]


COUNT = "facts: {type: publication, platform: douyin}\ntarget: 20\n"
CASES = [
    # (义务定义, 计分规则, 事实, 期望得分, 说明)
    (COUNT, "rule: proportional", pubs(15), 7.5, "10 × 15/20"),
    (COUNT, "rule: proportional", pubs(25), 10.0, "超额封顶为满分"),
    (COUNT, "rule: deduct_per_unit, deduct: 0.5", pubs(16), 8.0, "少 4 条：10 − 0.5×4"),
    (COUNT, "rule: deduct_per_unit, deduct: 0.5", pubs(0), 0.0, "扣完为止，最低 0 分"),
    (COUNT, "rule: threshold", pubs(19), 0.0, "未达标 0 分"),
    (COUNT, "rule: threshold", pubs(20), 10.0, "达标满分"),
    ("facts: {type: live_session, platform: douyin}\nmeasure: share\nthreshold: {field: viewers, min: 800}\ntarget: 1\n",
     "rule: share",
     [{"type": "live_session", "date": "2025-02-01", "platform": "douyin", "minutes": 130, "viewers": v}
      for v in (820, 799, 1500, 100)], 5.0, "4 场中 2 场 ≥800：10 × 0.5"),
    ("facts: {type: live_session}\nmeasure: sum\nfield: hours\nper: month\ntarget: 24\n",
     "rule: deduct_per_unit, deduct: 0.05",
     [{"type": "live_session", "date": f"2025-{m:02d}-03", "platform": "douyin", "minutes": 23.5 * 60, "viewers": 1}
      for m in range(1, 13)], 9.7, "每月少 0.5 小时（小数也计），12 个月 6 小时：10 − 0.05×6"),
    ("facts: {type: metric, platform: douyin, name: [followers_gained, -followers_lost]}\nmeasure: sum\ntarget: 1000\n",
     "rule: proportional",
     [{"type": "metric", "date": "2025-05-01", "platform": "douyin", "name": "followers_gained", "value": 900},
      {"type": "metric", "date": "2025-05-02", "platform": "douyin", "name": "followers_lost", "value": 300}],
     6.0, "净增 900 − 300 = 600：10 × 0.6"),
    ("facts: {type: publication}\nmeasure: distinct\ntarget: 4\n", "rule: proportional",
     pubs(2, platform="douyin") + pubs(2, platform="kuaishou"), 5.0, "同一 item 发两个平台只计一次：2/4"),
    ("facts: {type: metric, name: followers_total}\nmeasure: level\ntarget: 100000\ndeadline: 2025-12-31\n",
     "rule: proportional",
     [{"type": "metric", "date": "2025-06-01", "platform": "wechat", "name": "followers_total", "value": 60000},
      {"type": "metric", "date": "2025-07-01", "platform": "douyin", "name": "followers_total", "value": 20000},
      {"type": "metric", "date": "2025-08-01", "platform": "wechat", "name": "followers_total", "value": 70000}],
     9.0, "各平台最新值之和 70000 + 20000 = 90000：10 × 0.9"),
    ("facts: {type: training, where: {course: {contains: 供稿员}}}\nmeasure: max\nfield: attendees\ntarget: 134\n",
     "rule: threshold",
     [{"type": "training", "date": "2025-04-01", "course": "基层信息供稿员培训", "hours": 3, "attendees": 140},
      {"type": "training", "date": "2025-04-02", "course": "视频采集员培训", "hours": 3, "attendees": 20}],
     10.0, "最多一次 140 人 ≥ 134"),
]


@pytest.mark.parametrize(("obligation", "rule", "rows", "expected", "why"), CASES, ids=[c[4] for c in CASES])
def test_rule(obligation, rule, rows, expected, why):
    contract = contract_with(obligation, rule)
    ev = evaluate(contract, to_factset(rows), as_of=D(2025, 12, 31))
    assert ev.indicators[0].score == pytest.approx(expected), ev.indicators[0].detail


def test_growth_against_previous_period():
    ob = "facts: {type: metric, name: reads}\nmeasure: growth\ntarget: 0.1\n"
    contract = contract_with(ob, "rule: threshold")
    before = [{"type": "metric", "date": "2024-06-01", "platform": "wechat", "name": "reads", "value": 1000}]
    during = [{"type": "metric", "date": "2025-06-01", "platform": "wechat", "name": "reads", "value": 1150}]
    ev = evaluate(contract, to_factset(before + during), as_of=D(2025, 12, 31))
    ob_res = ev.obligations[0]
    assert ob_res.actual == pytest.approx(0.15) and ob_res.met
    assert ev.indicators[0].score == 10
    low = evaluate(contract, to_factset(before + [{**during[0], "value": 1050}]), as_of=D(2025, 12, 31))
    assert low.obligations[0].actual == pytest.approx(0.05) and not low.obligations[0].met


def test_growth_of_level():
    ob = "facts: {type: metric, name: followers_total}\nmeasure: growth\ngrowth_of: level\ntarget: 0.1\n"
    contract = contract_with(ob, "rule: proportional")
    rows = [{"type": "metric", "date": "2024-12-31", "platform": "wechat", "name": "followers_total", "value": 50000},
            {"type": "metric", "date": "2025-12-30", "platform": "wechat", "name": "followers_total", "value": 52500}]
    ev = evaluate(contract, to_factset(rows), as_of=D(2025, 12, 31))
    assert ev.obligations[0].actual == pytest.approx(0.05)
    assert ev.indicators[0].score == pytest.approx(5.0)


def test_completion_mode_and_all_met_pass():
    text = textwrap.dedent(
        """\
        schema: rongmei/contract-v1
        id: t
        name: 完成率
        period: {start: 2025-01-01, end: 2025-12-31}
        obligations:
          - {id: a, name: 甲, facts: {type: deliverable, kind: poster}, target: 4}
          - {id: b, name: 乙, facts: {type: deliverable, kind: h5}, target: 2}
          - {id: c, name: 丙, facts: {type: deliverable, kind: h5}, target: 99, scored: false}
        scoring: {mode: completion}
        """
    )
    contract = parse_contract(text).contract
    rows = [{"type": "deliverable", "date": "2025-03-01", "kind": "poster", "item": f"P{i}"} for i in range(2)]
    rows += [{"type": "deliverable", "date": "2025-03-01", "kind": "h5", "item": f"H{i}"} for i in range(2)]
    ev = evaluate(contract, to_factset(rows), as_of=D(2025, 12, 31))
    # 两个计分义务各 50 分：50 × 2/4 + 50 × 2/2 = 75；甲未达标 → 不合格
    # 合同没有评分表：不编造 100 分制得分，只给完成率与合格结论；甲未达标 → 不合格，拨付按合同条款（无比例）
    assert not ev.has_score and ev.score is None and ev.indicators == []
    assert not ev.passed and ev.payment_ratio is None
    assert ev.achievement == 0.75  # 平均完成率 (2/4 + 2/2) / 2，仅供参考
    # 全部达标 → 合格，按合同拨付
    rows += [{"type": "deliverable", "date": "2025-04-01", "kind": "poster", "item": f"Q{i}"} for i in range(2)]
    ev = evaluate(contract, to_factset(rows), as_of=D(2025, 12, 31))
    assert ev.passed and ev.payment_ratio == 1.0 and ev.score is None
