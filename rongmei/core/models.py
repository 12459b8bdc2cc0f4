from __future__ import annotations

import re

from django.conf import settings
from django.db import models

from .choices import JOB_STATE_COLOURS, JobState
from .labels import label

_EXC_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*(Error|Exception|Missing|Exit|Interrupt|Warning)?: ")


class JobRun(models.Model):
    """一次后台任务的执行记录（任务列表页展示）。"""

    task_id = models.CharField("任务 ID", max_length=64, unique=True)
    name = models.CharField("任务", max_length=200)
    label = models.CharField("说明", max_length=200, blank=True)
    workspace = models.ForeignKey(
        "workspaces.Workspace", verbose_name="工作区", null=True, blank=True, on_delete=models.SET_NULL
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True, on_delete=models.SET_NULL
    )
    state = models.CharField("状态", max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    enqueued_at = models.DateTimeField("入队时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    error = models.TextField("错误", blank=True)
    retries = models.PositiveIntegerField("重试次数", default=0)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-enqueued_at"]
        indexes = [models.Index(fields=["workspace", "-enqueued_at"])]

    def __str__(self) -> str:
        return f"{self.label or self.name}（{self.get_state_display()}）"

    @property
    def colour(self) -> str:
        return JOB_STATE_COLOURS.get(self.state, "secondary")

    @property
    def title(self) -> str:
        """任务的中文名：发起时写的说明，否则按任务名查标签。"""
        return self.label or label(self.name, "job")

    @property
    def error_message(self) -> str:
        """给人看的错误：去掉记录时加在前面的异常类名（如 ``ValueError: ``）。"""
        return _EXC_PREFIX.sub("", self.error, count=1)

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class WorkerHeartbeat(models.Model):
    """后台 worker 的心跳（单行），/healthz 据此判断 worker 是否在运行。"""

    worker = models.CharField(max_length=100, unique=True, default="default")
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = "Worker 心跳"

    def __str__(self) -> str:
        return f"{self.worker} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class Notification(models.Model):
    """站内通知（同时按需发邮件）。"""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE,
                             related_name="notifications")
    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", null=True, blank=True,
                                  on_delete=models.CASCADE)
    kind = models.CharField("类别", max_length=40, blank=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed = models.BooleanField("已发邮件", default=False)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title
