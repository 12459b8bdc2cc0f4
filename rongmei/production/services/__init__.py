"""采编与审核的写操作：关键字参数、事务、状态流转表校验、审计、通知。

按领域分为几个模块，这里汇总导出（``from rongmei.production import services`` 后 ``services.item_submit`` 等）：

- :mod:`.items`：内容、修订与附件；
- :mod:`.review`：送审、审核、自动检查结果、撤回/归档/重新打开、逾期提醒；
- :mod:`.chains`：审核流程配置；
- :mod:`.planning`：策划（栏目、每月一题、专项方案、计划、调度会、推荐时段）；
- :mod:`.common`：以上共用的小工具。
"""

from .chains import chain_install_preset, chain_update, stage_delete, stage_save
from .common import item_url, stage_deciders
from .items import (
    ITEM_FIELDS,
    LOCK_MINUTES,
    PLAN_YEARS_AHEAD,
    StaleRevision,
    attachment_add,
    attachment_delete,
    can_add_attachment,
    draft_autosave,
    draft_discard,
    item_create,
    item_lock,
    item_unlock,
    item_update,
)
from .planning import (
    campaign_save,
    column_save,
    meeting_save,
    theme_plan_save,
    window_delete,
    window_save,
    windows_install_preset,
    work_plan_save,
)
from .review import (
    WHITELISTABLE,
    assert_publishable,
    finding_propose_whitelist,
    finding_resolve,
    item_archive,
    item_decide,
    item_reopen,
    item_submit,
    item_withdraw,
    remind_overdue,
)

__all__ = [
    "ITEM_FIELDS", "LOCK_MINUTES", "PLAN_YEARS_AHEAD", "WHITELISTABLE", "StaleRevision", "assert_publishable", "attachment_add",
    "attachment_delete", "campaign_save", "can_add_attachment", "chain_install_preset", "chain_update", "column_save",
    "draft_autosave", "draft_discard",
    "finding_propose_whitelist", "finding_resolve", "item_archive", "item_create", "item_decide", "item_lock",
    "item_reopen", "item_submit", "item_unlock", "item_update", "item_url", "item_withdraw", "meeting_save",
    "remind_overdue", "stage_deciders", "stage_delete", "stage_save", "theme_plan_save", "window_delete",
    "window_save", "windows_install_preset", "work_plan_save",
]
