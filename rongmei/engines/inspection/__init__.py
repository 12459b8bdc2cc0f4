"""政务新媒体自查引擎（纯 Python，不依赖 Django）。

把一个工作区的账号、最后更新、已发布内容的审校结果、互动回应、备案与粉丝增长整理成 :class:`Inputs`，
:func:`inspect` 按规则包（``packs/national.yaml``，带版本）给出发现::

    from rongmei.engines.inspection import Account, Inputs, inspect
    result = inspect(Inputs(as_of=date(2025, 6, 20), accounts=(Account(1, "某某发布", "wechat", "微信公众号",
                                                                        last_update=date(2025, 6, 3)),)))
    result.findings[0].veto_on   # date(2025, 6, 17)：最后更新 6 月 3 日，6 月 17 日起判为不合格

规则编号（稳定）：update.national、update.local、interaction.response、content.sensitive、content.error_rate、
registry.host_unit、registry.name、registry.one_per_platform、registry.filing、registry.closure_notice、
growth.followers。工作日按法定节假日与调休（``engines.workdays``）。
"""

from .model import (
    AT_RISK,
    CHECKED,
    FAILING,
    HIGH,
    LOW,
    MEDIUM,
    NO_DATA,
    Account,
    AccountEvent,
    ChannelStat,
    Evidence,
    Filing,
    Finding,
    Hit,
    Inputs,
    PublishedItem,
    Result,
    RuleStatus,
)
from .pack import RULE_IDS, Pack, PackError, load_pack
from .rules import inspect

__all__ = [
    "AT_RISK", "CHECKED", "FAILING", "HIGH", "LOW", "MEDIUM", "NO_DATA", "RULE_IDS",
    "Account", "AccountEvent", "ChannelStat", "Evidence", "Filing", "Finding", "Hit", "Inputs", "Pack", "PackError",
    "PublishedItem", "Result", "RuleStatus", "inspect", "load_pack",
]
