"""进度与预测（A6）：应完成量、预计期末值、此后所需速度、红黄绿状态；按工作日的义务使用调休日历。"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from rongmei.engines.kpi import evaluate, load_template, parse_contract

from .factsets import set_a, to_factset

D = dt.date

OCT = textwrap.dedent(
    """\
    schema: rongmei/contract-v1
    id: oct
    name: 国庆月
    period: {start: 2025-10-01, end: 2025-10-31}
    obligations:
      - {id: wd, name: 每个工作日 2 篇, facts: {type: publication, platform: wechat}, per: workday, target: 2}
      - {id: hd, name: 节假日 1 篇, facts: {type: publication, platform: wechat}, per: non_workday, target: 1}
    scoring: {mode: completion}
    """
)


def wechat(day: str, n: int) -> list[dict]:
    return [{"type": "publication", "date": day, "platform": "wechat", "kind": "article", "item": f"{day}-{i}"}
            for i in range(n)]


def test_per_workday_pace_uses_makeup_workdays():
    contract = parse_contract(OCT).contract
    rows = wechat("2025-10-09", 2) + wechat("2025-10-10", 2) + wechat("2025-10-11", 2)
    ev = evaluate(contract, to_factset(rows), as_of=D(2025, 10, 11))
    wd = next(o for o in ev.obligations if o.id == "wd")
    labels = [u.label for u in wd.units]
    # 2025 年国庆中秋 10 月 1–8 日放假；10 月 11 日（星期六）调休上班，算工作日
    assert "2025-10-11" in labels and "2025-10-03" not in labels and "2025-10-12" not in labels
    assert wd.pace.expected == 6  # 10/9、10/10、10/11 三个工作日 × 2
    assert wd.pace.done == 6 and wd.pace.status == "green"
    assert wd.target == 2 * len(labels)
    # 余下工作日每天需 2 篇；按当前速度预计期末正好完成
    assert wd.pace.needed_rate == pytest.approx(2) and wd.pace.rate_unit == "工作日"
    assert wd.pace.projected == pytest.approx(wd.target)
    hd = next(o for o in ev.obligations if o.id == "hd")
    assert "2025-10-11" not in [u.label for u in hd.units]
    assert hd.pace.expected == 8  # 10/1–10/8 八天假期，每天 1 篇，都没发
    assert hd.pace.status == "red"


def test_status_thresholds_red_amber_green():
    contract = parse_contract(OCT).contract
    days = ["2025-10-09", "2025-10-10", "2025-10-11", "2025-10-13", "2025-10-14"]  # 5 个工作日，应完成 10 篇
    for n, status in ((10, "green"), (9, "amber"), (8, "red")):
        rows = [r for d in days for r in wechat(d, 2)][:n]
        ev = evaluate(contract, to_factset(rows), as_of=D(2025, 10, 14))
        wd = next(o for o in ev.obligations if o.id == "wd")
        assert (wd.pace.expected, wd.pace.status) == (10, status), n


def test_period_pace_projection_and_needed_rate():
    contract = load_template("anyuan-employment")
    rows = [r for r in set_a() if r["date"] <= "2025-03-31"]
    ev = evaluate(contract, to_factset(rows), as_of=D(2025, 3, 31))
    videos = next(o for o in ev.obligations if o.id == "dy_videos")
    # 已发 45 条；90/365 天已过，应完成 180 × 90/365 = 44.38 → 绿色
    assert videos.pace.done == 45
    assert videos.pace.expected == pytest.approx(180 * 90 / 365, abs=1e-4)
    assert videos.pace.status == "green"
    assert videos.pace.projected == pytest.approx(45 * 365 / 90, abs=1e-3)
    assert videos.pace.needed_rate == pytest.approx(135 / 275, abs=1e-4)  # 余下 275 天每天需 0.49 条
    # 逐日序列：实际到 3/31，计划线到年底
    assert videos.series["actual"][-1] == ("2025-03-31", 45.0)
    assert videos.series["plan"][-1] == ("2025-12-31", 180.0)
    assert len(videos.series["plan"]) == 365


def test_pending_before_start_and_done_after_target():
    contract = load_template("anyuan-employment")
    ev = evaluate(contract, to_factset(set_a()), as_of=D(2024, 12, 1))
    assert all(o.pace.status == "pending" for o in ev.obligations)
    assert any("早于考核期开始" in w for w in ev.warnings)
    done = evaluate(contract, to_factset(set_a()), as_of=D(2025, 12, 31))
    assert next(o for o in done.obligations if o.id == "dy_videos").pace.status == "done"


def test_level_pace_towards_deadline():
    contract = load_template("inner-mongolia-dpf-2025")
    rows = [{"type": "metric", "date": "2024-12-31", "platform": "wechat", "name": "followers_total", "value": 40000},
            {"type": "metric", "date": "2025-07-01", "platform": "wechat", "name": "followers_total", "value": 60000}]
    ev = evaluate(contract, to_factset(rows), as_of=D(2025, 7, 1))
    sub = next(o for o in ev.obligations if o.id == "subscribers")
    frac = 182 / 365
    assert sub.actual == 60000
    assert sub.pace.expected == pytest.approx(40000 + 60000 * frac, abs=0.01)  # 从 4 万线性增长到 10 万
    assert sub.pace.projected == pytest.approx(40000 + 20000 / frac, abs=0.01)
    assert sub.pace.status == "red"  # 60000 / 69918 ≈ 0.858 < 0.9
