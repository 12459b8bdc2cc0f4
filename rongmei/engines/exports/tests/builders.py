"""测试用：按 backend-exports.md 的列布局生成逼真的导出文件。"""

from __future__ import annotations

import csv
import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

Rows = Sequence[Sequence[Any]]

WECHAT_USER_HEADERS = ["时间", "新关注人数", "取消关注人数", "净增关注人数", "累积关注人数"]
DOUYIN_HEADERS = ["作品名称", "发布时间", "体裁", "发布状态", "播放量", "完播率", "5s完播率", "作品时长", "2s跳出率",
                  "平均播放时长", "点赞量", "评论量", "分享量", "收藏量", "主页访问量", "粉丝增量"]
TOUTIAO_TREND_HEADERS = ["时间", "展现量", "粉丝展现量", "阅读(播放)量", "粉丝阅读(播放)量", "点赞量", "评论量"]
TOUTIAO_FANS_HEADERS = ["时间", "总粉丝数", "粉丝变化数", "新增粉丝数", "流失粉丝数", "活跃粉丝数", "总铁粉数"]
WECHAT_ARTICLE_HEADERS = ["内容标题", "发表时间", "总阅读人数", "总阅读次数", "总分享人数", "总分享次数", "阅读后关注人数",
                          "送达人数", "公众号消息阅读次数", "送达阅读率", "首次分享次数", "分享产生阅读次数", "首次分享率",
                          "每次分享带来阅读次数", "阅读完成率", "内容url"]
WECHAT_TRAFFIC_HEADERS = ["日期", "阅读次数", "阅读人数", "分享次数", "分享人数", "阅读原文次数", "阅读原文人数",
                          "收藏次数", "收藏人数", "群发篇", "渠道"]


def wechat_user_rows(start: dt.date = dt.date(2026, 10, 1), days: int = 31, total: int = 35_000) -> list[list[Any]]:
    rows = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        gained, lost = 40 + (offset * 7) % 31, 5 + (offset * 3) % 11
        total += gained - lost
        rows.append([day.isoformat(), gained, lost, gained - lost, total])
    return rows


def write_html_xls(path: Path, headers: Sequence[str], rows: Rows, *, encoding: str = "utf-8") -> Path:
    """公众号“用户增长”下载：扩展名 .xls，内容是 HTML 表格（与后台下载一致）。"""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row) + "</tr>"
                   for row in rows)
    charset = "utf-8" if encoding == "utf-8" else "gbk"
    text = (f'<!doctype html><html><head><meta charset="{charset}"></head><body><table>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>")
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, Rows]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Rows, *, encoding: str = "utf-8-sig", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def douyin_rows() -> list[list[Any]]:
    return [
        ["就业政策 | 2026 年高校毕业生就业补贴怎么领", "2026-11-02 18:00:05", "视频", "已发布", "12,834", "18.6%",
         "52.1%", "01:12", "21.4%", "14.2", 356, 41, 77, 102, "1,020", 38],
        ["安源区招聘会现场直击", "2026-11-05 12:30:00", "视频", "已发布", "10万+", "9.8%", "44%", "00:48", "25%",
         "11秒", "1.2万", 305, 820, 610, 5400, 812],
        ["#家门口就业# 社区服务岗上新", "2026-11-09 09:15:41", "图文", "已发布", 3210, None, None, None, None, None, 88,
         "-", 9, 12, 140, 6],
    ]


def toutiao_trend_rows() -> list[list[Any]]:
    rows: list[list[Any]] = [TOUTIAO_TREND_HEADERS, ["累计", 48210, 9120, 6630, 1510, 402, 77]]
    for offset in range(7):
        day = dt.datetime(2026, 11, 1) + dt.timedelta(days=offset)
        rows.append([day, 6000 + offset * 130, 1200 + offset, 900 + offset * 10, 200 + offset, 50 + offset, 10 + offset])
    return rows
