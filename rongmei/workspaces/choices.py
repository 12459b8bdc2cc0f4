from django.db import models

# 角色（Role）定义在 rongmei.core.choices：权限判定在 core，而 core 位于 workspaces 之下。
# 这里照常导出，工作区之上的应用继续写 from rongmei.workspaces.choices import Role。
from rongmei.core.choices import Role

ROLE_SIDE = {
    Role.CLIENT_OFFICER: "甲方",
    Role.CLIENT_LEADER: "甲方",
    Role.CONTRIBUTOR: "外部",
    Role.EXPERT: "外部",
    Role.DEPARTMENT: "甲方",
    Role.APPLICANT: "外部",
    Role.REGIONAL: "外部",
}


def role_side(role: str) -> str:
    return ROLE_SIDE.get(role, "乙方")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", "运营中"
    PAUSED = "paused", "停更"
    CLOSED = "closed", "注销"


ACCOUNT_STATUS_COLOURS = {AccountStatus.ACTIVE: "green", AccountStatus.PAUSED: "orange", AccountStatus.CLOSED: "secondary"}


# 平台清单（数据迁移写入 Platform 表，可在数据中增加）
PLATFORMS = [
    # code, 名称, 是否有开放发布接口, 排序
    ("wechat", "微信公众号", True, 10),
    ("channels", "微信视频号", False, 20),
    ("weibo", "微博", True, 30),
    ("douyin", "抖音", True, 40),
    ("kuaishou", "快手", True, 50),
    ("toutiao", "头条号", False, 60),
    ("baijiahao", "百家号", True, 70),
    ("beijinghao", "北京号", False, 80),
    ("website", "网站", False, 90),
]
