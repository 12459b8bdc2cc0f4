from django import forms

from rongmei.core.inputs import DateInput
from rongmei.core.links import MESSAGE, validate_web_url

from .choices import Role
from .models import OfficialAccount


class AccountForm(forms.ModelForm):
    url = forms.URLField(label="主页链接", required=False, assume_scheme="https", validators=[validate_web_url],
                          error_messages={"invalid": MESSAGE})

    class Meta:
        model = OfficialAccount
        fields = ["platform", "name", "external_id", "owner_unit", "certification", "status", "status_since",
                  "opened_on", "closed_on", "url", "notes"]
        widgets = {"status_since": DateInput(), "opened_on": DateInput(), "closed_on": DateInput(),
                   "notes": forms.Textarea(attrs={"rows": 3})}


class MemberForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    unit = forms.CharField(label="所在单位/部门", max_length=120, required=False)


class WorkspaceForm(forms.Form):
    slug = forms.SlugField(label="标识", max_length=60, help_text="用于网址，只能包含字母、数字、连字符，例如 bj-planning")
    name = forms.CharField(label="名称", max_length=120)
    client_name = forms.CharField(label="甲方单位", max_length=200)
    operator_name = forms.CharField(label="乙方单位", max_length=200, required=False)
    contract_template = forms.CharField(label="合同模板", max_length=80, required=False,
                                        help_text="内置模板：inner-mongolia-dpf-2025、beijing-planning-2023、anyuan-employment")
    period_start = forms.DateField(label="服务期开始", required=False, widget=DateInput())
    period_end = forms.DateField(label="服务期结束", required=False, widget=DateInput())
    region = forms.CharField(label="地区", max_length=100, required=False)
    manager = forms.CharField(label="项目经理用户名", max_length=150, required=False,
                              help_text="可选：创建后把该用户设为本工作区的项目经理")


class WorkspaceSettingsForm(forms.Form):
    name = forms.CharField(label="名称", max_length=120)
    client_name = forms.CharField(label="甲方单位", max_length=200)
    operator_name = forms.CharField(label="乙方单位", max_length=200, required=False)
    period_start = forms.DateField(label="服务期开始", required=False, widget=DateInput())
    period_end = forms.DateField(label="服务期结束", required=False, widget=DateInput())
    region = forms.CharField(label="地区", max_length=100, required=False)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
