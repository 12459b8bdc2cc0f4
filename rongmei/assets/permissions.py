from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, OPERATOR_ROLES, declare
from rongmei.workspaces.choices import Role


class AssetPerm(StrEnum):
    VIEW = "assets.view"
    VIEW_FILE = "assets.view_file"
    UPLOAD = "assets.upload"
    MANAGE = "assets.manage"


declare(
    {
        AssetPerm.VIEW: OPERATOR_ROLES,
        # 稿件正文里的图片：能看稿件的内部角色（含甲方审稿）都要看得到
        AssetPerm.VIEW_FILE: INSIDE_ROLES,
        AssetPerm.UPLOAD: {Role.MANAGER, Role.EDITOR, Role.DESIGNER, Role.VIDEO, Role.SUPPORT},
        AssetPerm.MANAGE: {Role.MANAGER},
    },
    {
        AssetPerm.VIEW: "查看素材库",
        AssetPerm.VIEW_FILE: "查看素材文件",
        AssetPerm.UPLOAD: "上传与编辑素材",
        AssetPerm.MANAGE: "管理与删除素材",
    },
)
