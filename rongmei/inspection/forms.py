from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateInput

from .choices import FilingKind


class RunForm(forms.Form):
    as_of = forms.DateField(label="检查日期", required=False, widget=DateInput(), help_text="留空为今天；可回看过去某天的情况")


class FilingForm(forms.Form):
    account = forms.ChoiceField(label="账号")
    kind = forms.ChoiceField(label="类型", choices=FilingKind.choices)
    event_on = forms.DateField(label="事项日期", widget=DateInput(), help_text="开设、变更、注销的日期；停更公告填发布日期")
    filed_on = forms.DateField(label="备案日期", required=False, widget=DateInput(), help_text="停更公告不用填")
    reference = forms.CharField(label="备案号或公告链接", required=False, max_length=300)
    note = forms.CharField(label="备注", required=False, max_length=300)

    def __init__(self, *args, accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [("", "请选择账号")] + [(str(a.pk), str(a)) for a in accounts]


class PolicyForm(forms.Form):
    local_update_days = forms.IntegerField(label="本地更新要求（天）", required=False, min_value=1, max_value=13,
                                           help_text="账号超过这么多天未更新即提醒（国家指标为 14 天）；留空不启用")
