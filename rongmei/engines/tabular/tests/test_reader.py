"""One reader for every uploaded table: the same file is read the same way by every import."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from rongmei.engines import tabular
from rongmei.engines.tabular import Limits, TabularError

ROWS = [["日期", "账号", "阅读数"], ["2025-03-01", "北京发布", "1,200"], ["2025-03-02", "首都之窗", "980"]]
CSV_TEXT = "".join(",".join(f'"{c}"' if "," in c else c for c in row) + "\r\n" for row in ROWS)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le"])
def test_csv_in_every_encoding_chinese_offices_save(encoding):
    table = tabular.read_table(CSV_TEXT.encode(encoding), filename="阅读.csv")
    assert table.source == "csv"
    assert table.rows == [(1, ["日期", "账号", "阅读数"]), (2, ["2025-03-01", "北京发布", "1,200"]),
                          (3, ["2025-03-02", "首都之窗", "980"])]


def test_traditional_chinese_big5_csv():
    text = "日期,帳號,閱讀數\r\n2025-03-01,臺北市政府發佈,1200\r\n2025-03-02,新聞處,980\r\n"
    assert tabular.read_table(text.encode("big5")).rows[1] == (2, ["2025-03-01", "臺北市政府發佈", "1200"])


def test_short_gbk_text_is_not_mistaken_for_another_encoding():
    assert tabular.decode_text("标题,作者\n习近平新时代中国特色社会主义思想,编辑小王\n".encode("gbk")) \
        == "标题,作者\n习近平新时代中国特色社会主义思想,编辑小王\n"


def test_tab_separated_text_is_sniffed():
    table = tabular.read_table("日期\t阅读数\n2025-03-01\t1200\n".encode("gbk"))
    assert table.rows == [(1, ["日期", "阅读数"]), (2, ["2025-03-01", "1200"])]


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    for row in rows:
        ws.append(row)
    wb.create_sheet("说明").append(["本表由系统导出"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_every_sheet_with_typed_cells():
    tables = tabular.read_tables(_xlsx([["日期", "阅读数"], [dt.datetime(2025, 3, 1), 1200]]), filename="a.xlsx")
    assert [t.name for t in tables] == ["数据", "说明"]
    assert tables[0].rows == [(1, ["日期", "阅读数"]), (2, [dt.datetime(2025, 3, 1), 1200])]
    assert tabular.read_table(_xlsx([["x"]]), sheet="说明").rows == [(1, ["本表由系统导出"])]


def test_html_disguised_xls_in_gbk():
    page = ('<html><head><meta charset="gbk"></head><body><table><tr><th>时间</th><th colspan="2">用户</th>'
            "</tr><tr><td>2025-03-01</td><td>新关注</td><td>12</td></tr></table></body></html>")
    table = tabular.read_table(page.encode("gbk"), filename="用户分析.xls")
    assert table.source == "html"
    assert table.rows == [(1, ["时间", "用户", ""]), (2, ["2025-03-01", "新关注", "12"])]


def test_malformed_csv_row_names_file_and_row_in_chinese():
    data = "日期,账号\n2025-03-01,北京发布\n2025-03-02,\"首都之窗\n".encode("gbk")
    with pytest.raises(TabularError) as exc:
        tabular.read_table(data, filename="阅读.csv")
    assert str(exc.value) == "文件“阅读.csv”第 3 行：CSV 格式错误（引号没有闭合）"
    assert exc.value.row == 3


def test_undecodable_bytes_name_the_line():
    data = "日期,账号\n2025-03-01,北京发布\n".encode() + b"2025-03-02,\xff\xfe\xff\xfe\x81\n"
    with pytest.raises(TabularError) as exc:
        tabular.decode_text(data, filename="坏.csv")
    assert exc.value.row == 3 and "无法识别的字符" in str(exc.value)


def test_error_location_names_column_number_and_letter():
    err = TabularError("“abc”不是数字", filename="阅读.xlsx", row=12, column=28)
    assert str(err) == "文件“阅读.xlsx”第 12 行，第 28 列（AB）：“abc”不是数字"
    assert str(TabularError("“x”不是日期", row=5, column="date")) == "文件第 5 行，列“date”：“x”不是日期"


def test_limits_refuse_before_reading(tmp_path):
    with pytest.raises(TabularError, match="超过 1 KB"):
        tabular.read_table(CSV_TEXT.encode() * 100, filename="大.csv", limits=Limits(max_bytes=1024))
    with pytest.raises(TabularError, match="超过 2 行"):
        tabular.read_table(CSV_TEXT.encode(), filename="多.csv", limits=Limits(max_rows=2))
    path = tmp_path / "大.csv"
    path.write_bytes(CSV_TEXT.encode() * 100)
    with pytest.raises(TabularError, match="文件“大.csv”超过"):
        tabular.read_table(path, limits=Limits(max_bytes=1024))


def test_refusals_are_plain_chinese():
    with pytest.raises(TabularError, match="文件“空.csv”是空文件"):
        tabular.read_table(b"  \n", filename="空.csv")
    with pytest.raises(TabularError, match="另存为"):
        tabular.read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, filename="旧.xls")
    with pytest.raises(TabularError, match="不是有效的 Excel"):
        tabular.read_table(b"PK\x03\x04broken", filename="坏.xlsx")


def test_read_lines_keeps_line_numbers():
    assert tabular.read_lines("# 注释\n\n敏感词\n".encode("gbk")) == [(1, "# 注释"), (2, ""), (3, "敏感词")]
