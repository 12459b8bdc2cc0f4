from django.db import models


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "执行中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"
    RETRYING = "retrying", "等待重试"


JOB_STATE_COLOURS = {
    JobState.QUEUED: "secondary",
    JobState.RUNNING: "blue",
    JobState.SUCCEEDED: "green",
    JobState.FAILED: "red",
    JobState.RETRYING: "orange",
}


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
    DEPARTMENT = "department", "处室联络人"  # 甲方业务处室：只看转给本处室的互动问题并答复
    APPLICANT = "applicant", "申报单位"  # 典型案例征集：只看本单位的申报
    REGIONAL = "regional", "地区主管部门"  # 典型案例征集：只看本地区（成员的“负责地区”）的申报
