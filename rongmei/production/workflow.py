"""内容状态流转表：状态 × 动作 → 允许的角色。所有服务都经由 :func:`require` 判定。

``STAGE`` 表示“当前审核环节配置的角色或指定人员”（环节的 roles/people），而不是固定角色。
职责分离：稿件作者不能在审核环节审核自己的稿件或处理其检查结果（:data:`AUTHOR_EXCLUDED`），
除非该环节勾选了“允许作者本人审核”（``ReviewStage.allow_author``，如“编辑自审”）。这一条对系统管理员同样适用；
其余情况系统管理员不受限制。
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from rongmei.workspaces.choices import Role
from rongmei.workspaces.selectors import role_in

from .choices import ItemStatus as S
from .permissions import AUTHOR_ROLES


class Act:
    EDIT = "edit"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    DECIDE = "decide"
    RESOLVE_FINDING = "resolve_finding"
    ARCHIVE = "archive"
    REOPEN = "reopen"


ACTION_LABELS = {
    Act.EDIT: "修改",
    Act.SUBMIT: "送审",
    Act.WITHDRAW: "撤回",
    Act.DECIDE: "审核",
    Act.RESOLVE_FINDING: "处理检查结果",
    Act.ARCHIVE: "归档",
    Act.REOPEN: "重新打开",
}

STAGE = "stage"
# 作者本人不能执行的审核动作（除非环节允许作者自审）
AUTHOR_EXCLUDED = frozenset({Act.DECIDE, Act.RESOLVE_FINDING})
MANAGER = frozenset({Role.MANAGER})

TRANSITIONS: dict[tuple[str, str], frozenset[str] | str] = {
    (S.DRAFT, Act.EDIT): AUTHOR_ROLES,
    (S.DRAFT, Act.SUBMIT): AUTHOR_ROLES,
    (S.DRAFT, Act.ARCHIVE): MANAGER,
    (S.RETURNED, Act.EDIT): AUTHOR_ROLES,
    (S.RETURNED, Act.SUBMIT): AUTHOR_ROLES,
    (S.RETURNED, Act.ARCHIVE): MANAGER,
    (S.IN_REVIEW, Act.EDIT): STAGE,  # 审校人员可直接订正（生成新修订）
    (S.IN_REVIEW, Act.DECIDE): STAGE,
    (S.IN_REVIEW, Act.RESOLVE_FINDING): STAGE,
    (S.IN_REVIEW, Act.WITHDRAW): AUTHOR_ROLES,
    (S.APPROVED, Act.EDIT): AUTHOR_ROLES,  # 通过后修改：退回到流程配置的环节重新审核
    (S.APPROVED, Act.ARCHIVE): MANAGER,
    (S.REJECTED, Act.REOPEN): MANAGER,
    (S.REJECTED, Act.ARCHIVE): MANAGER,
    (S.ARCHIVED, Act.REOPEN): MANAGER,
}


def stage_allows(stage, user, role: str | None) -> bool:
    if stage is None:
        return False
    if role is not None and role in (stage.roles or []):
        return True
    return any(p.pk == user.pk for p in stage.people.all())


def author_excluded(item, action: str, user) -> bool:
    """职责分离：user 是作者、动作是审核类、当前环节不允许作者自审。"""
    if action not in AUTHOR_EXCLUDED or user is None or item.author_id != user.pk:
        return False
    stage = item.current_stage
    return stage is None or not stage.allow_author


def allowed(item, action: str, user, role: str | None) -> bool:
    rule = TRANSITIONS.get((item.status, action))
    if rule is None:
        return False
    if rule == STAGE and author_excluded(item, action, user):
        return False
    if user is not None and user.is_superuser:
        return True
    if rule == STAGE:
        return stage_allows(item.current_stage, user, role)
    return role is not None and role in rule


def require(item, action: str, user) -> None:
    role = role_in(user, item.workspace) if user is not None and not user.is_superuser else None
    if allowed(item, action, user, role):
        return
    label = ACTION_LABELS.get(action, action)
    if (item.status, action) not in TRANSITIONS:
        raise PermissionDenied(f"“{item.get_status_display()}”状态的内容不能{label}")
    if TRANSITIONS[(item.status, action)] == STAGE:
        stage = item.current_stage
        if author_excluded(item, action, user):
            raise PermissionDenied(f"您是这篇稿件的作者，按职责分离要求不能在“{stage.name if stage else '—'}”环节{label}"
                                   "自己的稿件，请由本环节的其他审核人处理")
        raise PermissionDenied(f"当前环节“{stage.name if stage else '—'}”不由您{label}")
    raise PermissionDenied(f"您的角色不能{label}“{item.get_status_display()}”状态的内容")


def actions_for(item, user, role: str | None) -> set[str]:
    return {action for (status, action) in TRANSITIONS if status == item.status and allowed(item, action, user, role)}
