"""安源模板金标准：全年、半年、单月；加分；合格与拨付；考核期外与截至日期之后的事实不计入。"""

from __future__ import annotations

import datetime as dt

import pytest

from rongmei.engines.kpi import evaluate, load_template

from .factsets import set_a, set_b, set_c, to_factset

D = dt.date


@pytest.fixture(scope="module")
def contract():
    return load_template("anyuan-employment")


def scores(ev):
    return {i.id: i.score for i in ev.indicators}


def test_set_a_annual_all_targets_met_exactly(contract):
    ev = evaluate(contract, to_factset(set_a()), as_of=D(2025, 12, 31), period="annual")
    # 180 条视频、120 万播放、净增 12000、144 场 ≥2h、每月 24h、单场全 ≥800、场观 144×2000=288000 ≥ 280000
    assert scores(ev) == {
        "video_count": 15, "video_plays": 15, "follower_growth": 20, "live_sessions": 15, "live_hours": 15,
        "live_viewers_each": 10, "live_viewers_total": 10,
    }
    assert (ev.base, ev.bonus, ev.score) == (100, 0, 100)  # 120 万未超过 150 万，无自动加分
    assert ev.passed and ev.payment_ratio == 1.0


def test_set_b_annual_golden(contract):
    ev = evaluate(contract, to_factset(set_b()), as_of=D(2025, 12, 31), period="annual")
    s = scores(ev)
    # 视频 14×10 + 15×2 = 170，少 10 条：15 − 0.08×10 = 14.2
    assert s["video_count"] == pytest.approx(14.2)
    # 播放 75000×12 = 900000：15 × 900000/1200000 = 11.25
    assert s["video_plays"] == pytest.approx(11.25)
    # 净增 1000×10 − 1000 = 9000：20 × 9000/12000 = 15
    assert s["follower_growth"] == pytest.approx(15)
    # ≥120 分钟的场次 10×12 = 120，少 24 场：15 − 0.1×24 = 12.6
    assert s["live_sessions"] == pytest.approx(12.6)
    # 每月时长 10×2h + 2×1h = 22h，每月少 2h，12 个月共 24h：15 − 0.5×24 = 3
    assert s["live_hours"] == pytest.approx(3.0)
    # 计入的 120 场中 ≥800 人次的 9×12 = 108 场：10 × 108/120 = 9
    assert s["live_viewers_each"] == pytest.approx(9.0)
    # 全部场观每月 9×1000 + 500 + 2×300 = 10100，全年 121200：10 × 121200/280000 = 4.328571
    assert s["live_viewers_total"] == pytest.approx(4.328571, abs=1e-4)
    # 合计 69.378571，不合格，按得分比例拨付
    assert ev.base == pytest.approx(69.3786, abs=1e-4)
    assert ev.bonus == 0
    assert not ev.passed
    assert ev.payment_ratio == pytest.approx(0.693786, abs=1e-5)


def test_set_b_half_year_scales_baselines(contract):
    ev = evaluate(contract, to_factset(set_b()), as_of=D(2025, 12, 31), period="h1")
    assert (ev.period.start, ev.period.end) == (D(2025, 1, 1), D(2025, 6, 30))
    s = scores(ev)
    # 视频 14×6 = 84，半年基准 90，少 6：15 − 0.48 = 14.52
    assert s["video_count"] == pytest.approx(14.52)
    # 播放 450000 / 600000：11.25
    assert s["video_plays"] == pytest.approx(11.25)
    # 净增 6000 / 6000：20（取关发生在 12 月，不在上半年）
    assert s["follower_growth"] == pytest.approx(20)
    # 场次 60 / 72，少 12：15 − 1.2 = 13.8
    assert s["live_sessions"] == pytest.approx(13.8)
    # 时长 6 个月各少 2h：15 − 0.5×12 = 9
    assert s["live_hours"] == pytest.approx(9)
    assert s["live_viewers_each"] == pytest.approx(9)
    # 场观 10100×6 = 60600，半年基准 144000：10 × 0.420833 = 4.208333
    assert s["live_viewers_total"] == pytest.approx(4.208333, abs=1e-4)
    assert ev.base == pytest.approx(81.778333, abs=1e-4)
    assert not ev.passed
    assert ev.payment_ratio == pytest.approx(0.817783, abs=1e-5)


def test_set_b_single_month_uses_monthly_baselines(contract):
    ev = evaluate(contract, to_factset(set_b()), as_of=D(2025, 12, 31), period="2025-03")
    s = scores(ev)
    assert s["video_count"] == pytest.approx(14.92)  # 14 / 15，少 1：15 − 0.08
    assert s["video_plays"] == pytest.approx(11.25)  # 75000 / 100000
    assert s["follower_growth"] == pytest.approx(20)  # 1000 / 1000
    assert s["live_sessions"] == pytest.approx(14.8)  # 10 / 12，少 2：15 − 0.2
    assert s["live_hours"] == pytest.approx(14)  # 22h，少 2h：15 − 1
    assert s["live_viewers_each"] == pytest.approx(9)
    assert s["live_viewers_total"] == pytest.approx(4.208333, abs=1e-4)  # 10100 / 24000
    # 14.92 + 11.25 + 20 + 14.8 + 14 + 9 + 4.208333 = 88.178333 < 90：不合格
    assert ev.score == pytest.approx(88.1783, abs=1e-4)
    assert not ev.passed
    assert ev.payment_ratio == pytest.approx(0.881783, abs=1e-5)


