"""共用的表单输入控件：日期/时间输入框。

浏览器的 ``<input type="date">`` 只接受 ``YYYY-MM-DD``，``datetime-local`` 只接受 ``YYYY-MM-DDTHH:MM``。
Django 默认按语言的第一个输入格式渲染（简体中文是 ``2025/01/01``），浏览器会把这样的值当成空白——
保存表单时就把原有日期清掉了。所以产品里每个日期/时间输入都用这里的控件（settings 的 FORMAT_MODULE_PATH
也把中文的第一个输入格式改成了 ISO，兜住没有指定控件的字段）。
"""

from __future__ import annotations

from django import forms

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
TIME_FORMAT = "%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or DATETIME_FORMAT)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or TIME_FORMAT)
