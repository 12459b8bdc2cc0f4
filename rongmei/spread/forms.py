from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateTimeInput
from rongmei.core.links import WebURLField

from .choices import FINDING_SECTIONS, EntryKind, ReachBasis


class MarkForm(forms.Form):
    item = forms.ModelChoiceField(label="稿件", queryset=None, empty_label="请选择已通过审核的稿件")
    note = forms.CharField(label="说明", required=False, max_length=300, help_text="如“年度精品”“重大主题宣传”")

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=EntryKind.choices)
    outlet = forms.CharField(label="账号/媒体", max_length=120, help_text="如“人民日报客户端”“北京日报 微信公众号”")
    title = forms.CharField(label="标题", required=False, max_length=300)
    url = WebURLField(label="链接", required=False, max_length=1000,
                      help_text="填写链接后按链接去重：同一条被导入或舆情监测再次找到也只计一次")
    published_at = forms.DateTimeField(label="发布时间", widget=DateTimeInput())
    reach = forms.IntegerField(label="传播量（阅读/播放）", min_value=0, max_value=10**12, initial=0)
    basis = forms.ChoiceField(label="传播量依据", choices=ReachBasis.choices)
    note = forms.CharField(label="备注", required=False, max_length=300)


class ImportForm(forms.Form):
    file = forms.FileField(label="外部传播登记表", help_text="列：类型、账号/媒体、标题、链接、发布时间、传播量、依据（.xlsx/.csv）")


class ReportForm(forms.Form):
    title = forms.CharField(label="报告标题", required=False, max_length=200, help_text="留空为“《稿件标题》传播分析报告”")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in FINDING_SECTIONS:
            self.fields[key] = forms.CharField(label=label, required=False, max_length=5000,
                                               widget=forms.Textarea(attrs={"rows": 3}))
