from django.db import models


class ReportKind(models.TextChoices):
    NEWS_BRIEF = "news_brief", "新闻速览"
    MONTHLY_DATA = "monthly_data", "月度数据报告"
    MONTHLY_SUMMARY = "monthly_summary", "月度工作总结"
    QUARTERLY = "quarterly", "季度运营分析报告"
    HALF_YEAR = "half_year", "半年工作总结"
    ANNUAL = "annual", "年度工作总结"
    MIDTERM = "midterm", "中期报告"
    FINAL = "final", "终期综合总结"


class ReportState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已生成"
    FAILED = "failed", "生成失败"


STATE_COLOURS = {ReportState.QUEUED: "secondary", ReportState.RUNNING: "blue", ReportState.DONE: "green",
                 ReportState.FAILED: "red"}

#: 各类报告可编辑的文字部分（键 → 标题）。数字部分由系统生成。
SECTIONS: dict[str, list[tuple[str, str]]] = {
    ReportKind.NEWS_BRIEF: [("intro", "导语")],
    ReportKind.MONTHLY_DATA: [("summary", "数据分析与说明")],
    ReportKind.MONTHLY_SUMMARY: [("work", "本月工作概况"), ("problems", "存在的问题"), ("next", "下月工作计划")],
    ReportKind.QUARTERLY: [("users", "用户分析"), ("content", "内容分析"), ("lessons", "经验与不足"),
                           ("next", "下季度工作计划")],
    ReportKind.HALF_YEAR: [("work", "工作概况"), ("lessons", "经验与不足"), ("next", "下半年工作计划")],
    ReportKind.ANNUAL: [("work", "年度工作概况"), ("lessons", "经验与不足"), ("next", "下一年度工作思路")],
    ReportKind.MIDTERM: [("work", "前期工作概况"), ("problems", "存在的问题"), ("next", "后期工作安排")],
    ReportKind.FINAL: [("work", "项目执行总体情况"), ("results", "主要成效"), ("lessons", "经验与体会"),
                       ("suggestions", "意见建议")],
}