def test_set_a_single_month_passes(contract):
    ev = evaluate(contract, to_factset(set_a()), as_of=D(2025, 12, 31), period="2025-07")
    # 单月：24000 场观基准，12×2000 = 24000 恰好达标
    assert ev.score == 100 and ev.passed


def test_bonus_automatic_and_manual_annual_only_uncapped(contract):
    facts = to_factset(set_c())
    ev = evaluate(contract, facts, as_of=D(2025, 12, 31), period="annual")
    bonus = {b.id: b.points for b in ev.bonuses}
    # 播放 160 万 > 150 万、净增 16800−800=16000 > 15000、场观 144×2500 = 360000 > 350000：各 +1
    assert bonus["plays_over"] == 1 and bonus["followers_over"] == 1 and bonus["viewers_over"] == 1
    # 媒体报道 2+1=3，上限 2；荣誉 5；未注明类别的 1 分计入第一个人工项（创新服务）
    assert bonus["media"] == 2 and bonus["honour"] == 5 and bonus["innovation"] == 1
    assert ev.base == 100 and ev.bonus == 11 and ev.score == 111  # 不封顶
    assert ev.passed and ev.payment_ratio == 1.0 and ev.achievement == 1.0
    h1 = evaluate(contract, facts, as_of=D(2025, 12, 31), period="h1")
    assert h1.bonus == 0 and h1.bonuses == []  # 加分只在年度考核


def test_bonus_lifts_score_over_pass_line(contract):
    rows = set_b() + [{"type": "award", "date": "2025-08-01", "points": 5, "bonus": "honour", "note": "省级表彰"},
                      {"type": "award", "date": "2025-08-02", "points": 2, "bonus": "media", "note": "省级媒体"},
                      {"type": "award", "date": "2025-08-03", "points": 2, "bonus": "innovation", "note": "创新"}]
    ev = evaluate(contract, to_factset(rows), as_of=D(2025, 12, 31))
    # 69.378571 + 9 = 78.378571：仍不合格
    assert ev.score == pytest.approx(78.3786, abs=1e-4)
    assert not ev.passed


def test_facts_outside_period_and_after_as_of_are_ignored(contract):
    rows = set_a()
    extra = [
        {"type": "publication", "date": "2024-12-31", "platform": "douyin", "kind": "short_video", "item": "old"},
        {"type": "metric", "date": "2026-01-01", "platform": "douyin", "name": "plays", "value": 5_000_000},
        {"type": "award", "date": "2026-01-02", "points": 5, "bonus": "honour", "note": "期后"},
    ]
    base = evaluate(contract, to_factset(rows), as_of=D(2025, 12, 31))
    ev = evaluate(contract, to_factset(rows + extra), as_of=D(2025, 12, 31))
    assert ev.score == base.score == 100
    assert ev.facts_ignored == 3 and ev.facts_used == base.facts_total

    # 截至 6 月 30 日的年度评估只计入上半年的事实，并按“截至当日”评分：尚未到来的月份不算缺
    mid = evaluate(contract, to_factset(rows), as_of=D(2025, 6, 30))
    first_half = [r for r in rows if r["date"] <= "2025-06-30"]
    same = evaluate(contract, to_factset(first_half), as_of=D(2025, 6, 30))
    assert mid.score == same.score == 100 and not mid.final
    assert mid.projected_score == 100
    hours = next(i for i in mid.indicators if i.id == "live_hours")
    assert hours.actual == 6 * 24 and hours.target_to_date == 6 * 24 and not hours.final
    # 期末仍只有上半年的事实：全年口径，下半年缺的都计入
    ended = evaluate(contract, to_factset(first_half), as_of=D(2026, 1, 1))
    assert ended.final
    s = scores(ended)
    assert s["video_count"] == pytest.approx(15 - 0.08 * 90)  # 90 / 180
    assert s["live_hours"] == pytest.approx(0)  # 下半年 6 个月每月少 24h，扣完为止


def test_channels_tracked_but_not_scored(contract):
    rows = set_a() + [{"type": "metric", "date": "2025-03-01", "platform": "channels", "name": "plays", "value": 9}]
    ev = evaluate(contract, to_factset(rows), as_of=D(2025, 12, 31))
    ch = next(o for o in ev.obligations if o.id == "ch_plays")
    assert not ch.scored and ch.actual == 9
    assert "ch_plays" not in {i.obligation for i in ev.indicators}


def test_indicator_evidence_links_to_facts(contract):
    ev = evaluate(contract, to_factset(set_a()), as_of=D(2025, 12, 31), evidence_cap=5)
    ind = next(i for i in ev.indicators if i.id == "video_count")
    assert ind.evidence.count == 180 and len(ind.evidence.refs) == 5 and ind.evidence.truncated
    assert ind.evidence.refs[0].url.startswith("https://v.douyin.com/")
    sessions = next(i for i in ev.indicators if i.id == "live_sessions")
    assert sessions.evidence.refs[0].ref.startswith("LS")  # 显式 id 作为引用
