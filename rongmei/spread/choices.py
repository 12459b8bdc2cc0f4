"""传播分析的代码与中文。"""

from __future__ import annotations

from django.db import models


class EntryKind(models.TextChoices):
    """传播的组成部分（本方账号的发布另算，不在这里）。"""

    REPOST = "repost", "其他账号转载/转发"
    QUOTE = "quote", "引用/摘编"
    PLACEMENT = "placement", "媒体采用"
    MENTION = "mention", "网络提及"


class FoundBy(models.TextChoices):
    """这条传播是怎么找到的；同一条被几条途径找到时都记上，只计一次。"""

    MANUAL = "manual", "人工登记"
    IMPORT = "import", "表格导入"
    MONITORING = "monitoring", "舆情监测发现"
    PLACEMENTS = "placements", "媒体采用台账"


class ReachBasis(models.TextChoices):
    """传播量的依据。"""

    PUBLIC = "public", "页面公开的阅读/播放数"
    PARTNER = "partner", "对方提供"
    ESTIMATE = "estimate", "估算"
    NONE = "none", "未知（不计量）"


#: 报告里可编辑的分析段落
FINDING_SECTIONS = (
    ("summary", "传播概况与主要发现"),
    ("channels", "渠道与账号分析"),
    ("audience", "受众反馈分析"),
    ("suggestions", "经验与改进建议"),
)

#: 组成部分（本方发布 + 各类外部传播）→ 中文，报告、页面、事实共用
COMPONENT_LABELS = {"own": "本方账号发布", **dict(EntryKind.choices)}
