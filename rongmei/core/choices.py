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
