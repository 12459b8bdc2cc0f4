from django.db import models

from rongmei.engines.kpi import STATUS_LABELS


class FactOrigin(models.TextChoices):
    MANUAL = "manual", "手工录入"
    IMPORTED = "imported", "文件导入"


class ManualFactType(models.TextChoices):
    """页面上可以手工录入的事实类型（其余类型来自发布、数据等应用或文件导入）。"""

    PLACEMENT = "placement", "媒体采用"
    TRAINING = "training", "培训"
    AWARD = "award", "奖项/加分认定"
    LIVE_SESSION = "live_session", "直播场次"
    DELIVERABLE = "deliverable", "交付物"
    ACCEPTANCE = "acceptance", "验收结论"


class SnapshotKind(models.TextChoices):
    MIDTERM = "midterm", "中期验收"
    FINAL = "final", "终验"
    ASSESSMENT = "assessment", "考核"
    MONTHLY = "monthly", "月度"
    OTHER = "other", "其他"


class PeriodCode(models.TextChoices):
    ANNUAL = "annual", "全周期（年度）"
    H1 = "h1", "上半年"
    H2 = "h2", "下半年"


#: 进度状态 → Tabler 颜色
STATUS_COLOURS = {"green": "green", "done": "green", "amber": "yellow", "red": "red", "pending": "secondary",
                  "missed": "red", "nodata": "secondary"}
STATUS_TEXT = {code: label for code, (label, _c) in STATUS_LABELS.items()}
ALERT_STATUSES = frozenset({"amber", "red", "missed"})
