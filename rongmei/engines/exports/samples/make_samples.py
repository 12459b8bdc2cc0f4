"""生成演示与手工测试用的导出样例文件（内容为虚构数据，列布局与平台后台导出一致）。

    .venv/bin/python -m rongmei.engines.exports.samples.make_samples

生成：
* ``user_analysis.xls``——公众号“用户增长”，HTML 表格另存为 .xls（与后台下载相同）；
* ``数据趋势_2026-10-01-2026-10-31.xlsx``——头条号数据趋势，首行“累计”；
* ``抖音作品数据_2026-10.csv``——抖音作品数据，GBK 编码（Excel 另存 CSV 的默认编码）；
* ``融媒通用导入模板.xlsx``——通用模板（任意平台）。
"""

from __future__ import annotations

import csv
import datetime as dt
import html
from pathlib import Path

from openpyxl import Workbook

from rongmei.engines.exports.template import write_generic_template

HERE = Path(__file__).resolve().parent
START = dt.date(2026, 10, 1)
DAYS = 31


def user_analysis(path: Path) -> None:
    headers = ["时间", "新关注人数", "取消关注人数", "净增关注人数", "累积关注人数"]
    total, rows = 35_210, []
    for i in range(DAYS):
        gained, lost = 38 + (i * 7) % 29 + (60 if i == 14 else 0), 6 + (i * 5) % 9
        total += gained - lost
        rows.append([(START + dt.timedelta(days=i)).isoformat(), gained, lost, gained - lost, total])
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r) + "</tr>" for r in rows)
    path.write_text(f'<html><head><meta charset="utf-8"></head><body><table border="1"><tr>{head}</tr>{body}'
                    "</table></body></html>", encoding="utf-8")


def toutiao_trend(path: Path) -> None:
    headers = ["时间", "展现量", "粉丝展现量", "阅读(播放)量", "粉丝阅读(播放)量", "点赞量", "评论量"]
    daily = []
    for i in range(DAYS):
        base = 5200 + (i * 377) % 2100
        daily.append([(START + dt.timedelta(days=i)).isoformat(), base, base // 5, base // 7, base // 30,
                      base // 120, base // 600])
    total = ["累计", *[sum(r[c] for r in daily) for c in range(1, 7)]]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    for row in (headers, total, *daily):
        sheet.append(row)
    workbook.save(path)


def douyin_works(path: Path) -> None:
    headers = ["作品名称", "发布时间", "体裁", "发布状态", "播放量", "完播率", "5s完播率", "作品时长", "2s跳出率",
               "平均播放时长", "点赞量", "评论量", "分享量", "收藏量", "主页访问量", "粉丝增量"]
    titles = ["高校毕业生就业补贴怎么领？一条视频讲清楚", "安源区秋季招聘会现场直击", "#家门口就业# 社区服务岗上新",
              "返乡创业贷款政策问答", "技能培训报名开启：电工、育婴员、养老护理员", "零工市场探访：今天有哪些岗位"]
    rows = []
    for i, title in enumerate(titles):
        plays = 3200 + i * 4100
        published = dt.datetime(2026, 10, 3 + i * 5, 18, 0, i * 7)
        rows.append([title, published.strftime("%Y-%m-%d %H:%M:%S"), "视频", "已发布", f"{plays:,}",
                     f"{12 + i * 1.5:.1f}%", f"{45 + i}%", f"00:{30 + i * 6}", f"{22 - i}%", f"{10 + i}.5",
                     plays // 40, plays // 300, plays // 150, plays // 120, plays // 12, plays // 200])
    rows[1][4] = "10万+"
    with path.open("w", encoding="gbk", newline="") as handle:
        csv.writer(handle).writerows([headers, *rows])


def main() -> list[Path]:
    paths = [HERE / "user_analysis.xls", HERE / "数据趋势_2026-10-01-2026-10-31.xlsx", HERE / "抖音作品数据_2026-10.csv",
             HERE / "融媒通用导入模板.xlsx"]
    user_analysis(paths[0])
    toutiao_trend(paths[1])
    douyin_works(paths[2])
    write_generic_template(paths[3])
    return paths


if __name__ == "__main__":
    for written in main():
        print(written)
