"""团队的数据模型：名册（成员）、人员更换、请销假、值班时段与排班、换班、值守检查记录与提醒周期、考核。

岗位与人数不在这里：它们是合同定义（engines.kpi 的 staffing 条款），名册上的人按岗位代码对上。
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import (
    CHANGE_COLOURS,
    LEAVE_COLOURS,
    SWAP_COLOURS,
    AssessState,
    BandDays,
    ChangeState,
    CheckKind,
    Grade,
    LeaveKind,
    LeaveState,
    Period,
    SwapState,
)

WS = "workspaces.Workspace"
USER = settings.AUTH_USER_MODEL


class Member(models.Model):
    """名册上的一个人：岗位、从业年限与资格、驻场与否、到岗与离岗日期。可对应一个系统账号（请假、值班通知）。"""

    workspace = models.ForeignKey(WS, verbose_name="工作区", on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(USER, verbose_name="系统账号", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="team_memberships")
    name = models.CharField("姓名", max_length=40)
    post = models.CharField("岗位代码", max_length=40)
    post_name = models.CharField("岗位", max_length=60)
    years = models.DecimalField("从业年限（年）", max_digits=4, decimal_places=1, default=0)
    qualifications = models.CharField("资格与经历", max_length=300, blank=True)
    on_site = models.BooleanField("驻场", default=False)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    joined_on = models.DateField("到岗日期")
    left_on = models.DateField("离岗日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "团队成员"
        verbose_name_plural = "团队成员"
        ordering = ["post", "joined_on", "id"]
        indexes = [models.Index(fields=["workspace", "post"], name="team_member_ws_post")]

    def __str__(self) -> str:
        return self.name

    def active_on(self, day) -> bool:
        return self.joined_on <= day and (self.left_on is None or day <= self.left_on)


class StaffChange(models.Model):
    """一次人员更换：谁离开、谁接替、从哪天起、为什么；须甲方同意，超出合同允许次数时记下并提示。"""

    workspace = models.ForeignKey(WS, verbose_name="工作区", on_delete=models.CASCADE, related_name="team_changes")
    leaving = models.ForeignKey(Member, verbose_name="离开的人", on_delete=models.PROTECT, related_name="changes_out")
    replacement_name = models.CharField("接替人", max_length=40)
    replacement_user = models.ForeignKey(USER, verbose_name="接替人的系统账号", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    replacement_years = models.DecimalField("接替人从业年限（年）", max_digits=4, decimal_places=1, default=0)
    replacement_qualifications = models.CharField("接替人资格与经历", max_length=300, blank=True)
    replacement = models.ForeignKey(Member, verbose_name="接替人（名册）", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="changes_in")
    effective_on = models.DateField("接替日期")
    reason = models.CharField("更换原因", max_length=300)
    state = models.CharField("状态", max_length=10, choices=ChangeState.choices, default=ChangeState.PENDING)
    over_limit = models.BooleanField("超出合同允许次数", default=False)
    requested_by = models.ForeignKey(USER, verbose_name="提出人", null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(USER, verbose_name="审批人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)

    class Meta:
        verbose_name = "人员更换"
        verbose_name_plural = "人员更换"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.leaving} → {self.replacement_name}"

    @property
    def colour(self) -> str:
        return CHANGE_COLOURS.get(self.state, "secondary")


class Leave(models.Model):
    """请销假：本人申请，组长审批（合同约定时再由甲方审批），回来后销假。"""

    workspace = models.ForeignKey(WS, verbose_name="工作区", on_delete=models.CASCADE, related_name="team_leaves")
    member = models.ForeignKey(Member, verbose_name="请假人", on_delete=models.CASCADE, related_name="leaves")
    kind = models.CharField("类型", max_length=10, choices=LeaveKind.choices, default=LeaveKind.PERSONAL)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    reason = models.CharField("事由", max_length=300)
    state = models.CharField("状态", max_length=10, choices=LeaveState.choices, default=LeaveState.PENDING)
    needs_client = models.BooleanField("须甲方同意", default=False)
    uncovered = models.JSONField("申请时核对出的缺岗", default=list, blank=True)
    requested_by = models.ForeignKey(USER, verbose_name="申请人", null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(USER, verbose_name="组长审批人", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    client_by = models.ForeignKey(USER, verbose_name="甲方审批人", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    returned_on = models.DateField("销假日期", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = "请假"
        verbose_name_plural = "请假"
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["workspace", "start"], name="team_leave_ws_start")]

    def __str__(self) -> str:
        return f"{self.member} {self.start}–{self.end}"

    @property
    def colour(self) -> str:
        return LEAVE_COLOURS.get(self.state, "secondary")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class DutyBand(models.Model):
    """值班时段（可改）：开始、结束（分钟；结束不晚于开始表示到次日），哪些日子排（官方日历）。"""

    workspace = models.ForeignKey(WS, verbose_name="工作区", on_delete=models.CASCADE, related_name="team_bands")
    code = models.CharField("代码", max_length=40)
    name = models.CharField("名称", max_length=60)
    start_minute = models.PositiveIntegerField("开始（分钟）")
    end_minute = models.PositiveIntegerField("结束（分钟）")
    days = models.CharField("排班日", max_length=12, choices=BandDays.choices, default=BandDays.EVERY)
    on_site = models.BooleanField("驻场", default=False)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "值班时段"
        verbose_name_plural = "值班时段"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "code"], name="team_band_unique_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def hours(self) -> str:
        def hm(m: int) -> str:
            return f"{m // 60:02d}:{m % 60:02d}"
        overnight = self.end_minute <= self.start_minute
        return f"{hm(self.start_minute)}–{'次日' if overnight else ''}{hm(self.end_minute)}"


class Shift(models.Model):
    """排班：某天某时段由谁值班。"""

    workspace = models.ForeignKey(WS, verbose_name="工作区", on_delete=models.CASCADE, related_name="team_shifts")
    band = models.ForeignKey(DutyBand, verbose_name="时段", on_delete=models.CASCADE, related_name="shifts")
    day = models.DateField("日期")
    member = models.ForeignKey(Member, verbose_name="值班人", on_delete=models.CASCADE, related_name="shifts")

    class Meta:
        verbose_name = "排班"
        verbose_name_plural = "排班"
        ordering = ["day", "band__order", "id"]
        constraints = [models.UniqueConstraint(fields=["band", "day", "member"], name="team_shift_unique")]
        indexes = [models.Index(fields=["workspace", "day"], name="team_shift_ws_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.band} {self.member}"


class Swap(models.Model):
    """换班：把一班换给另一个人，组长批准后生效。"""

    workspace = models.ForeignKey(WS, verbose_name="工作区", on_delete=models.CASCADE, related_name="team_swaps")
    shift = models.ForeignKey(Shift, verbose_name="班次", on_delete=models.CASCADE, related_name="swaps")
    from_member = models.ForeignKey(Member, verbose_name="原值班人", on_delete=models.CASCADE, related_name="+")
    to_member = models.ForeignKey(Member, verbose_name="接班人", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("原因", max_length=300, blank=True)
    state = models.CharField("状态", max_length=10, choices=SwapState.choices, default=SwapState.PENDING)
    requested_by = models.ForeignKey(USER, verbose_name="申请人", null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(USER, verbose_name="审批人", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = "换班"
        verbose_name_plural = "换班"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.shift}：{self.from_member} → {self.to_member}"

    @property
    def colour(self) -> str:
        return SWAP_COLOURS.get(self.state, "secondary")


class CheckSchedule(models.Model):
    """值守检查的提醒周期：每隔几天要做一次。"""

    workspace = models.ForeignKey(WS, verbose_name="工作区", on_delete=models.CASCADE, related_name="team_schedules")
    kind = models.CharField("类别", max_length=12, choices=CheckKind.choices)
    every_days = models.PositiveIntegerField("每隔几天", default=7)

    class Meta:
        verbose_name = "检查提醒周期"
        verbose_name_plural = "检查提醒周期"
        constraints = [models.UniqueConstraint(fields=["workspace", "kind"], name="team_schedule_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 每 {self.every_days} 天"


class CheckRecord(models.Model):
    """一次办公、设备或网络安全检查：查了什么、谁查的、哪天、发现的问题。"""

    workspace = models.ForeignKey(WS, verbose_name="工作区", on_delete=models.CASCADE, related_name="team_checks")
    kind = models.CharField("类别", max_length=12, choices=CheckKind.choices)
    checked_on = models.DateField("检查日期")
    checked_by = models.ForeignKey(USER, verbose_name="检查人", null=True, on_delete=models.SET_NULL, related_name="+")
    items = models.CharField("检查内容", max_length=500)
    findings = models.CharField("发现的问题与处理", max_length=500, blank=True)
    problem = models.BooleanField("有问题", default=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "值守检查"
        verbose_name_plural = "值守检查"
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.checked_on} {self.get_kind_display()}"


class Assessment(models.Model):
    """季度或年度考核：对一个人（member）或整个团队（member 为空）。定量部分取自平台数据（快照），定性部分由考核人填写。"""

    workspace = models.ForeignKey(WS, verbose_name="工作区", on_delete=models.CASCADE, related_name="team_assessments")
    member = models.ForeignKey(Member, verbose_name="被考核人", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="assessments")
    year = models.PositiveIntegerField("年度")
    period = models.CharField("考核期", max_length=6, choices=Period.choices)
    figures = models.JSONField("定量数据（快照）", default=list, blank=True)
    scores = models.JSONField("各维度得分", default=dict, blank=True)
    total = models.DecimalField("总分", max_digits=5, decimal_places=1, default=0)
    grade = models.CharField("等次", max_length=10, choices=Grade.choices, blank=True)
    comment = models.TextField("考核意见", blank=True)
    state = models.CharField("状态", max_length=8, choices=AssessState.choices, default=AssessState.DRAFT)
    assessor = models.ForeignKey(USER, verbose_name="考核人", null=True, on_delete=models.SET_NULL, related_name="+")
    signed_by = models.ForeignKey(USER, verbose_name="签署人", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    signed_at = models.DateTimeField("签署时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "考核"
        verbose_name_plural = "考核"
        ordering = ["-year", "-period", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "member", "year", "period"],
                                               name="team_assessment_unique")]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_period_display()} {self.member or '团队'}"

    @property
    def subject(self) -> str:
        return self.member.name if self.member_id else "团队整体"
