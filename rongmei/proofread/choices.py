from django.db import models


class RuleCategory(models.TextChoices):
    """工作区词条的类别（与引擎 ``extra`` 的键一致；whitelist 单独传给引擎）。"""

    SENSITIVE = "sensitive", "敏感词"
    BANNED_EXPRESSION = "banned_expression", "禁用词/慎用词"
    FALLEN_OFFICIAL = "fallen_official", "落马官员"
    LEADER_TITLE = "leader_title", "领导职务姓名"
    QUOTATION = "quotation", "领导人语录"
    TYPO = "typo", "错别字词对"
    HEADLINE = "headline", "标题党/低俗标题"
    SECRECY = "secrecy", "涉密标识"
    TRADITIONAL_ALLOW = "traditional_allow", "允许的繁体字"
    WHITELIST = "whitelist", "白名单"


CATEGORY_COLOURS = {
    RuleCategory.SENSITIVE: "red",
    RuleCategory.BANNED_EXPRESSION: "orange",
    RuleCategory.FALLEN_OFFICIAL: "red",
    RuleCategory.LEADER_TITLE: "purple",
    RuleCategory.QUOTATION: "purple",
    RuleCategory.TYPO: "yellow",
    RuleCategory.HEADLINE: "pink",
    RuleCategory.SECRECY: "red",
    RuleCategory.TRADITIONAL_ALLOW: "cyan",
    RuleCategory.WHITELIST: "green",
}

#: 可以从 .txt/.xlsx 词表批量导入的类别（引擎 import_wordlist 支持的两列形状）。
IMPORTABLE = (
    RuleCategory.SENSITIVE,
    RuleCategory.BANNED_EXPRESSION,
    RuleCategory.FALLEN_OFFICIAL,
    RuleCategory.LEADER_TITLE,
    RuleCategory.QUOTATION,
    RuleCategory.TYPO,
    RuleCategory.HEADLINE,
    RuleCategory.SECRECY,
    RuleCategory.WHITELIST,
)

#: 可以申请加入白名单的发现类别（引擎白名单只对这些类别起作用）。
WHITELISTABLE = ("sensitive", "banned_expression", "typo")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "已驳回"


PROPOSAL_COLOURS = {ProposalStatus.PENDING: "orange", ProposalStatus.ACCEPTED: "green", ProposalStatus.REJECTED: "secondary"}

SEVERITY_COLOURS = {"高": "red", "中": "orange", "低": "lime"}

#: 差错率参考阈值（每万字差错数）。
RATE_THRESHOLDS = (
    (5.0, "合同要求（≤5/万字）"),
    (1.0, "出版规范（≤1/万字）"),
)
