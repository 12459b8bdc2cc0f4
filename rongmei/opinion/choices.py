"""舆情的选项（TextChoices）。"""

from django.db import models


class SourceKind(models.TextChoices):
    FEED = "feed", "RSS/Atom 订阅"
    INBOX = "inbox", "本工作区互动消息"
    IMPORT = "import", "表格导入"
    MANUAL = "manual", "人工录入"
    API = "api", "商业数据接口"


SOURCE_KIND_COLOURS = {
    SourceKind.FEED: "blue",
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
