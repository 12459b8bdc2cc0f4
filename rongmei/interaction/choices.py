"""互动的选项（TextChoices）。"""

from django.db import models


class MessageKind(models.TextChoices):
    COMMENT = "comment", "评论"
    REPLY = "reply", "楼中楼回复"
    PRIVATE = "private", "私信"
    LEAD = "lead", "留言/留咨"


class MessageSource(models.TextChoices):
    API = "api", "接口拉取"
    CALLBACK = "callback", "消息推送"
    IMPORT = "import", "表格导入"
    MANUAL = "manual", "手工登记"
    DEMO = "demo", "演示数据"


class Category(models.TextChoices):
    CONSULT = "consult", "咨询"
    SUGGEST = "suggest", "建议"
    COMPLAIN = "complain", "投诉"
    CHAT = "chat", "日常互动"
    RISK = "risk", "舆情风险"


CATEGORY_COLOURS = {Category.CONSULT: "blue", Category.SUGGEST: "teal", Category.COMPLAIN: "orange",
                    Category.CHAT: "secondary", Category.RISK: "red"}


class Sentiment(models.TextChoices):
    NEG = "neg", "负面"
    NEU = "neu", "中性"
    POS = "pos", "正面"


SENTIMENT_COLOURS = {Sentiment.NEG: "red", Sentiment.NEU: "secondary", Sentiment.POS: "green"}


class MessageState(models.TextChoices):
    NEW = "new", "待处理"
    IN_PROGRESS = "in_progress", "处理中"
    AWAITING_APPROVAL = "awaiting_approval", "待审核"
    WAITING_DEPARTMENT = "waiting_department", "待处室答复"
    WAITING_CITIZEN = "waiting_citizen", "等待群众补充"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已关闭"


OPEN_STATES = (MessageState.NEW, MessageState.IN_PROGRESS, MessageState.AWAITING_APPROVAL,
               MessageState.WAITING_DEPARTMENT, MessageState.WAITING_CITIZEN)
DONE_STATES = (MessageState.ANSWERED, MessageState.CLOSED)

MESSAGE_STATE_COLOURS = {
    MessageState.NEW: "red", MessageState.IN_PROGRESS: "blue", MessageState.AWAITING_APPROVAL: "purple",
    MessageState.WAITING_DEPARTMENT: "orange", MessageState.WAITING_CITIZEN: "yellow",
    MessageState.ANSWERED: "green", MessageState.CLOSED: "secondary",
}


class ReplyState(models.TextChoices):
    PENDING = "pending", "待审核"
    REJECTED = "rejected", "已退回"
    APPROVED = "approved", "已通过待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    SENT_MANUAL = "sent_manual", "已人工发送"
    FAILED = "failed", "发送失败"


REPLY_STATE_COLOURS = {
    ReplyState.PENDING: "purple", ReplyState.REJECTED: "orange", ReplyState.APPROVED: "blue",
    ReplyState.SENDING: "cyan", ReplyState.SENT: "green", ReplyState.SENT_MANUAL: "green", ReplyState.FAILED: "red",
}
SENT_REPLY_STATES = (ReplyState.SENT, ReplyState.SENT_MANUAL)


class CurationState(models.TextChoices):
    NONE = "none", "无需精选"
    PENDING = "pending", "待甲方确认"
    CONFIRMED = "confirmed", "已精选展示"
    DECLINED = "declined", "不予展示"


class CorrectionField(models.TextChoices):
    CATEGORY = "category", "分类"
    SENTIMENT = "sentiment", "情感"
    URGENT = "urgent", "紧急"


# 没有开放互动接口、靠导入或手工登记的平台（代码与 workspaces.PLATFORMS 一致）
MANUAL_PLATFORMS = ("channels", "kuaishou", "toutiao", "baijiahao")
# 需要甲方确认后才展示的平台（公众号精选留言）
CURATED_PLATFORMS = ("wechat",)
