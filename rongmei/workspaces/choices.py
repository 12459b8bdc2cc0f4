from django.db import models


class Role(models.TextChoices):
    """工作区内的角色。一个人在每个工作区有一个角色；系统管理员（superuser）在所有工作区之上。"""

    MANAGER = "manager", "项目经理/组长"
    EDITOR = "editor", "内容编辑"
    REVIEWER = "reviewer", "审核员"
    ANALYST = "analyst", "数据分析"
    DESIGNER = "designer", "视觉设计"
    VIDEO = "video", "拍摄剪辑"
    SUPPORT = "support", "客服"
    TECH = "tech", "技术维护"
    CLIENT_OFFICER = "client_officer", "甲方联络人"
    CLIENT_LEADER = "client_leader", "甲方领导"
    CONTRIBUTOR = "contributor", "基层供稿员"
    EXPERT = "expert", "评审专家"


ROLE_SIDE = {
    Role.CLIENT_OFFICER: "甲方",
    Role.CLIENT_LEADER: "甲方",
    Role.CONTRIBUTOR: "外部",
    Role.EXPERT: "外部",
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
