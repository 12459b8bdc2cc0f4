from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateTimeInput
from rongmei.core.links import MESSAGE, validate_web_url
from rongmei.engines.platforms import platform_meta


class ScheduleForm(forms.Form):
    accounts = forms.ModelMultipleChoiceField(label="发布账号", queryset=None, widget=forms.CheckboxSelectMultiple)
    planned_at = forms.DateTimeField(label="计划发布时间", widget=DateTimeInput(),
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    stamp_footer = forms.BooleanField(label="正文末尾加审校署名（编辑、校对、审核、终审）", required=False)

    def __init__(self, *args, accounts_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accounts"].queryset = accounts_qs
        self.fields["accounts"].label_from_instance = lambda a: str(a)


class RescheduleForm(forms.Form):
    planned_at = forms.DateTimeField(label="新的计划时间", widget=DateTimeInput(),
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class ManualRecordForm(forms.Form):
    url = forms.URLField(label="发布链接", max_length=1000, assume_scheme="https", validators=[validate_web_url],
                         error_messages={"invalid": MESSAGE},
                         help_text="平台上这条内容的网址（以 http:// 或 https:// 开头）")
    published_at = forms.DateTimeField(label="发布时间", widget=DateTimeInput(),
                                       input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    screenshot = forms.ImageField(label="发布截图", required=False, help_text="平台后台或页面截图，作为验收凭证")


class PauseForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}), help_text="暂停时必填，例如：突发舆情，暂停一切推送")


class CredentialForm(forms.Form):
    """按平台元数据的 credential_fields 动态生成；机密字段不回显，留空表示保持原值。"""

    def __init__(self, *args, platform_code: str, existing: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        for f in platform_meta(platform_code).credential_fields:
            if f.secret:
                help_text = f.help
                if f.name in existing:
                    help_text = f"已设置（{existing[f.name]}），留空表示不修改。" + (f.help or "")
                self.fields[f.name] = forms.CharField(
                    label=f.label, required=f.required and f.name not in existing, help_text=help_text,
                    widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}))
            else:
                self.fields[f.name] = forms.CharField(label=f.label, required=f.required, help_text=f.help,
                                                      initial=existing.get(f.name, ""))


class FrequencyRuleForm(forms.Form):
    platform = forms.ModelChoiceField(label="平台", queryset=None)
    workday_min = forms.IntegerField(label="每个工作日不少于", required=False, min_value=0)
    workday_max = forms.IntegerField(label="每个工作日不多于", required=False, min_value=0)
    holiday_min = forms.IntegerField(label="每个非工作日不少于", required=False, min_value=0)
    week_min = forms.IntegerField(label="每周不少于", required=False, min_value=0)
    note = forms.CharField(label="依据", required=False, max_length=200, help_text="例如：合同第三部分“发布内容”")

    def __init__(self, *args, platforms_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms_qs


class ChangeRequestForm(forms.Form):
    account = forms.ModelChoiceField(label="账号", queryset=None)
    new_name = forms.CharField(label="新名称", max_length=120, required=False)
    new_intro = forms.CharField(label="新简介", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    new_avatar = forms.ImageField(label="新头像", required=False)
    reason = forms.CharField(label="修改理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, accounts_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts_qs


class DecisionForm(forms.Form):
    comment = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
