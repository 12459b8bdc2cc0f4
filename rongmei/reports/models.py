from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import STATE_COLOURS, ReportKind, ReportState


def report_upload_to(instance: Report, filename: str) -> str:
    return f"reports/{instance.workspace_id}/{instance.pk}/{filename}"


class Report(models.Model):
    """一份报告：类型、期间、参数与可编辑文字；生成后保存数据截至时间、关键数字快照与文件。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="reports")
    kind = models.CharField("类型", max_length=20, choices=ReportKind.choices)
    title = models.CharField("标题", max_length=200)
    period_start = models.DateField("期间开始")
    period_end = models.DateField("期间结束")
    due_date = models.DateField("报送期限", null=True, blank=True)
    params = models.JSONField("参数", default=dict, blank=True)
    sections = models.JSONField("文字部分", default=dict, blank=True)
    state = models.CharField("状态", max_length=10, choices=ReportState.choices, default=ReportState.QUEUED)
    error = models.TextField("错误", blank=True)
    data_as_of = models.DateTimeField("数据截至", null=True, blank=True)
    numbers = models.JSONField("关键数字", default=dict, blank=True)
    docx = models.FileField("Word", upload_to=report_upload_to, blank=True, max_length=300)
    xlsx = models.FileField("Excel", upload_to=report_upload_to, blank=True, max_length=300)
    pdf = models.FileField("PDF", upload_to=report_upload_to, blank=True, max_length=300)
    scheduled = models.BooleanField("定时生成", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "报告"
        verbose_name_plural = "报告"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "kind", "period_start"], name="reports_ws_kind_period")]

    def __str__(self) -> str:
        return self.title

    @property
    def state_colour(self) -> str:
        return STATE_COLOURS.get(self.state, "secondary")

    @property
    def is_done(self) -> bool:
        return self.state == ReportState.DONE
