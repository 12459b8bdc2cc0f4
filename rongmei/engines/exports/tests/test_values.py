import datetime as dt

import pytest

from rongmei.engines.exports.values import (
    ValueProblem,
    is_empty,
    normalize_header,
    parse_datetime,
    parse_number,
    parse_seconds,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1234, 1234),
        (12.0, 12),
        ("1,234", 1234),
        ("1，234", 1234),
        (" 12 345 ", 12345),
        ("1.2万", 12000),
        ("10万+", 100000),
        ("3亿", 300_000_000),
        ("18.6%", 0.186),
        ("１２３", 123),  # 全角数字
        ("-15", -15),
        ("0.35", 0.35),
    ],
)
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12a", "1,2,3万元", True, "万"])
def test_parse_number_rejects_text(raw):
    with pytest.raises(ValueProblem, match="不是数字"):
        parse_number(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-03", dt.datetime(2026, 11, 3)),
        ("2026/11/3", dt.datetime(2026, 11, 3)),
        ("2026.11.03", dt.datetime(2026, 11, 3)),
        ("20261103", dt.datetime(2026, 11, 3)),
        (20261103, dt.datetime(2026, 11, 3)),
        ("2026年11月3日", dt.datetime(2026, 11, 3)),
        ("2026-11-03 18:00:05", dt.datetime(2026, 11, 3, 18, 0, 5)),
        ("2026-11-03 18:00", dt.datetime(2026, 11, 3, 18, 0)),
        (46329, dt.datetime(2026, 11, 3)),  # Excel 序列号
        (dt.date(2026, 11, 3), dt.datetime(2026, 11, 3)),
    ],
)
def test_parse_datetime(raw, expected):
    assert parse_datetime(raw) == expected


@pytest.mark.parametrize("raw", ["2026-13-01", "昨天", "2026-02-30", 12])
def test_parse_datetime_rejects(raw):
    with pytest.raises(ValueProblem, match="不是有效日期"):
        parse_datetime(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(35, 35), ("35s", 35), ("35秒", 35), ("1分5秒", 65), ("01:12", 72), ("1:02:03", 3723), ("14.2", 14.2)],
)
def test_parse_seconds(raw, expected):
    assert parse_seconds(raw) == expected


def test_headers_and_empty_markers():
    assert normalize_header(" 阅读（播放）量 \n") == normalize_header("阅读(播放)量")
    assert normalize_header("内容URL") == "内容url"
    assert all(is_empty(v) for v in (None, "", " ", "-", "--", "暂无"))
    assert not is_empty(0)
