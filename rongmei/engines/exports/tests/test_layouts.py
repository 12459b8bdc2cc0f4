"""每种已记录的导出格式：识别、表头变体、取值规整。"""

import datetime as dt

from rongmei.engines.exports import detect_layout, parse_export
from rongmei.engines.exports.layouts import LAYOUTS, METRICS

from .builders import (
    DOUYIN_HEADERS,
    TOUTIAO_FANS_HEADERS,
    WECHAT_ARTICLE_HEADERS,
    WECHAT_TRAFFIC_HEADERS,
    WECHAT_USER_HEADERS,
    douyin_rows,
    toutiao_trend_rows,
    wechat_user_rows,
    write_csv,
    write_html_xls,
    write_xlsx,
)


def by_name(result, name):
    return {(r.date, r.item_title, r.channel): r.value for r in result.rows if r.name == name}


def test_every_metric_used_by_a_layout_is_defined():
    for layout in LAYOUTS.values():
        for column in layout.metric_columns:
            assert column.key in METRICS


def test_wechat_user_growth_html_table_saved_as_xls(tmp_path):
    rows = wechat_user_rows()
    path = write_html_xls(tmp_path / "user_analysis.xls", WECHAT_USER_HEADERS, rows)
    assert detect_layout(path).key == "wechat_user_growth"
    result = parse_export(path)
    assert result.data_rows == 31
    assert result.date_range == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    gained = by_name(result, "followers_gained")
    assert gained[(dt.date(2026, 10, 1), None, None)] == rows[0][1]
    total = by_name(result, "followers_total")
    assert total[(dt.date(2026, 10, 31), None, None)] == rows[-1][4]
    assert {r.platform for r in result.rows} == {"wechat"}
    assert set(result.metric_names) == {"followers_gained", "followers_lost", "followers_net", "followers_total"}


def test_wechat_user_growth_gbk_html_with_variant_header(tmp_path):
    headers = ["时间", "新关注人数", "取消关注人数", "净增关注人数", "累计关注人数"]  # 另一种写法“累计”
    path = write_html_xls(tmp_path / "user_analysis.xls", headers, wechat_user_rows(days=3), encoding="gbk")
    result = parse_export(path)
    assert "followers_total" in result.metric_names
    assert result.rows[0].source_row == 2


def test_toutiao_trend_skips_cumulative_row_and_reads_title_rows(tmp_path):
    rows = [["头条号数据趋势"], ["统计周期：2026-11-01 至 2026-11-07"], *toutiao_trend_rows()]
    path = write_xlsx(tmp_path / "数据趋势_2026-11-01-2026-11-07.xlsx", {"Sheet1": rows})
    result = parse_export(path)
    assert result.layout.key == "toutiao_trend"
    assert result.header_row == 3
    assert result.data_rows == 7  # “累计”行不算
    reads = by_name(result, "reads")
    assert reads[(dt.date(2026, 11, 1), None, None)] == 900
    assert by_name(result, "impressions")[(dt.date(2026, 11, 7), None, None)] == 6780
    assert min(r.source_row for r in result.rows) == 5


def test_toutiao_fans_with_excel_serial_dates_and_spaced_headers(tmp_path):
    headers = [f" {h} " for h in TOUTIAO_FANS_HEADERS]
    rows = [headers, [46327, "12,034", 21, 30, 9, 880, 102], [46328, "12,050", 16, 25, 9, 901, 103]]
    path = write_xlsx(tmp_path / "粉丝趋势_2026-11-01-2026-11-02.xlsx", {"Sheet1": rows})
    result = parse_export(path)
    assert result.layout.key == "toutiao_fans"
    total = by_name(result, "followers_total")
    assert total == {(dt.date(2026, 11, 1), None, None): 12034, (dt.date(2026, 11, 2), None, None): 12050}
    assert by_name(result, "loyal_followers")[(dt.date(2026, 11, 2), None, None)] == 103


def test_douyin_works_csv_in_gbk(tmp_path):
    path = write_csv(tmp_path / "作品数据.csv", [DOUYIN_HEADERS, *douyin_rows()], encoding="gbk")
    result = parse_export(path)
    assert result.layout.key == "douyin_works"
    assert result.data_rows == 3
    plays = {r.item_title: r.value for r in result.rows if r.name == "plays"}
    assert plays["安源区招聘会现场直击"] == 100000  # “10万+”取下限
    assert plays["就业政策 | 2026 年高校毕业生就业补贴怎么领"] == 12834
    likes = {r.item_title: r.value for r in result.rows if r.name == "likes"}
    assert likes["安源区招聘会现场直击"] == 12000
    first = [r for r in result.rows if r.item_title.startswith("就业政策")]
    values = {r.name: r.value for r in first}
    assert values["completion_rate"] == 0.186
    assert values["duration_seconds"] == 72
    assert values["avg_play_seconds"] == 14.2
    assert first[0].published_at == dt.datetime(2026, 11, 2, 18, 0, 5)
    assert first[0].date == dt.date(2026, 11, 2)
    # “-”与空单元格不产生指标行，而不是记成 0
    third = {r.name for r in result.rows if r.item_title.startswith("#家门口")}
    assert "comments" not in third and "completion_rate" not in third


