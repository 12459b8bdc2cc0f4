"""自查的选项（TextChoices）。代码值与自查引擎（rongmei.engines.inspection）一致。"""

from django.db import models

from rongmei.engines.inspection import load_pack


class Severity(models.TextChoices):
    HIGH = "high", "严重"
    MEDIUM = "medium", "一般"
    LOW = "low", "提示"


SEVERITY_COLOURS = {Severity.HIGH: "red", Severity.MEDIUM: "orange", Severity.LOW: "azure"}


class FindingState(models.TextChoices):
    FAILING = "failing", "已不合格"
    AT_RISK = "at_risk", "即将不合格"


STATE_COLOURS = {FindingState.FAILING: "red", FindingState.AT_RISK: "orange"}


class Trigger(models.TextChoices):
    DAILY = "daily", "每日自动"
    MANUAL = "manual", "手动"
    CLI = "cli", "命令行"


class RuleStatus(models.TextChoices):
    CHECKED = "checked", "已检查"
    NO_DATA = "no_data", "无数据"


class FilingKind(models.TextChoices):
    OPENED = "opened", "开设备案"
    CHANGED = "changed", "变更备案"
    CLOSED = "closed", "注销备案"
    NOTICE = "notice", "停更公告"


#: 规则编号 → 中文名（来自规则包，页面与报告统一用它）。
RULE_LABELS: dict[str, str] = {rule_id: str(rule["label"]) for rule_id, rule in load_pack().rules.items()}
