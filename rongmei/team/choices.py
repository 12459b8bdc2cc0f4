"""团队的选项（TextChoices）：请假类型与状态、更换人员状态、换班状态、值守检查类别、考核期与结论。"""

from django.db import models


class LeaveKind(models.TextChoices):
    ANNUAL = "annual", "年休假"
    PERSONAL = "personal", "事假"
    SICK = "sick", "病假"
    COMP = "comp", "调休"
    OTHER = "other", "其他"


class LeaveState(models.TextChoices):
    PENDING = "pending", "待组长审批"
    CLIENT = "client", "待甲方审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"
    CANCELLED = "cancelled", "已撤回"
    RETURNED = "returned", "已销假"


LEAVE_COLOURS = {
    LeaveState.PENDING: "orange", LeaveState.CLIENT: "orange", LeaveState.APPROVED: "green",
    LeaveState.REJECTED: "red", LeaveState.CANCELLED: "secondary", LeaveState.RETURNED: "blue",
}
#: 计入缺岗核对的请假状态（待批的也算：提前看到批了之后会不会缺岗）
ABSENT_STATES = (LeaveState.PENDING, LeaveState.CLIENT, LeaveState.APPROVED)


class ChangeState(models.TextChoices):
    PENDING = "pending", "待甲方审批"
    APPROVED = "approved", "甲方已同意"
    REJECTED = "rejected", "甲方未同意"


CHANGE_COLOURS = {ChangeState.PENDING: "orange", ChangeState.APPROVED: "green", ChangeState.REJECTED: "red"}


class SwapState(models.TextChoices):
    PENDING = "pending", "待组长审批"
    APPROVED = "approved", "已换班"
    REJECTED = "rejected", "未批准"


SWAP_COLOURS = {SwapState.PENDING: "orange", SwapState.APPROVED: "green", SwapState.REJECTED: "red"}


class BandDays(models.TextChoices):
    WORKDAY = "workday", "工作日"
    NON_WORKDAY = "non_workday", "节假日（含周末）"
    EVERY = "every", "每天"


class CheckKind(models.TextChoices):
    OFFICE = "office", "办公值守"
    EQUIPMENT = "equipment", "设备检查"
    NETSEC = "netsec", "网络安全检查"


class Period(models.TextChoices):
    Q1 = "q1", "第一季度"
    Q2 = "q2", "第二季度"
    Q3 = "q3", "第三季度"
    Q4 = "q4", "第四季度"
    YEAR = "year", "全年"


class AssessState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SIGNED = "signed", "已签署"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


#: 种子 003 第六部分的四个考核维度（每项满分 25）
DIMENSIONS = (
    ("quality", "内容质量"),
    ("reach", "传播效果"),
    ("interaction", "互动服务"),
    ("security", "安全管理"),
)
