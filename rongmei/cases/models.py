"""典型案例征集与评选：征集（工作区里的一次征集）、类别、申报单位、案例与版本、附件、地区推荐、评审组与评分。"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from rongmei.core import clock

from .choices import (
    CALL_STATUS_COLOURS,
    CASE_STATUS_COLOURS,
    DECISION_COLOURS,
    UNIT_STATUS_COLOURS,
    CallStatus,
    CaseStatus,
    Decision,
    FileKind,
    Method,
    UnitStatus,
    UnitType,
)


class Call(models.Model):
    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="case_calls")
    title = models.CharField("征集名称", max_length=200)
    doc_number = models.CharField("文号", max_length=80, blank=True)
    issuer = models.CharField("发文机关", max_length=120, blank=True)
    notice = models.TextField("通知正文", blank=True)
    char_limit = models.PositiveIntegerField("申报材料字数上限", default=5000)
    deadline = models.DateField("截止日期", help_text="截止日当天 23:59:59（北京时间）前提交有效")
    eligible_types = models.JSONField("可申报单位类型", default=list, blank=True)
    regions = models.JSONField("地区", default=list, blank=True)
    data_fields = models.JSONField("量化数据项", default=list, blank=True)
    contacts = models.TextField("联系人", blank=True)
    status = models.CharField("状态", max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT)
    blind = models.BooleanField("匿名评审", default=True, help_text="专家看不到申报单位名称与地区")
    method = models.CharField("专家分汇总方式", max_length=10, choices=Method.choices, default=Method.MEAN)
    trim = models.PositiveSmallIntegerField("去掉最高、最低分各几个", default=1)
    outlier_points = models.DecimalField("离群提示阈值（分）", max_digits=5, decimal_places=1, default=15)
    expert_weight = models.PositiveSmallIntegerField("专家评分权重", default=100)
    vote_weight = models.PositiveSmallIntegerField("公众投票权重", default=0)
    data_weight = models.PositiveSmallIntegerField("平台数据权重", default=0)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT,
                                   null=True, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "案例征集"
        verbose_name_plural = "案例征集"
        ordering = ["-deadline", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def closes_at(self) -> dt.datetime:
        """截止时刻：截止日次日 00:00:00（北京时间），此刻起不再接受提交。"""
        day = self.deadline + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime(day.year, day.month, day.day), timezone.get_default_timezone())

    def is_open(self, at: dt.datetime | None = None) -> bool:
        # 截止前已进入专家评审的，单位仍可提交到截止时刻（通过初审后进入评审组）
        return self.status in (CallStatus.PUBLISHED, CallStatus.REVIEWING) and (at or clock.now()) < self.closes_at

    @property
    def status_colour(self) -> str:
        return CALL_STATUS_COLOURS.get(self.status, "secondary")

    @property
    def eligible_labels(self) -> list[str]:
        return [UnitType(t).label for t in self.eligible_types if t in UnitType.values]


class CallAttachment(models.Model):
    call = models.ForeignKey(Call, verbose_name="征集", on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField("附件名称", max_length=200)
    file = models.FileField("文件", upload_to="cases/calls/%Y/%m/")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "征集附件"
        verbose_name_plural = "征集附件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    call = models.ForeignKey(Call, verbose_name="征集", on_delete=models.CASCADE, related_name="categories")
    name = models.CharField("类别", max_length=60)
    description = models.TextField("说明", blank=True)
    elements = models.JSONField("必备要素", default=list)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "案例类别"
        verbose_name_plural = "案例类别"
        ordering = ["call", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    call = models.ForeignKey(Call, verbose_name="征集", on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("评分指标", max_length=60)
    weight = models.PositiveSmallIntegerField("权重（%）")
    max_score = models.PositiveSmallIntegerField("满分")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "评分指标"
        verbose_name_plural = "评分指标"
        ordering = ["call", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """申报单位：自行注册，由主办方或本地区主管部门确认后才能登录申报。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="case_units")
    call = models.ForeignKey(Call, verbose_name="注册时的征集", on_delete=models.SET_NULL, null=True,
                             related_name="units")
    name = models.CharField("单位名称", max_length=120)
    short_names = models.CharField("简称与别名", max_length=200, blank=True, help_text="多个用顿号分隔；匿名评审时一并隐去")
    unit_type = models.CharField("单位类型", max_length=16, choices=UnitType.choices)
    region = models.CharField("所属地区", max_length=60)
    contact_name = models.CharField("联系人", max_length=40)
    contact_phone = models.CharField("联系电话", max_length=40)
    account = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="登录账号", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="case_unit")
    status = models.CharField("状态", max_length=12, choices=UnitStatus.choices, default=UnitStatus.PENDING)
    reason = models.CharField("未通过原因", max_length=200, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    created_at = models.DateTimeField("注册时间", auto_now_add=True)

    class Meta:
        verbose_name = "申报单位"
        verbose_name_plural = "申报单位"
        ordering = ["region", "name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="case_unit_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def status_colour(self) -> str:
        return UNIT_STATUS_COLOURS.get(self.status, "secondary")

    @property
    def known_names(self) -> list[str]:
        """匿名评审时要隐去的名字：单位全称、简称与别名、所属地区（长的先替换）。"""
        names = [self.name, self.region, *[n.strip() for n in self.short_names.replace("，", "、").split("、")]]
        if self.region.endswith(("市", "州")) and len(self.region) > 2:
            names.append(self.region[:-1])
        return sorted({n for n in names if len(n) >= 2 and n != "省直单位"}, key=len, reverse=True)


class Case(models.Model):
    call = models.ForeignKey(Call, verbose_name="征集", on_delete=models.CASCADE, related_name="cases")
    category = models.ForeignKey(Category, verbose_name="类别", on_delete=models.PROTECT, related_name="cases")
    unit = models.ForeignKey(Unit, verbose_name="申报单位", on_delete=models.PROTECT, related_name="cases")
    title = models.CharField("案例名称", max_length=120)
    elements = models.JSONField("要素内容", default=list)
    data = models.JSONField("量化数据", default=dict, blank=True)
    status = models.CharField("状态", max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    version = models.PositiveIntegerField("已提交版本数", default=0)
    first_submitted_at = models.DateTimeField("首次提交时间", null=True, blank=True)
    submitted_at = models.DateTimeField("最近提交时间", null=True, blank=True)
    review_reason = models.TextField("初审意见", blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="初审人", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField("初审时间", null=True, blank=True)
    regional_rank = models.PositiveIntegerField("地区推荐次序", null=True, blank=True)
    vote_score = models.DecimalField("公众投票分", max_digits=5, decimal_places=2, null=True, blank=True)
    data_score = models.DecimalField("平台数据分", max_digits=5, decimal_places=2, null=True, blank=True)
    decision = models.CharField("评选结果", max_length=16, choices=Decision.choices, default=Decision.NONE,
                                blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "申报案例"
        verbose_name_plural = "申报案例"
        ordering = ["call", "category__order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def status_colour(self) -> str:
        return CASE_STATUS_COLOURS.get(self.status, "secondary")

    @property
    def decision_colour(self) -> str:
        return DECISION_COLOURS.get(self.decision, "secondary")

    @property
    def editable(self) -> bool:
        return self.status in (CaseStatus.DRAFT, CaseStatus.RETURNED) and self.call.is_open()

    def element_rows(self) -> list[tuple[int, str, str]]:
        texts = list(self.elements) + [""] * max(0, len(self.category.elements) - len(self.elements))
        return [(i + 1, name, texts[i]) for i, name in enumerate(self.category.elements)]


class CaseVersion(models.Model):
    """每次提交的完整快照：截止前可以改了再交，交过的每一版都留着。"""

    case = models.ForeignKey(Case, verbose_name="案例", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    snapshot = models.JSONField("内容")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "提交版本"
        verbose_name_plural = "提交版本"
        ordering = ["case", "-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="case_version_unique")]

    def __str__(self) -> str:
        return f"{self.case}（第 {self.number} 版）"


class CaseFile(models.Model):
    case = models.ForeignKey(Case, verbose_name="案例", on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("材料类型", max_length=12, choices=FileKind.choices)
    file = models.FileField("文件", upload_to="cases/files/%Y/%m/", blank=True)
    url = models.URLField("链接", blank=True)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    removed_at = models.DateTimeField("撤下时间", null=True, blank=True)

    class Meta:
        verbose_name = "申报材料"
        verbose_name_plural = "申报材料"
        ordering = ["case", "kind", "pk"]

    def __str__(self) -> str:
        return self.name


class RegionReport(models.Model):
    """一个地区对一次征集的推荐排序表：排好的次序、导出的表、盖章扫描件。"""

    call = models.ForeignKey(Call, verbose_name="征集", on_delete=models.CASCADE, related_name="region_reports")
    region = models.CharField("地区", max_length=60)
    ranked_at = models.DateTimeField("排序时间", null=True, blank=True)
    ranked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="排序人", on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    scan = models.FileField("盖章扫描件", upload_to="cases/region/%Y/%m/", blank=True)
    scan_name = models.CharField("扫描件文件名", max_length=200, blank=True)
    scan_uploaded_at = models.DateTimeField("扫描件上传时间", null=True, blank=True)

    class Meta:
        verbose_name = "推荐排序表"
        verbose_name_plural = "推荐排序表"
        constraints = [models.UniqueConstraint(fields=["call", "region"], name="region_report_unique")]

    def __str__(self) -> str:
        return f"{self.region}推荐排序表"


class Panel(models.Model):
    call = models.ForeignKey(Call, verbose_name="征集", on_delete=models.CASCADE, related_name="panels")
    category = models.OneToOneField(Category, verbose_name="类别", on_delete=models.CASCADE, related_name="panel")
    closed_at = models.DateTimeField("评审结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "评审组"
        verbose_name_plural = "评审组"
        ordering = ["category__order"]

    def __str__(self) -> str:
        return f"{self.category.name}评审组"


class PanelExpert(models.Model):
    panel = models.ForeignKey(Panel, verbose_name="评审组", on_delete=models.CASCADE, related_name="experts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="专家", on_delete=models.PROTECT,
                             related_name="case_panels")
    unit = models.CharField("专家所在单位", max_length=120, blank=True)
    region = models.CharField("专家所在地区", max_length=60, blank=True)
    declared_at = models.DateTimeField("利益冲突声明时间", null=True, blank=True)
    declaration = models.TextField("声明说明", blank=True)

    class Meta:
        verbose_name = "评审专家"
        verbose_name_plural = "评审专家"
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="panel_expert_unique")]

    def __str__(self) -> str:
        return f"{self.user}（{self.panel}）"


class Conflict(models.Model):
    expert = models.ForeignKey(PanelExpert, verbose_name="专家", on_delete=models.CASCADE, related_name="conflicts")
    case = models.ForeignKey(Case, verbose_name="案例", on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField("回避原因", max_length=200)
    automatic = models.BooleanField("系统自动回避", default=False)

    class Meta:
        verbose_name = "回避"
        verbose_name_plural = "回避"
        constraints = [models.UniqueConstraint(fields=["expert", "case"], name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.expert.user} 回避 {self.case}"


class Score(models.Model):
    expert = models.ForeignKey(PanelExpert, verbose_name="专家", on_delete=models.CASCADE, related_name="scores")
    case = models.ForeignKey(Case, verbose_name="案例", on_delete=models.CASCADE, related_name="scores")
    values = models.JSONField("各项得分")
    comment = models.TextField("评语", blank=True)
    submitted_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "专家评分"
        verbose_name_plural = "专家评分"
        constraints = [models.UniqueConstraint(fields=["expert", "case"], name="score_unique")]

    def __str__(self) -> str:
        return f"{self.expert.user} 对 {self.case} 的评分"
