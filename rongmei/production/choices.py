"""采编与审核的选项：内容形态（复用 KPI 引擎词表）、状态、审核结论等，均带中文标签与颜色。"""

from __future__ import annotations

from django.db import models

from rongmei.engines.kpi.vocab import KINDS, PLATFORMS

#: 内容形态（代码与 KPI 引擎一致，事实可以直接对上合同条款）
KIND_CHOICES: list[tuple[str, str]] = list(KINDS.items())
PLATFORM_CHOICES: list[tuple[str, str]] = list(PLATFORMS.items())

#: 不作为“交付物”事实计数的形态：图文/转发由发布记录计数，直播由直播场次计数
NON_DELIVERABLE_KINDS = frozenset({"article", "repost", "live"})
#: 需要填写时长（分钟计）的形态
TIMED_KINDS = frozenset({"short_video", "promo_film", "live", "programme", "micro_documentary", "training_video"})
#: 有播出次数的形态（电视、大屏播出）
AIRED_KINDS = frozenset({"promo_film", "programme", "micro_documentary"})
#: 按页数/张数计的形态
PAGED_KINDS = frozenset({"infographic", "science_card", "poster", "h5", "visual_design"})
#: 编辑表单里只对部分形态出现的字段（其余形态隐藏，保存时清空）
KIND_FIELDS: dict[str, frozenset[str]] = {
    "duration_minutes": TIMED_KINDS, "airing_count": AIRED_KINDS, "page_count": PAGED_KINDS,
}


class ItemStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "审核中"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已驳回"
    ARCHIVED = "archived", "已归档"


ITEM_STATUS_COLOURS = {
    ItemStatus.DRAFT: "secondary",
    ItemStatus.IN_REVIEW: "blue",
    ItemStatus.RETURNED: "orange",
    ItemStatus.APPROVED: "green",
    ItemStatus.REJECTED: "red",
    ItemStatus.ARCHIVED: "dark",
}


class Importance(models.TextChoices):
    LOW = "low", "一般"
    NORMAL = "normal", "较重要"
    HIGH = "high", "重要"


IMPORTANCE_COLOURS = {Importance.LOW: "secondary", Importance.NORMAL: "blue", Importance.HIGH: "red"}


class Confidentiality(models.TextChoices):
    """密级标注（代码与 core.archive 一致：标了密级的材料只有有权的人才能打进档案包）。"""

    PUBLIC = "", "公开"
    INTERNAL = "internal", "内部"
    SECRET = "secret", "秘密"


CONFIDENTIALITY_COLOURS = {Confidentiality.INTERNAL: "orange", Confidentiality.SECRET: "red"}


class ColumnType(models.TextChoices):
    ORIGINAL = "original", "原创栏目"
    REPOST = "repost", "转载栏目"


class StageType(models.TextChoices):
    PROOFREAD = "proofread", "校"
    REVIEW = "review", "审"


class Verdict(models.TextChoices):
    APPROVE = "approve", "通过"
    RETURN = "return", "退回修改"
    REJECT = "reject", "驳回"
    SKIP = "skip", "跳过"
    NOTE = "note", "记录"


VERDICT_COLOURS = {
    Verdict.APPROVE: "green",
    Verdict.RETURN: "orange",
    Verdict.REJECT: "red",
    Verdict.SKIP: "secondary",
    Verdict.NOTE: "azure",
}


class FindingDecision(models.TextChoices):
    PENDING = "pending", "待处理"
    ACCEPTED = "accepted", "已采纳"
    DISMISSED = "dismissed", "已忽略"


class MeetingKind(models.TextChoices):
    WEEKLY = "weekly", "周调度"
    MONTHLY = "monthly", "月调度"


class BodyFormat(models.TextChoices):
    MARKDOWN = "markdown", "Markdown 纯文字"
    HTML = "html", "富文本"


class AttachmentKind(models.TextChoices):
    IMAGE = "image", "图片"
    VIDEO = "video", "视频"
    AUDIO = "audio", "音频"
    DOCUMENT = "document", "文档"
    OTHER = "other", "其他"

KINDS_SET = frozenset(KINDS)
