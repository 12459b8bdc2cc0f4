"""数据指标的名称、来源与颜色。"""

from __future__ import annotations

from django.db import models

from rongmei.engines.exports import METRICS as EXPORT_METRICS


class Source(models.TextChoices):
    API = "api", "平台接口"
    IMPORT = "import", "导出文件导入"
    MANUAL = "manual", "手工录入"


SOURCE_COLOURS = {Source.API: "blue", Source.IMPORT: "green", Source.MANUAL: "orange"}

#: 工作区专项计数（种子 002：线下留咨、成功上岗、企业注册、发布岗位），手工录入或导入。
WORKSPACE_COUNTS: dict[str, str] = {
    "leads": "线下留咨数量",
    "placements_job": "成功上岗数量",
    "enterprise_regs": "企业注册数量",
    "jobs_posted": "发布岗位数量",
    "airings": "播出次数",
}

#: 全部可存储的指标名 → 中文名。
METRIC_LABELS: dict[str, str] = {
    **{name: m.label for name, m in EXPORT_METRICS.items()},
    **WORKSPACE_COUNTS,
}

#: 核心指标（仪表盘与报告的主要口径），按显示顺序。
CORE_METRICS = ("plays", "reads", "likes", "shares", "comments", "favorites",
                "followers_gained", "followers_lost", "followers_net", "followers_total")

#: 水平值（取期末最新值，不能按天相加）。
LEVEL_METRICS = frozenset({"followers_total", "active_followers", "loyal_followers"})

#: 比率、时长类：不做月度汇总。
NON_AGGREGATED = frozenset(name for name, m in EXPORT_METRICS.items() if m.unit in ("rate", "seconds"))

#: 可手工录入的指标（专项计数 + 核心计数）。
ENTERABLE = {**WORKSPACE_COUNTS, **{n: METRIC_LABELS[n] for n in CORE_METRICS}}


def metric_label(name: str) -> str:
    return METRIC_LABELS.get(name, name)


def is_aggregated(name: str) -> bool:
    return name not in NON_AGGREGATED


class ImportJobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    PARSING = "parsing", "解析与校验中"
    WRITING = "writing", "写入中"
    DONE = "done", "已完成"
    FAILED = "failed", "未导入"


IMPORT_JOB_COLOURS = {ImportJobState.QUEUED: "secondary", ImportJobState.PARSING: "blue",
                      ImportJobState.WRITING: "blue", ImportJobState.DONE: "green", ImportJobState.FAILED: "red"}
IMPORT_JOB_STEPS = {ImportJobState.QUEUED: 1, ImportJobState.PARSING: 2, ImportJobState.WRITING: 3,
                    ImportJobState.DONE: 4, ImportJobState.FAILED: 4}


class PromotionProduct(models.TextChoices):
    """付费推广产品（种子 002：抖音 DOU+ 与小程序“小雪花”投流）。"""

    DOU_PLUS = "dou_plus", "抖音 DOU+"
    MINI_PROGRAM = "mini_program", "抖音小程序投流（小雪花）"
    CHANNELS_BOOST = "channels_boost", "视频号加热"
    WEIBO_FANSTOP = "weibo_fanstop", "微博粉丝头条"
    KUAISHOU_FANS = "kuaishou_fans", "快手粉条"
    OTHER = "other", "其他推广"


class PromotionObjective(models.TextChoices):
    """投放目标：决定“单个结果成本”按哪一项结果计算。"""

    PLAYS = "plays", "播放量"
    FOLLOWERS = "followers", "粉丝量"
    HOME_VISITS = "home_visits", "主页浏览量"
    LEADS = "leads", "线索量"


#: 投放目标 → 成本的显示口径（单位，每多少个结果）
PROMOTION_COST_UNITS: dict[str, tuple[str, int]] = {
    PromotionObjective.PLAYS: ("元/千次播放", 1000),
    PromotionObjective.FOLLOWERS: ("元/个粉丝", 1),
    PromotionObjective.HOME_VISITS: ("元/次主页浏览", 1),
    PromotionObjective.LEADS: ("元/条线索", 1),
}
