from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateInput


class ArchiveSetForm(forms.Form):
    period_start = forms.DateField(label="期间开始", widget=DateInput())
    period_end = forms.DateField(label="期间结束", widget=DateInput())
    categories = forms.MultipleChoiceField(label="类别", widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                                           help_text="不选则收入全部类别")
    title = forms.CharField(label="标题", required=False, max_length=200, help_text="留空自动生成",
                            widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, category_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = list(category_choices)
        self.fields["categories"].required = False


class DisposalForm(forms.Form):
    reason = forms.CharField(label="销毁理由", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="写明依据（如保管期满、经鉴定无保存价值）与批准人；销毁记录永久保留")


class RetentionForm(forms.Form):
    category = forms.ChoiceField(label="类别")
    years = forms.IntegerField(label="保管期限（年）", required=False, min_value=1, max_value=100,
                               help_text="留空为永久保存")

    def __init__(self, *args, category_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = list(category_choices)
