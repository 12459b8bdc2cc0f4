"""facts-v1：JSON Lines / CSV / Excel 导入，行列精确的错误，整文件拒绝。"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from rongmei.engines.kpi import FactsError, load_facts, parse_csv, parse_jsonl, parse_xlsx

GOOD = [
    '{"type":"publication","date":"2025-01-03","platform":"douyin","kind":"short_video","item":"V1",'
    '"url":"https://v.douyin.com/x","original":true}',
    '{"type":"metric","date":"2025-01-03","platform":"douyin","name":"plays","value":3120}',
    '{"type":"deliverable","date":"2025-01-04","kind":"poster","item":"P7","minutes":0.5}',
    '{"type":"live_session","date":"2025-01-05","platform":"douyin","minutes":130,"viewers":820}',
    '{"type":"placement","date":"2025-01-06","outlet":"内蒙古日报","level":"provincial","url":"https://x"}',
    '{"type":"training","date":"2025-01-07","course":"信息供稿员","hours":3,"attendees":40}',
    '{"type":"award","date":"2025-01-08","points":2,"note":"省级表彰"}',
    '{"type":"acceptance","date":"2025-01-09","checkpoint":"mid","passed":false}',
]


def test_jsonl_all_types_and_refs():
    facts = parse_jsonl("\n".join(GOOD) + "\n\n# 注释行\n")
    assert len(facts) == 8
    pub = facts.of_type("publication")[0]
    assert pub.ref == "L1" and pub.original is True and pub.date == dt.date(2025, 1, 3)
    assert facts.of_type("metric")[0].value == 3120.0
    assert facts.of_type("live_session")[0].get("hours") == pytest.approx(130 / 60)
    explicit = parse_jsonl('{"type":"award","date":"2025-01-08","points":2,"id":"AW-1"}')
    assert explicit.of_type("award")[0].ref == "AW-1"


def test_jsonl_errors_reject_whole_file():
    lines = GOOD + [
        '{"type":"publication","date":"2025-02-30","platform":"douyin","kind":"short_video"}',
        '{"type":"metric","date":"2025-01-03","platform":"myspace","name":"plays","value":"很多"}',
        "{not json",
        '{"type":"live_session","date":"2025-01-05","platform":"douyin","minutes":-5}',
        '{"type":"selfie","date":"2025-01-05"}',
    ]
    with pytest.raises(FactsError) as exc:
        parse_jsonl("\n".join(lines))
    errs = exc.value.errors
    assert "第 9 行，字段“date”：“2025-02-30”不是 YYYY-MM-DD 格式的日期" in errs
    assert any(e.startswith("第 10 行，字段“platform”：未知平台“myspace”") for e in errs)
    assert any(e.startswith("第 10 行，字段“value”：“很多”不是数字") for e in errs)
    assert any(e.startswith("第 11 行：不是合法的 JSON") for e in errs)
    assert any(e.startswith("第 12 行，字段“viewers”：直播场次必须填写此项") for e in errs)
    assert any(e.startswith("第 13 行，字段“type”：未知事实类型“selfie”") for e in errs)
    assert "整个文件未导入" in str(exc.value)


def test_duplicate_explicit_ids_rejected():
    with pytest.raises(FactsError) as exc:
        parse_jsonl('{"type":"award","date":"2025-01-08","points":2,"id":"A"}\n'
                    '{"type":"award","date":"2025-01-09","points":1,"id":"A"}')
    assert exc.value.errors == ["第 2 行，字段“id”：引用“A”与第 1 行重复"]


CSV_OK = (
    "type,date,platform,kind,item,name,value,minutes,viewers\n"
    "publication,2025-01-03,douyin,short_video,V1,,,,\n"
    "metric,2025-01-03,douyin,,,plays,\"3,120\",,\n"
    "live_session,2025-01-05,douyin,,,,,130,820\n"
)


def test_csv_ok_with_bom():
    facts = parse_csv(("\ufeff" + CSV_OK).encode("utf-8"))
    assert len(facts) == 3 and facts.of_type("metric")[0].value == 3120.0
    assert facts.of_type("live_session")[0].ref == "L4"  # 引用为表格行号


def test_csv_errors_name_row_and_column():
    bad = CSV_OK + "publication,2025/01/12,douyin,short_video,V2,,,,\nlive_session,2025-01-05,douyin,,,,,abc,1\n"
    with pytest.raises(FactsError) as exc:
        parse_csv(bad)
    assert exc.value.errors == [
        "第 5 行，列“date”：“2025/01/12”不是 YYYY-MM-DD 格式的日期",
        "第 6 行，列“minutes”：“abc”不是数字",
    ]


def test_csv_missing_header_column():
    with pytest.raises(FactsError) as exc:
        parse_csv("date,platform\n2025-01-01,douyin\n")
    assert exc.value.errors[0].startswith("第 1 行：表头缺少“type”列")


def _xlsx(rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_real_workbook_ok_and_errors(tmp_path):
    header = ["type", "date", "platform", "kind", "item", "original", "minutes", "viewers"]
    good = _xlsx([header,
                  ["publication", dt.datetime(2025, 1, 3), "douyin", "short_video", "V1", "是", None, None],
                  ["live_session", "2025-01-05", "douyin", None, None, None, 130, 820]])
    facts = parse_xlsx(good)
    assert len(facts) == 2 and facts.of_type("publication")[0].original is True
    path = tmp_path / "facts.xlsx"
    path.write_bytes(good)
    assert len(load_facts(path)) == 2

    rows = [header] + [["publication", "2025-01-03", "douyin", "short_video", f"V{i}", None, None, None]
                       for i in range(10)]
    rows.append(["publication", "2025-13-01", "douyin", "short_video", "V99", "也许", None, None])  # 第 12 行
    rows.append(["live_session", "2025-01-05", "weixin", None, None, None, 130, None])  # 第 13 行
    with pytest.raises(FactsError) as exc:
        parse_xlsx(_xlsx(rows))
    assert exc.value.errors == [
        "第 12 行，列“date”：“2025-13-01”不是 YYYY-MM-DD 格式的日期",
        "第 12 行，列“original”：应为 true/false（或 是/否），实际为 '也许'",
        "第 13 行，列“platform”：未知平台“weixin”，可选：wechat、channels、weibo、douyin、kuaishou、toutiao、"
        "baijiahao、beijinghao、website",
        "第 13 行，列“viewers”：直播场次必须填写此项",
    ]
