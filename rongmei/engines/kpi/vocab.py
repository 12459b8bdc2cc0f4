"""KPI 引擎共用的词表：平台、内容形态、指标名、事实类型（中文标签集中在此，Django 侧复用）。"""

from __future__ import annotations

__all__ = [
    "PLATFORMS",
    "KINDS",
    "METRICS",
    "FACT_TYPES",
    "FACT_FIELDS",
    "PLACEMENT_LEVELS",
    "PERIOD_UNITS",
    "STATUS_LABELS",
    "platform_label",
    "kind_label",
    "metric_label",
]

#: 平台代码 → 中文名称
PLATFORMS: dict[str, str] = {
    "wechat": "微信公众号",
    "channels": "微信视频号",
    "weibo": "微博",
    "douyin": "抖音",
    "kuaishou": "快手",
    "toutiao": "头条号",
    "baijiahao": "百家号",
    "beijinghao": "北京号",
    "website": "门户网站",
}

#: 内容形态代码 → 中文名称（发布物与非发布交付物共用）
KINDS: dict[str, str] = {
    "short_video": "短视频",
    "article": "图文",
    "poster": "海报",
    "promo_film": "公益宣传片",
    "live": "直播",
    "programme": "节目录制",
    "micro_documentary": "微纪录片",
    "training_video": "培训视频课时",
    "infographic": "一图读懂/长图",
    "science_card": "科普知识卡片",
    "h5": "H5/SVG 互动产品",
    "visual_design": "视觉设计/动态角标",
    "news_brief": "新闻速览",
    "propagation_report": "重点内容传播分析报告",
    "opinion_report": "舆情报告",
    "report": "工作报告/总结",
    "activity": "线上或线下活动",
    "repost": "转发",
    "other": "其他",
}

#: 指标名 → 中文名称。除 followers_total（累计值，取最新值）外均为日增量。
METRICS: dict[str, str] = {
    "plays": "播放量",
    "reads": "阅读量",
    "likes": "点赞量",
    "shares": "转发量",
    "comments": "评论量",
    "favorites": "收藏量",
    "followers_gained": "新增关注",
    "followers_lost": "取消关注",
    "followers_total": "累计关注",
    "airings": "播出次数",
    "leads": "线下留咨数量",
    "placements_job": "成功上岗数量",
    "replies_on_time": "互动按时答复数",
    "replies_late": "互动超时答复数",
}

#: 累计型（水平值）指标：取每个平台截至某日的最新值，而非求和
LEVEL_METRICS: frozenset[str] = frozenset({"followers_total"})

FACT_TYPES: dict[str, str] = {
    "publication": "发布记录",
    "metric": "数据指标",
    "deliverable": "交付物",
    "live_session": "直播场次",
    "placement": "媒体采用",
    "training": "培训",
    "award": "加分认定",
    "acceptance": "验收结论",
    "promotion": "付费推广",
    "reach": "传播量",
    "staffing": "岗位到岗",
    "staff_change": "人员更换",
}

PLACEMENT_LEVELS: dict[str, str] = {
    "municipal": "市级",
    "provincial": "省级",
    "national": "国家级",
}

#: 义务的计量单位（per）
PERIOD_UNITS: dict[str, str] = {
    "period": "考核期",
    "month": "月",
    "week": "周",
    "day": "天",
    "workday": "工作日",
    "non_workday": "节假日（含周末）",
}

#: facts-v1 字段名 → 中文（页面展示事实内容用）
FACT_FIELDS: dict[str, str] = {
    "type": "类型", "date": "日期", "id": "编号", "ref": "引用", "platform": "平台", "kind": "形态", "item": "稿件",
    "url": "链接", "title": "标题", "original": "原创", "name": "名称", "value": "数值", "minutes": "时长（分钟）",
    "viewers": "观看人数", "outlet": "采用媒体", "level": "级别", "course": "课程", "hours": "学时",
    "attendees": "参加人数", "points": "分值", "note": "备注", "bonus": "加分项", "checkpoint": "验收节点",
    "passed": "是否通过", "account": "账号",
    "post": "岗位", "required": "要求人数", "filled": "到岗人数", "filled_share": "到岗率",
}

#: 进度状态 → (中文, 颜色)
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "green": ("进度正常", "green"),
    "amber": ("略有滞后", "amber"),
    "red": ("严重滞后", "red"),
    "done": ("已完成", "green"),
    "pending": ("尚未开始", "gray"),
    "missed": ("期满未达标", "red"),  # the window has ended below target
    "nodata": ("缺少数据", "gray"),  # the figure cannot be computed (e.g. growth without base-period data)
}


def platform_label(code: str | None) -> str:
    return PLATFORMS.get(code or "", code or "全部平台")


def kind_label(code: str | None) -> str:
    return KINDS.get(code or "", code or "全部形态")


def metric_label(code: str | None) -> str:
    return METRICS.get(code or "", code or "")
