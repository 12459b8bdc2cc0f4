"""表格导入：中文表头的常见写法、Excel 与 CSV、行列号精确的错误、有错全不写、重复导入不重复。"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rongmei.opinion import services
from rongmei.opinion.models import Mention

CSV_GOOD = """序号,信息标题,内容,原文链接,媒体名称,发布者,发布时间,情感倾向
1,残疾人两项补贴提高,自治区残联宣布残疾人两项补贴标准提高,https://a.example/1,内蒙古日报,记者甲,2025-11-14 09:30,正面
2,,网友投诉盲道被占用很失望,https://b.example/2,新浪微博,网友,2025年11月14日 10:05,负面
"""


def test_csv_with_commercial_export_headers(workspace, analyst):
    result = services.mentions_import(
        workspace=workspace, actor=analyst, filename="舆情导出.csv", data=CSV_GOOD.encode("gb18030")
    )
    assert result.count == 2
    a = Mention.objects.get(workspace=workspace, url="https://a.example/1")
    assert (a.title, a.source_name, a.author) == ("残疾人两项补贴提高", "内蒙古日报", "记者甲")
    assert timezone.localtime(a.published_at).replace(tzinfo=None) == dt.datetime(2025, 11, 14, 9, 30)
    b = Mention.objects.get(workspace=workspace, url="https://b.example/2")
    assert timezone.localtime(b.published_at).replace(tzinfo=None) == dt.datetime(2025, 11, 14, 10, 5)
    assert b.text == "网友投诉盲道被占用很失望"
    again = services.mentions_import(
        workspace=workspace, actor=analyst, filename="舆情导出.csv", data=CSV_GOOD.encode("gb18030")
    )
    assert again.count == 0 and again.duplicates == 2
    assert Mention.objects.filter(workspace=workspace).count() == 2


def test_xlsx_with_real_datetimes(workspace, analyst):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["标题", "正文", "链接", "来源", "作者", "时间"])
    ws.append(
        [
            "招聘会",
            "安源区举办春风行动招聘会",
            "https://px.example/1",
            "萍乡日报",
            "",
            dt.datetime(2025, 3, 1, 9, 0),
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    result = services.mentions_import(
        workspace=workspace, actor=analyst, filename="人工收集.xlsx", data=buf.getvalue()
    )
    assert result.count == 1
    m = Mention.objects.get(workspace=workspace)
    assert timezone.localtime(m.published_at).replace(tzinfo=None) == dt.datetime(2025, 3, 1, 9, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "标题,正文,链接\n好,正常一行,https://a.example/1\n坏,链接不对,ftp://a.example/2\n",
            "第 3 行，第 3 列（C，链接）：链接必须以 http:// 或 https:// 开头",
        ),
        (
            "标题,正文,发布时间\n好,正常一行,2025-11-14\n坏,时间不对,下周三\n",
            "第 3 行，第 3 列（C，发布时间）：时间格式不对",
        ),
        ("标题,正文\n好,正常一行\n,\n,  ,\n", None),  # 空行跳过，不算错
        ("标题,正文\n,\n", "除表头外没有数据"),
        ("编号,备注\n1,2\n", "没有找到“正文”或“标题”列"),
        ("标题,正文,链接\n,,https://a.example/1\n", "第 2 行，第 2 列（B，正文）：标题和正文不能都为空"),
    ],
)
def test_bad_files_are_rejected_whole_with_row_and_column(workspace, analyst, content, message):
    if message is None:
        assert (
            services.mentions_import(
                workspace=workspace, actor=analyst, filename="a.csv", data=content.encode()
            ).count
            == 1
        )
        return
    with pytest.raises(ValidationError) as info:
        services.mentions_import(workspace=workspace, actor=analyst, filename="a.csv", data=content.encode())
    assert any(message in m for m in info.value.messages), info.value.messages
    assert Mention.objects.filter(workspace=workspace).count() == 0


def test_old_binary_excel_is_refused_in_chinese(workspace, analyst):
    with pytest.raises(ValidationError) as info:
        services.mentions_import(
            workspace=workspace,
            actor=analyst,
            filename="old.xls",
            data=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        )
    assert "另存为" in str(info.value)
    assert Mention.objects.filter(workspace=workspace).count() == 0
