"""自查的输入与输出（纯数据，不依赖 Django）。"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITY_ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}

FAILING, AT_RISK = "failing", "at_risk"  # 已不合格 / 到期前预警

CHECKED, NO_DATA = "checked", "no_data"


@dataclass(frozen=True)
class Evidence:
    """一条证据：说明、日期、链接（都可选）。"""

    label: str
    date: dt.date | None = None
    url: str = ""

    def to_dict(self) -> dict:
        return {"label": self.label, "date": self.date.isoformat() if self.date else None, "url": self.url}


@dataclass(frozen=True)
class Filing:
    """一条备案或公告：``kind`` 为 opened / changed / closed（备案）或 notice（停更公告）。"""

    kind: str
    event_on: dt.date
    filed_on: dt.date | None = None
    reference: str = ""


@dataclass(frozen=True)
class AccountEvent:
    """账号的开设、变更、注销：``kind`` 为 opened / changed / closed。"""

    kind: str
    on: dt.date
    note: str = ""


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    platform: str  # 平台代码
    platform_label: str
    owner_unit: str = ""
    status: str = "active"  # active / paused / closed
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None
    registered_on: dt.date | None = None  # 登记进系统的日期（没有开通日期时作为更新起算日）
    last_update: dt.date | None = None
    last_update_title: str = ""
    last_update_url: str = ""
    events: tuple[AccountEvent, ...] = ()
    filings: tuple[Filing, ...] = ()
    follower_gains: Mapping[dt.date, float] = field(default_factory=dict)
    checks_name: bool = True  # 网站等不参与跨平台名称一致性

    @property
    def label(self) -> str:
        return f"{self.platform_label}·{self.name}"


@dataclass(frozen=True)
class Hit:
    """已发布正文里的一处错敏发现。"""

    text: str
    category: str
    severity: str  # 高 / 中 / 低（审校引擎的级别）
    message: str


@dataclass(frozen=True)
class PublishedItem:
    account_id: int
    title: str
    published_on: dt.date
    url: str = ""
    hits: tuple[Hit, ...] = ()
    error_rate: float | None = None  # 每万字差错数（由审校的口径算好传入）
    changed_after: dt.date | None = None  # 发布后正文又改过：改动日期（hits 包含改后的正文）
    link: str = ""  # 系统内的稿件页


@dataclass(frozen=True)
class ChannelStat:
    """一个账号一个互动渠道在检查区间内的回应情况。"""

    account_id: int
    channel: str
    received: int
    overdue: int  # 超过答复时限才回应或至今未回应且已超时
    oldest_overdue_on: dt.date | None = None
    limit_label: str = ""
    url: str = ""


@dataclass(frozen=True)
class Inputs:
    as_of: dt.date
    accounts: tuple[Account, ...]
    published: tuple[PublishedItem, ...] = ()
    interaction: tuple[ChannelStat, ...] | None = None  # None：还没有互动数据（规则报“无数据”）
    interaction_note: str = ""
    local_update_days: int | None = None


@dataclass(frozen=True)
class Finding:
    account_id: int | None
    account: str
    platform: str
    rule: str
    severity: str
    state: str  # failing / at_risk
    message: str
    fix: str
    veto_on: dt.date | None = None
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict:
        d = asdict(self)
        d["veto_on"] = self.veto_on.isoformat() if self.veto_on else None
        d["evidence"] = [e.to_dict() for e in self.evidence]
        return d


@dataclass(frozen=True)
class RuleStatus:
    rule: str
    label: str
    status: str  # checked / no_data
    note: str = ""
    findings: int = 0


@dataclass(frozen=True)
class Result:
    as_of: dt.date
    pack_version: str
    findings: tuple[Finding, ...]
    rules: tuple[RuleStatus, ...]

    def to_dict(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "pack_version": self.pack_version,
                "findings": [f.to_dict() for f in self.findings],
                "rules": [asdict(r) for r in self.rules]}
