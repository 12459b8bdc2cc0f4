from enum import StrEnum

from rongmei.core.choices import Role
from rongmei.core.permissions import INSIDE_ROLES, declare


class InteractionPerm(StrEnum):
    VIEW = "interaction.view"  # 看收件箱、统计（乙方与甲方）
    HANDLE = "interaction.handle"  # 分派、改分类、关闭、登记、导入、写答复、转处室、转达
    APPROVE = "interaction.approve"  # 审核答复（还须是工作区设置的审核角色）
    CURATE = "interaction.curate"  # 确认精选留言（甲方联络人）
    DEPARTMENT = "interaction.department"  # 处室联络人：只看本处室的问题并答复
    MANAGE = "interaction.manage"  # 答复口径、处室、时限规则、设置
    TEMPLATES = "interaction.templates"  # 维护答复口径
    FAQ = "interaction.faq"  # 问题集锦
    EXPORT = "interaction.export"  # 导出统计与归档


HANDLERS = {Role.MANAGER, Role.EDITOR, Role.REVIEWER, Role.SUPPORT}

declare(
    {
        InteractionPerm.VIEW: INSIDE_ROLES,
        InteractionPerm.HANDLE: HANDLERS,
        InteractionPerm.APPROVE: {Role.MANAGER, Role.REVIEWER, Role.CLIENT_OFFICER, Role.CLIENT_LEADER},
        InteractionPerm.CURATE: {Role.CLIENT_OFFICER, Role.CLIENT_LEADER},
        InteractionPerm.DEPARTMENT: {Role.DEPARTMENT},
        InteractionPerm.MANAGE: {Role.MANAGER},
        InteractionPerm.TEMPLATES: {Role.MANAGER, Role.EDITOR, Role.SUPPORT},
        InteractionPerm.FAQ: {Role.MANAGER, Role.EDITOR, Role.SUPPORT},
        InteractionPerm.EXPORT: {Role.MANAGER, Role.ANALYST, Role.CLIENT_OFFICER, Role.CLIENT_LEADER},
    },
    {
        InteractionPerm.VIEW: "查看互动",
        InteractionPerm.HANDLE: "处理互动消息",
        InteractionPerm.APPROVE: "审核互动答复",
        InteractionPerm.CURATE: "确认精选留言",
        InteractionPerm.DEPARTMENT: "处室答复",
        InteractionPerm.MANAGE: "互动设置",
        InteractionPerm.TEMPLATES: "维护答复口径",
        InteractionPerm.FAQ: "整理问题集锦",
        InteractionPerm.EXPORT: "导出互动统计与档案",
    },
)
