from django import forms

from .choices import Role
from .models import OfficialAccount


class DateInput(forms.DateInput):
    input_type = "date"


class AccountForm(forms.ModelForm):
    url = forms.URLField(label="主页链接", required=False, assume_scheme="https")

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
