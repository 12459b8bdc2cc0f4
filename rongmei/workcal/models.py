from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

WEEKDAYS = [(0, "星期一"), (1, "星期二"), (2, "星期三"), (3, "星期四"), (4, "星期五"), (5, "星期六"), (6, "星期日")]


class ThemeDay(models.Model):
    """工作区的主题日（可编辑）：固定日期，或“某月第 n 个星期几”。"""

    workspace = models.ForeignKey("workspaces.Workspace", verbose_name="工作区", on_delete=models.CASCADE,
                                  related_name="theme_days")
    name = models.CharField("名称", max_length=60)
    month = models.PositiveSmallIntegerField("月")
    day = models.PositiveSmallIntegerField("日", null=True, blank=True)
    weekday = models.PositiveSmallIntegerField("星期", choices=WEEKDAYS, null=True, blank=True)
    nth = models.PositiveSmallIntegerField("第几个", null=True, blank=True)
    is_active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "主题日"
        verbose_name_plural = "主题日"
        ordering = ["month", "day", "nth"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="unique_theme_day_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not 1 <= (self.month or 0) <= 12:
            raise ValidationError({"month": "月份须在 1–12 之间"})
        if self.day is None and (self.weekday is None or self.nth is None):
            raise ValidationError("请填写日期，或填写“第几个星期几”")
        if self.day is not None:
            try:
                dt.date(2024, self.month, self.day)  # 闰年，允许 2 月 29 日
            except ValueError:
                raise ValidationError({"day": f"{self.month} 月没有 {self.day} 日"}) from None
        if self.nth is not None and not 1 <= self.nth <= 5:
            raise ValidationError({"nth": "“第几个”须在 1–5 之间"})

    @property
    def rule_label(self) -> str:
        if self.day is not None:
            return f"每年 {self.month} 月 {self.day} 日"
        return f"每年 {self.month} 月第 {self.nth} 个{dict(WEEKDAYS)[self.weekday]}"
