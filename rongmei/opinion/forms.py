from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateTimeInput
from rongmei.core.links import WebURLField

from .services import MAX_INTERVAL, MIN_INTERVAL


class TopicForm(forms.Form):
    name = forms.CharField(label="专题名称", max_length=80)
    expression = forms.CharField(
        label="表达式",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text='并且：AND 或 + 或空格；或者：OR 或 |；排除：NOT 或 -；括号分组；"短语"；'
        "A NEAR/5 B 表示两词相隔不超过 5 个字。例如：(残疾人|残联) + 补贴 - 广告",
    )
    description = forms.CharField(label="说明", max_length=300, required=False)
    note = forms.CharField(
        label="修改说明", max_length=300, required=False, help_text="修改表达式时记入版本历史"
    )
    active = forms.BooleanField(label="启用", required=False, initial=True)


class SourceForm(forms.Form):
    name = forms.CharField(label="名称", max_length=120)
    url = WebURLField(label="订阅地址（RSS/Atom）", help_text="网站自己提供的 RSS 或 Atom 订阅地址")
    interval_minutes = forms.IntegerField(
        label="抓取间隔（分钟）", min_value=MIN_INTERVAL, max_value=MAX_INTERVAL, initial=30
    )
    enabled = forms.BooleanField(label="启用", required=False, initial=True)


class MentionForm(forms.Form):
    url = WebURLField(label="链接", required=False)
    title = forms.CharField(label="标题", max_length=300, required=False)
    text = forms.CharField(
        label="正文", widget=forms.Textarea(attrs={"rows": 8}), required=False, help_text="粘贴页面正文或摘要"
    )
    source_name = forms.CharField(label="媒体/平台", max_length=120, required=False)
    author = forms.CharField(label="作者", max_length=120, required=False)
    published_at = forms.DateTimeField(
        label="发布时间", required=False, widget=DateTimeInput(), help_text="留空为现在"
    )

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not (data.get("title") or "").strip():
            raise forms.ValidationError("标题和正文不能都为空")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="表格文件", help_text="Excel（.xlsx）、网页格式 .xls 或 CSV；第一行为表头")