def test_douyin_alias_headers_from_other_tools(tmp_path):
    headers = ["作品名称", "发布时间", "播放量", "点赞数", "评论数", "分享数", "收藏数", "涨粉数", "5秒完播率", "2秒跳出率"]
    row = ["测试作品", "2026-11-02 18:00:05", 1000, 20, 4, 5, 6, 2, "60%", "10%"]
    result = parse_export(write_xlsx(tmp_path / "作品列表.xlsx", {"作品列表": [headers, row]}))
    values = {r.name: r.value for r in result.rows}
    assert values == {"plays": 1000, "likes": 20, "comments": 4, "shares": 5, "favorites": 6, "followers_gained": 2,
                      "completion_rate_5s": 0.6, "bounce_rate_2s": 0.1}


def test_wechat_articles_csv_utf8_sig(tmp_path):
    rows = [
        WECHAT_ARTICLE_HEADERS,
        ["残疾人就业帮扶政策解读", "2026-11-03 20:30", 5321, 6410, 233, 301, 12, 41000, 3900, "9.5%", 180, 1400, "3.4%",
         "4.65", "62%", "https://mp.weixin.qq.com/s/AbC123"],
        ["全国助残日主题活动回顾", "2026-11-05 18:00", "1,024", "1,300", 40, 52, 3, 41020, 800, "1.95%", 30, 220, "0.7%",
         "4.2", "58%", "https://mp.weixin.qq.com/s/XyZ789"],
    ]
    result = parse_export(write_csv(tmp_path / "已通知内容.csv", rows, encoding="utf-8-sig"))
    assert result.layout.key == "wechat_articles"
    reads = {r.item_ref: r.value for r in result.rows if r.name == "reads"}
    assert reads == {"https://mp.weixin.qq.com/s/AbC123": 6410, "https://mp.weixin.qq.com/s/XyZ789": 1300}
    rate = [r for r in result.rows if r.name == "delivery_read_rate" and r.item_ref.endswith("AbC123")][0]
    assert rate.value == 0.095
    assert rate.item_title == "残疾人就业帮扶政策解读"


def test_wechat_traffic_channels_and_totals(tmp_path):
    rows = [WECHAT_TRAFFIC_HEADERS]
    for day in ("2026-11-01", "2026-11-02"):
        rows.append([day, 2000, 1500, 120, 90, 30, 25, 40, 35, 1, "全部"])
        rows.append([day, 1200, 900, 70, 50, 20, 15, 25, 20, 1, "公众号消息"])
        rows.append([day, 800, 600, 50, 40, 10, 10, 15, 15, 1, "朋友圈"])
    rows.append(["2026-11-03", 300, 250, 10, 9, 2, 2, 3, 3, 0, "公众号消息"])
    rows.append(["2026-11-03", 200, 150, 6, 6, 1, 1, 2, 2, 0, "搜一搜"])
    result = parse_export(write_xlsx(tmp_path / "流量分析.xlsx", {"Sheet1": rows}))
    assert result.layout.key == "wechat_traffic"
    totals = {(r.date, r.name): r.value for r in result.rows if r.channel is None}
    assert totals[(dt.date(2026, 11, 1), "reads")] == 2000
    assert totals[(dt.date(2026, 11, 1), "readers")] == 1500
    # 11-03 没有“全部”行：次数类相加，人数类不相加
    assert totals[(dt.date(2026, 11, 3), "reads")] == 500
    assert (dt.date(2026, 11, 3), "readers") not in totals
    channel = {(r.date, r.channel): r.value for r in result.rows if r.name == "reads" and r.channel}
    assert channel[(dt.date(2026, 11, 2), "朋友圈")] == 800


def test_old_wechat_tendency_layout_with_title_row_and_duplicate_date_column(tmp_path):
    rows = [["图文群发每日数据"],
            ["日期", "渠道", "阅读人数", "", "日期", "分享人数", "跳转阅读原文", "微信收藏人数", "发表篇数"],
            ["2026-11-01", "全部", 1500, None, "2026-11-01", 90, 30, 35, 1]]
    result = parse_export(write_xlsx(tmp_path / "tendency_20261101_20261101.xlsx", {"Sheet1": rows}))
    assert result.layout.key == "wechat_traffic"
    assert {r.name: r.value for r in result.rows} == {
        "readers": 1500, "share_users": 90, "source_clicks": 30, "favorite_users": 35, "posts": 1}


def test_generic_template_with_default_platform(tmp_path):
    rows = [["日期", "平台", "作品标题", "作品链接", "播放量", "点赞量", "新增关注", "累计关注"],
            ["2026-11-01", "", "", "", "1.5万", 300, 20, 5120],
            ["2026-11-01", "快手", "就业服务进社区", "https://v.kuaishou.com/abc", 8000, 120, None, None]]
    result = parse_export(write_xlsx(tmp_path / "通用模板.xlsx", {"数据": rows}), platform="channels")
    assert result.layout.key == "rongmei_generic"
    account = {r.name: r.value for r in result.rows if r.item_ref is None}
    assert account == {"plays": 15000, "likes": 300, "followers_gained": 20, "followers_total": 5120}
    assert {r.platform for r in result.rows if r.item_ref is None} == {"channels"}
    item = [r for r in result.rows if r.item_ref]
    assert {r.platform for r in item} == {"kuaishou"} and item[0].item_title == "就业服务进社区"


def test_layout_found_on_second_sheet(tmp_path):
    sheets = {"说明": [["本文件由头条号后台导出"]], "粉丝趋势": [TOUTIAO_FANS_HEADERS, ["2026-11-01", 100, 1, 2, 1, 5, 0]]}
    result = parse_export(write_xlsx(tmp_path / "粉丝.xlsx", sheets))
    assert result.sheet == "粉丝趋势"
    assert result.layout.key == "toutiao_fans"
