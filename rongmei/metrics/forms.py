from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateInput, DateTimeInput
from rongmei.engines.exports import LAYOUTS

from .choices import ENTERABLE


class ImportForm(forms.Form):
    account = forms.ModelChoiceField(label="账号", queryset=None, empty_label="请选择账号")
    layout = forms.ChoiceField(label="文件格式", required=False,
                               choices=[("", "自动识别（按表头）")] + [(k, v.label) for k, v in LAYOUTS.items()])
    file = forms.FileField(label="导出文件", help_text="平台后台导出的 .xlsx / .xls（含网页表格 .xls）/ .csv，"
                                                      "或“融媒通用导入模板”")

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class EntryForm(forms.Form):
    account = forms.ModelChoiceField(label="账号", queryset=None, empty_label="请选择账号")
    date = forms.DateField(label="日期", widget=DateInput())
    name = forms.ChoiceField(label="指标", choices=list(ENTERABLE.items()))
    value = forms.FloatField(label="数值", min_value=0)
    channel = forms.CharField(label="来源渠道", required=False, max_length=60,
                              help_text="留空为账号合计；填写则为按来源渠道拆分的数（如“搜一搜”“名片分享”）")

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class LiveForm(forms.Form):
    account = forms.ModelChoiceField(label="账号", queryset=None, empty_label="请选择账号")
    title = forms.CharField(label="直播主题", max_length=200)
    started_at = forms.DateTimeField(label="开始时间", widget=DateTimeInput())
    minutes = forms.IntegerField(label="时长（分钟）", min_value=1)
    peak_viewers = forms.IntegerField(label="最高在线人数", min_value=0, initial=0)
    total_viewers = forms.IntegerField(label="累计观看人次", min_value=0, initial=0)

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class PeriodForm(forms.Form):
    start = forms.DateField(label="开始", required=False, widget=DateInput())
    end = forms.DateField(label="结束", required=False, widget=DateInput())
