"""坏文件：逐行逐列的中文报错，收集全部问题，不返回部分结果。"""

import pytest

from rongmei.engines.exports import ImportFailed, UnknownLayout, detect_layout, parse_export

from .builders import (
    DOUYIN_HEADERS,
    TOUTIAO_FANS_HEADERS,
    WECHAT_USER_HEADERS,
    douyin_rows,
    toutiao_trend_rows,
    wechat_user_rows,
    write_csv,
    write_html_xls,
    write_xlsx,
)


def failure(path, **kwargs) -> ImportFailed:
    with pytest.raises(ImportFailed) as info:
        parse_export(path, **kwargs)
    return info.value


def test_text_in_number_column_names_row_and_column(tmp_path):
    rows = wechat_user_rows(days=8)
    rows[5][1] = "abc"  # 第 7 行（表头在第 1 行）
    error = failure(write_html_xls(tmp_path / "user_analysis.xls", WECHAT_USER_HEADERS, rows))
    assert error.messages == ["第 7 行，列“新关注人数”：“abc”不是数字"]
    assert error.errors[0].row == 7 and error.errors[0].column == "新关注人数"


def test_all_errors_are_collected_and_nothing_is_returned(tmp_path):
    rows = [TOUTIAO_FANS_HEADERS,
            ["2026-11-01", 100, 1, 2, 1, 5, 0],
            ["2026-11-02", "很多", 1, 2, 1, 5, 0],
            ["2026-11-31", 102, 1, 2, 1, 5, 0],
            ["2026-11-04", 103, 1, "两", "x", 5, 0]]
    error = failure(write_xlsx(tmp_path / "粉丝趋势.xlsx", {"Sheet1": rows}))
    assert error.messages == [
        "第 3 行，列“总粉丝数”：“很多”不是数字",
        "第 4 行，列“时间”：“2026-11-31”不是有效日期",
        "第 5 行，列“新增粉丝数”：“两”不是数字",
        "第 5 行，列“流失粉丝数”：“x”不是数字",
    ]


def test_duplicated_day(tmp_path):
    rows = wechat_user_rows(days=6)
    rows.append(list(rows[2]))  # 第 8 行重复第 4 行的日期
    error = failure(write_html_xls(tmp_path / "user_analysis.xls", WECHAT_USER_HEADERS, rows))
    assert error.messages == ["第 8 行：日期 2026-10-03 与第 4 行重复"]


def test_duplicated_douyin_work(tmp_path):
    rows = douyin_rows()
    rows.append(list(rows[0]))
    error = failure(write_csv(tmp_path / "作品.csv", [DOUYIN_HEADERS, *rows]))
    assert error.messages == [
        "第 5 行：作品“就业政策 | 2026 年高校毕业生就业补贴怎么领”（发布时间 2026-11-02 18:00）与第 2 行重复"]


def test_missing_required_column_is_reported_precisely(tmp_path):
    rows = [["统计日", "新关注人数", "取消关注人数", "净增关注人数", "累积关注人数"], ["2026-11-01", 1, 2, -1, 10]]
    path = write_html_xls(tmp_path / "user_analysis.xls", rows[0], rows[1:])
    with pytest.raises(UnknownLayout) as info:
        detect_layout(path)
    assert info.value.messages == [
        "无法识别的导出格式：缺少列“时间”；找到的列：统计日、新关注人数、取消关注人数、净增关注人数、累积关注人数"
        "（最接近的格式：公众号 用户分析 → 用户增长）"]


def test_wrong_sheet_lists_checked_sheets(tmp_path):
    sheets = {"数据概况": [["阅读次数", "平均停留时长(s)", "完读率"], [100, 35, "40%"]],
              "性别分布": [["性别", "人数", "占比"], ["男", 40, "40%"]]}
    error = failure(write_xlsx(tmp_path / "单篇.xlsx", sheets))
    assert isinstance(error, UnknownLayout)
    (message,) = error.messages
    assert message.startswith("无法识别的导出格式：")
    assert "已检查的工作表：数据概况、性别分布" in message


def test_file_of_another_layout_than_selected(tmp_path):
    path = write_xlsx(tmp_path / "数据趋势.xlsx", {"Sheet1": toutiao_trend_rows()})
    error = failure(path, layout="toutiao_fans")
    assert error.messages == ["文件是“头条号 → 数据趋势”，不是所选的“头条号 → 粉丝趋势”（工作表“Sheet1”）"]


def test_header_only_file(tmp_path):
    error = failure(write_xlsx(tmp_path / "粉丝趋势.xlsx", {"Sheet1": [TOUTIAO_FANS_HEADERS]}))
    assert error.messages == ["文件中没有数据行（表头在工作表“Sheet1”第 1 行）"]


def test_empty_file_and_legacy_xls(tmp_path):
    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    assert failure(empty).messages == ["文件“空.csv”是空文件"]
    legacy = tmp_path / "tendency_20261101_20261107.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    (message,) = failure(legacy).messages
    assert "旧版 Excel 97-2003" in message and "另存为" in message


def test_broken_xlsx(tmp_path):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert failure(path).messages == ["文件“坏.xlsx”不是有效的 Excel (.xlsx) 文件，可能已损坏"]


def test_generic_template_errors(tmp_path):
    rows = [["日期", "平台", "播放量"], ["2026-11-01", "", 10], ["2026-11-02", "抖 音 号", 10], ["2026-11-03", "火星台", 5]]
    error = failure(write_xlsx(tmp_path / "模板.xlsx", {"数据": rows}))
    assert error.messages[0] == "第 2 行，列“平台”：为空（导入时也未指定平台）"
    assert error.messages[1].startswith("第 4 行，列“平台”：“火星台”不是已知平台（可填：微信公众号、")
    assert len(error.messages) == 2  # “抖 音 号”去空格后认得


def test_empty_date_with_values(tmp_path):
    rows = [TOUTIAO_FANS_HEADERS, ["", 100, 1, 2, 1, 5, 0], ["数据来源：头条号后台", None, None]]
    error = failure(write_xlsx(tmp_path / "粉丝趋势.xlsx", {"Sheet1": rows}))
    assert error.messages == ["第 2 行，列“时间”：为空"]  # 表尾说明行不报错
