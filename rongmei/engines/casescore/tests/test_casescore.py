"""计分规则的黄金用例：每个期望值都是手算的（算式写在旁边）。"""

from fractions import Fraction

import pytest

from rongmei.engines.casescore import (
    CaseInput,
    Config,
    Criterion,
    ScoreError,
    aggregate,
    combine,
    outliers,
    rank,
    sheet_errors,
    sheet_total,
)

# 内容 40%（满分 10）、发展前景 20%（满分 10）、实施进展 25%（满分 5）、申报材料完整性 15%（满分 5）
CRITERIA = [Criterion("content", "内容", 40, 10), Criterion("prospect", "发展前景", 20, 10),
            Criterion("progress", "实施进展", 25, 5), Criterion("complete", "申报材料完整性", 15, 5)]


def test_sheet_total_is_weighted_percentage():
    # 9/10×40 + 8/10×20 + 4/5×25 + 5/5×15 = 36 + 16 + 20 + 15 = 87
    assert sheet_total(Config(CRITERIA), {"content": 9, "prospect": 8, "progress": 4, "complete": 5}) == 87


def test_sheet_total_with_decimal_scores():
    # 7.5/10×40 + 6/10×20 + 2.5/5×25 + 3/5×15 = 30 + 12 + 12.5 + 9 = 63.5
    assert sheet_total(Config(CRITERIA), {"content": "7.5", "prospect": 6, "progress": 2.5,
                                          "complete": 3}) == Fraction(127, 2)


def test_sheet_errors_in_chinese():
    errors = sheet_errors(Config(CRITERIA), {"content": 11, "prospect": "", "progress": "好", "complete": -1})
    assert errors == ["“内容”的得分须在 0 到 10 分之间", "请给“发展前景”打分", "“实施进展”的得分不是数字",
                      "“申报材料完整性”的得分须在 0 到 5 分之间"]
    with pytest.raises(ScoreError):
        sheet_total(Config(CRITERIA), {"content": 11})
    for bad in ("10/3", "NaN", "inf", "1e", " "):
        assert sheet_errors(Config(CRITERIA), {"content": bad, "prospect": 1, "progress": 1, "complete": 1}) \
            in (["“内容”的得分不是数字"], ["请给“内容”打分"]), bad


def test_plain_and_trimmed_mean():
    totals = [80, 90, 70, 95, 40]
    assert aggregate(totals, "mean") == (75, False)          # 375 / 5
    assert aggregate(totals, "trimmed", 1) == (80, True)     # 去掉 40 与 95：(70+80+90)/3
    assert aggregate([80, 90], "trimmed", 1) == (85, False)  # 不足 3 位：按平均
    assert aggregate([], "mean") == (None, False)


def test_outlier_is_far_from_median():
    totals = {"甲": 80, "乙": 90, "丙": 70, "丁": 95, "戊": 40}
    # 中位数 80：戊差 40 > 15 离群；丁差 15 不超过 15，不算
    assert outliers(totals, 15) == {"戊"}
    assert outliers({"甲": 10, "乙": 90}, 15) == frozenset()  # 两位专家不判离群


def test_combine_weights():
    cfg = Config(CRITERIA, expert_weight=70, vote_weight=30)
    assert combine(cfg, Fraction(80), 90, None) == (83, [])   # (70×80 + 30×90) / 100
    cfg = Config(CRITERIA, expert_weight=30, vote_weight=30, data_weight=40)
    assert combine(cfg, Fraction(80), 90, None) == (51, ["缺少平台数据分，按 0 分计"])  # (2400+2700+0)/100


def test_rank_tie_break_and_unscored_last():
    crit = [Criterion("content", "内容", 50, 10), Criterion("progress", "实施进展", 50, 10)]
    cfg = Config(crit)
    cases = [
        CaseInput("B", {"x": {"content": 6, "progress": 10}}, order=1),   # 30 + 50 = 80，内容得分率 0.6
        CaseInput("A", {"x": {"content": 10, "progress": 6}}, order=3),   # 50 + 30 = 80，内容得分率 1.0
        CaseInput("C", {"x": {"content": 10, "progress": 6}}, order=2),   # 与 A 相同，但提交更早
        CaseInput("D", {}, order=0),                                      # 没有评分
        CaseInput("E", {"x": {"content": 9, "progress": 9}}, order=9),    # 90
    ]
    result = rank(cfg, cases)
    assert [r.key for r in result] == ["E", "C", "A", "B", "D"]
    assert [r.rank for r in result] == [1, 2, 3, 4, 0]
    assert result[0].final == 90 and result[-1].final is None


def test_rank_trimmed_with_outlier_flagged_not_dropped():
    crit = [Criterion("content", "内容", 1, 100)]
    cfg = Config(crit, method="trimmed", trim=1)
    case = CaseInput("A", {e: {"content": v} for e, v in zip("甲乙丙丁", [80, 82, 84, 30], strict=True)})
    (r,) = rank(cfg, [case])
    assert r.outliers == {"丁"}               # 中位数 81，丁差 51
    assert r.expert_score == 81              # 去掉 30 与 84：(80+82)/2
    assert r.trimmed is True


def test_bad_config_is_refused():
    with pytest.raises(ScoreError):
        Config([])
    with pytest.raises(ScoreError):
        Config(CRITERIA, method="median")
    with pytest.raises(ScoreError):
        Config(CRITERIA, expert_weight=0)
