"""发布队列行的状态流转表：状态 × 动作 → 允许的下一状态；动作 → 所需权限（即允许的角色）。

与采编的 :mod:`rongmei.production.workflow` 同一种写法。哪些状态可以“立即发布”“重新发布”“登记发布结果”
“改期”“撤回”只在这里决定：服务（:mod:`.services`）据此校验，网页、接口（``actions`` 字段）和命令行
（``rongmei publication``）据此显示可做的操作，三处不会各写一套。

``SYSTEM`` 表示只由发布 worker 执行（没有操作人），列在表里是为了让整张状态图一目了然。
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from rongmei.core.permissions import has_perm, require_perm

from .choices import PubState as S
from .permissions import PublishingPerm


class PubAct:
    RESCHEDULE = "reschedule"
    PUBLISH_NOW = "publish_now"
    RETRY = "retry"
    RECORD_MANUAL = "record_manual"
    WITHDRAW = "withdraw"
    # 以下由 worker 执行
    DISPATCH = "dispatch"      # 计划时间已到或立即发布：取出并开始调用平台接口
    PROGRESS = "progress"      # 平台返回结果：已发布 / 仍在处理 / 失败 / 无法确认 / 需人工发布


ACTION_LABELS = {
    PubAct.RESCHEDULE: "改期",
    PubAct.PUBLISH_NOW: "立即发布",
    PubAct.RETRY: "重新发布",
    PubAct.RECORD_MANUAL: "登记发布结果",
    PubAct.WITHDRAW: "撤回",
    PubAct.DISPATCH: "开始发布",
    PubAct.PROGRESS: "更新发布进度",
}

# 操作人可执行的动作（不含 worker 的动作），按页面上按钮的顺序
USER_ACTIONS = (PubAct.PUBLISH_NOW, PubAct.RECORD_MANUAL, PubAct.RETRY, PubAct.RESCHEDULE, PubAct.WITHDRAW)

SYSTEM = "system"


# 动作 → 操作人须有的权限（角色见 permissions.py 的声明：项目经理、编辑）；SYSTEM 为 worker 专用
ACTION_PERMS: dict[str, str] = {
    PubAct.RESCHEDULE: PublishingPerm.SCHEDULE,
    PubAct.PUBLISH_NOW: PublishingPerm.SCHEDULE,
    PubAct.RETRY: PublishingPerm.SCHEDULE,
    PubAct.RECORD_MANUAL: PublishingPerm.SCHEDULE,
    PubAct.WITHDRAW: PublishingPerm.SCHEDULE,
    PubAct.DISPATCH: SYSTEM,
    PubAct.PROGRESS: SYSTEM,
}


@dataclass(frozen=True)
class Rule:
    """``to``：允许的下一状态（第一个是通常的结果）。"""

    to: tuple[str, ...]


_WORKER_RESULTS = (S.PUBLISHED, S.PUBLISHING, S.QUEUED, S.FAILED, S.UNCERTAIN, S.MANUAL)

TRANSITIONS: dict[tuple[str, str], Rule] = {
    # 计划
    (S.PLANNED, PubAct.RESCHEDULE): Rule((S.PLANNED,)),
    (S.PLANNED, PubAct.PUBLISH_NOW): Rule((S.QUEUED,)),
    (S.PLANNED, PubAct.RECORD_MANUAL): Rule((S.PUBLISHED,)),
    (S.PLANNED, PubAct.WITHDRAW): Rule((S.WITHDRAWN,)),
    (S.PLANNED, PubAct.DISPATCH): Rule((S.PUBLISHING, S.QUEUED)),  # 暂停期间只进队列
    # 排队
    (S.QUEUED, PubAct.RESCHEDULE): Rule((S.PLANNED,)),  # 改期即“不要马上发”：回到计划，到新时间再发
    (S.QUEUED, PubAct.PUBLISH_NOW): Rule((S.QUEUED,)),
    (S.QUEUED, PubAct.RECORD_MANUAL): Rule((S.PUBLISHED,)),
    (S.QUEUED, PubAct.WITHDRAW): Rule((S.WITHDRAWN,)),
    (S.QUEUED, PubAct.DISPATCH): Rule((S.PUBLISHING, S.QUEUED)),
    # 发布中：只有 worker 推进；卡住时可人工登记兜底
    (S.PUBLISHING, PubAct.PROGRESS): Rule(_WORKER_RESULTS),
    (S.PUBLISHING, PubAct.RECORD_MANUAL): Rule((S.PUBLISHED,)),
    # 待人工发布（平台没有开放接口）
    (S.MANUAL, PubAct.RESCHEDULE): Rule((S.MANUAL,)),
    (S.MANUAL, PubAct.RECORD_MANUAL): Rule((S.PUBLISHED,)),
    (S.MANUAL, PubAct.WITHDRAW): Rule((S.WITHDRAWN,)),
    # 失败
    (S.FAILED, PubAct.RETRY): Rule((S.QUEUED,)),
    (S.FAILED, PubAct.RESCHEDULE): Rule((S.PLANNED, S.FAILED)),  # 已做过部分步骤的仍为失败，须“重新发布”
    (S.FAILED, PubAct.RECORD_MANUAL): Rule((S.PUBLISHED,)),
    (S.FAILED, PubAct.WITHDRAW): Rule((S.WITHDRAWN,)),
    # 待人工核实（不确定是否已发出）：核实后登记结果，或确认没发出后重新发布
    (S.UNCERTAIN, PubAct.RETRY): Rule((S.QUEUED,)),
    (S.UNCERTAIN, PubAct.RECORD_MANUAL): Rule((S.PUBLISHED,)),
    (S.UNCERTAIN, PubAct.WITHDRAW): Rule((S.WITHDRAWN,)),
    # 已发布：只能登记“已在平台删除”
    (S.PUBLISHED, PubAct.WITHDRAW): Rule((S.WITHDRAWN,)),
}


def states_allowing(action: str) -> tuple[str, ...]:
    """可以执行某动作的状态（查询条件用，如 worker 取待发布的行）。"""
    return tuple(state for (state, act) in TRANSITIONS if act == action)


def state_allows(state: str, action: str) -> bool:
    return (state, action) in TRANSITIONS


def next_states(state: str, action: str) -> tuple[str, ...]:
    rule = TRANSITIONS.get((state, action))
    return rule.to if rule else ()


def allowed(publication, action: str, user) -> bool:
    """``user`` 能否对这条发布执行 ``action``（状态与权限都满足）。worker 动作对操作人一律不可。"""
    perm = ACTION_PERMS[action]
    if (publication.state, action) not in TRANSITIONS or perm == SYSTEM:
        return False
    return has_perm(user, publication.workspace, perm)


def actions_for(publication, user) -> list[str]:
    """页面、接口、命令行显示的可做操作，按 :data:`USER_ACTIONS` 的顺序。

    ``user`` 为 None（命令行未指定操作人、系统）时只看状态，与 :func:`require` 对 None 的处理一致。
    """
    if user is None:
        return [a for a in USER_ACTIONS if state_allows(publication.state, a)]
    return [a for a in USER_ACTIONS if allowed(publication, a, user)]


def require(publication, action: str, actor) -> Rule:
    """服务执行动作前的唯一判定：先权限（PermissionDenied），再状态（中文 ValidationError）。

    ``actor`` 为 None 表示系统（演示数据、worker），只校验状态。
    """
    label = ACTION_LABELS.get(action, action)
    if actor is not None:
        perm = ACTION_PERMS[action]
        if perm == SYSTEM:
            raise PermissionDenied("您没有执行此操作的权限")
        require_perm(actor, publication.workspace, perm)
    rule = TRANSITIONS.get((publication.state, action))
    if rule is None:
        raise ValidationError(f"“{publication.get_state_display()}”状态的发布不能{label}")
    return rule


def check_target(publication, action: str, new_state: str) -> None:
    """服务写入新状态前核对：不在表里的流转是程序错误，直接抛出。"""
    if new_state not in next_states(publication.state, action):
        raise AssertionError(f"发布状态流转表不允许 {publication.state} --{action}--> {new_state}")
