"""演示用的月度数据报告（虚构数据），供测试、手工查看与文档截图。

    .venv/bin/python -m rongmei.engines.docgen.example /tmp/报告   # 生成 .docx、.xlsx（有 LibreOffice 时还有 .pdf）
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .model import Column, KeyFigure, Link, Report
from .pdf import to_pdf

__all__ = ["monthly_report_example"]


def monthly_report_example() -> Report:
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=i) for i in range(31)]
    gained = [38 + (i * 7) % 29 + (60 if i == 14 else 0) for i in range(31)]
    lost = [6 + (i * 5) % 9 for i in range(31)]
    items = [
        ("2026-10-03", "微信公众号", "高校毕业生就业补贴怎么领？一图读懂", "https://mp.weixin.qq.com/s/Demo0001", 6410, 233),
        ("2026-10-08", "抖音", "安源区秋季招聘会现场直击", "https://www.douyin.com/video/7400000000000000001", 100000, 820),
        ("2026-10-13", "抖音", "#家门口就业# 社区服务岗上新", "https://www.douyin.com/video/7400000000000000002", 15500, 96),
        ("2026-10-18", "今日头条", "返乡创业贷款政策问答", "https://www.toutiao.com/article/7400000000000000003/", 8830, 41),
        ("2026-10-23", "微信公众号", "技能培训报名开启：电工、育婴员、养老护理员", "https://mp.weixin.qq.com/s/Demo0002", 3120,
         57),
    ]
    return (
        Report(
            title="2026年10月新媒体运营数据报告",
            subtitle="安源区就业服务新媒体矩阵",
            meta={"报送单位": "某融媒体中心运营团队", "统计周期": "2026年10月1日—10月31日",
                  "数据截至": dt.datetime(2026, 11, 1, 9, 0)},
        )
        .heading("一、总体情况")
        .paragraph("10月，矩阵账号共发布作品 46 条，总阅读（播放）量 38.6 万次，较 9 月增长 12.3%；"
                   "公众号净增关注 1,180 人，抖音单条最高播放量突破 10 万。")
        .key_figures([
            KeyFigure("发布作品", 46, "条", "环比 +4 条"),
            KeyFigure("阅读（播放）量", "38.6", "万次", "环比 +12.3%"),
            KeyFigure("公众号净增关注", 1180, "人", "环比 +8.1%"),
            KeyFigure("互动量", 5312, "次", "环比 −2.4%"),
        ])
        .heading("二、粉丝增长")
        .chart("line", "公众号每日新增与取消关注", [f"{d.month}月{d.day}日" for d in days],
               {"新增关注": gained, "取消关注": lost}, y_label="人数")
        .heading("三、各平台表现")
        .table(
            ["平台", Column("发布数", "int"), Column("阅读（播放）量", "int"), Column("互动量", "int"),
             Column("互动率", "percent")],
            [["微信公众号", 18, 60210, 1630, 0.0271], ["抖音", 16, 268400, 3105, 0.0116],
             ["今日头条", 12, 57300, 577, 0.0101]],
            title="各平台数据汇总",
            note="注：互动量 = 点赞 + 评论 + 分享 + 收藏；数据来自各平台后台导出。",
        )
        .chart("bar", "各平台阅读（播放）量", ["微信公众号", "抖音", "今日头条"],
               {"9月": [55800, 231000, 61200], "10月": [60210, 268400, 57300]})
        .chart("pie", "阅读（播放）量平台占比", ["微信公众号", "抖音", "今日头条"], {"阅读量": [60210, 268400, 57300]})
        .heading("四、重点作品")
        .table(
            ["发布日期", "平台", "标题", Column("链接", "url"),
             Column("阅读（播放）量", "int"), Column("分享", "int")],
            [[d, p, t, Link("查看原文", u), r, s] for d, p, t, u, r, s in items],
            title="本月发布作品清单（节选）",
        )
        .heading("五、下月计划")
        .paragraph(["围绕“就业援助月”策划系列短视频；详见", Link("运营计划", "https://example.gov.cn/plan/2026-11"),
                    "。"])
    )


def main(argv: list[str]) -> None:
    outdir = Path(argv[1] if len(argv) > 1 else ".")
    report = monthly_report_example()
    docx = report.save_docx(outdir / "月度数据报告示例.docx")
    print(docx)
    print(report.save_xlsx(outdir / "月度数据报告示例.xlsx"))
    print(to_pdf(docx) or "（本机没有 LibreOffice，未生成 PDF）")


if __name__ == "__main__":
    main(sys.argv)
