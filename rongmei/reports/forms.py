from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateInput

from .choices import SECTIONS, ReportKind


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label="报告类型", choices=ReportKind.choices)
    period_start = forms.DateField(label="期间开始", required=False, widget=DateInput(),
                                   help_text="留空按类型取默认期间（如月度数据报告为上月）")
    period_end = forms.DateField(label="期间结束", required=False, widget=DateInput())
    title = forms.CharField(label="标题", required=False, max_length=200, help_text="留空自动生成")
    items = forms.MultipleChoiceField(label="新闻速览收录的作品", required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      help_text="只用于新闻速览；不选则收录期间内全部作品")
    pdf = forms.BooleanField(label="同时生成 PDF（需要服务器安装 LibreOffice）", required=False)

    def __init__(self, *args, item_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = list(item_choices)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if bool(start) != bool(end):
            raise forms.ValidationError("期间开始与结束要么都填，要么都留空")
        return data


class SectionsForm(forms.Form):
    def __init__(self, *args, kind: str, initial_sections: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for key, title in SECTIONS.get(kind, []):
            self.fields[key] = forms.CharField(label=title, required=False, initial=initial_sections.get(key, ""),
                                               widget=forms.Textarea(attrs={"rows": 4}))
