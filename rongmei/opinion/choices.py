"""舆情的选项（TextChoices）。"""

from django.db import models


class SourceKind(models.TextChoices):
    FEED = "feed", "RSS/Atom 订阅"
    PAGE = "page", "新闻网站列表页"
    INBOX = "inbox", "本工作区互动消息"
    IMPORT = "import", "表格导入"
    MANUAL = "manual", "人工录入"
    API = "api", "商业数据接口"


SOURCE_KIND_COLOURS = {
    SourceKind.FEED: "blue",
    SourceKind.PAGE: "cyan",
    SourceKind.INBOX: "purple",
    SourceKind.IMPORT: "teal",
    SourceKind.MANUAL: "secondary",
    SourceKind.API: "indigo",
}


class Sentiment(models.TextChoices):
    NEG = "neg", "负面"
    NEU = "neu", "中性"
    POS = "pos", "正面"


SENTIMENT_COLOURS = {Sentiment.NEG: "red", Sentiment.NEU: "secondary", Sentiment.POS: "green"}


class SourceHealth(models.TextChoices):
    NEW = "new", "尚未抓取"
    OK = "ok", "正常"
    ERROR = "error", "出错"
    PAUSED = "paused", "已停用"


SOURCE_HEALTH_COLOURS = {
    SourceHealth.NEW: "secondary",
    SourceHealth.OK: "green",
    SourceHealth.ERROR: "red",
    SourceHealth.PAUSED: "secondary",
}


class ReevalState(models.TextChoices):
    IDLE = "idle", "无"
    QUEUED = "queued", "排队中"
    RUNNING = "running", "重新匹配中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


# --- 舆情应对：分级、预警、事件、危机开关、文档 ---------------------------------------------------------


class RiskGrade(models.TextChoices):
    GENERAL = "general", "一般"
    LARGER = "larger", "较大"
    MAJOR = "major", "重大"


GRADE_COLOURS = {RiskGrade.GENERAL: "secondary", RiskGrade.LARGER: "orange", RiskGrade.MAJOR: "red"}
GRADE_RANK = {RiskGrade.GENERAL: 0, RiskGrade.LARGER: 1, RiskGrade.MAJOR: 2}


class AlertState(models.TextChoices):
    OPEN = "open", "待确认"
    ESCALATED = "escalated", "已升级（无人确认）"
    ACKED = "acked", "已确认"


ALERT_STATE_COLOURS = {AlertState.OPEN: "orange", AlertState.ESCALATED: "red", AlertState.ACKED: "green"}


class RobotKind(models.TextChoices):
    WECOM = "wecom", "企业微信群机器人"
    DINGTALK = "dingtalk", "钉钉群机器人"


class EventState(models.TextChoices):
    OPEN = "open", "处置中"
    CLOSED = "closed", "已结束"


EVENT_STATE_COLOURS = {EventState.OPEN: "orange", EventState.CLOSED: "green"}


class EntryKind(models.TextChoices):
    MENTION = "mention", "舆情信息"
    ALERT = "alert", "预警"
    ACTION = "action", "处置行动"
    STATEMENT = "statement", "回应口径"
    DECISION = "decision", "决策"
    MESSAGE = "message", "互动消息"
    GRADE = "grade", "定级"
    CRISIS = "crisis", "危机开关"
    REVIEW = "review", "结案复盘"


ENTRY_COLOURS = {EntryKind.MENTION: "blue", EntryKind.ALERT: "orange", EntryKind.ACTION: "teal",
                 EntryKind.STATEMENT: "purple", EntryKind.DECISION: "red", EntryKind.MESSAGE: "cyan",
                 EntryKind.GRADE: "yellow", EntryKind.CRISIS: "red", EntryKind.REVIEW: "green"}
#: 时间线上由人添加的类型（其余由系统写入）
MANUAL_ENTRY_KINDS = (EntryKind.ACTION, EntryKind.STATEMENT, EntryKind.DECISION)


class DocKind(models.TextChoices):
    MONTHLY = "monthly", "舆情月报"
    SPECIAL = "special", "舆情专报"
    RESPONSE_PLAN = "response_plan", "应对方案"
    EMERGENCY_PLAN = "emergency_plan", "应急预案"


class DocState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已生成"
    FAILED = "failed", "生成失败"


DOC_STATE_COLOURS = {DocState.QUEUED: "secondary", DocState.RUNNING: "blue", DocState.DONE: "green",
                     DocState.FAILED: "red"}
