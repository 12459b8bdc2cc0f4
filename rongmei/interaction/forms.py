from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateTimeInput, TimeInput

from .choices import Category, MessageKind
from .models import ReplyTemplate


class EnterForm(forms.Form):
    account = forms.ModelChoiceField(label="账号", queryset=None, empty_label="请选择账号")
    kind = forms.ChoiceField(label="类型", choices=MessageKind.choices, initial=MessageKind.COMMENT)
    author = forms.CharField(label="网友昵称", max_length=120, required=False)
    text = forms.CharField(label="内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    received_at = forms.DateTimeField(label="收到时间（北京时间）", widget=DateTimeInput())
    external_id = forms.CharField(label="平台消息 ID", max_length=200, required=False,
                                  help_text="平台后台能看到时填写，可防止重复登记；留空自动生成")

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class ImportForm(forms.Form):
    account = forms.ModelChoiceField(label="账号", queryset=None, empty_label="请选择账号")
    file = forms.FileField(label="导出文件", help_text="平台后台导出的 .xlsx / .csv / 网页格式 .xls；表头须含“内容”“时间”两列，"
                                                      "可含“昵称”“消息ID”“类型”“作品ID”。任何一行有错整表不导入。")

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["title", "category", "topic", "text", "is_active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"text": "可用变量：{昵称} {账号} {日期} {处室} {答复}（处室的答复原文）"}


class SettingsForm(forms.Form):
    work_start = forms.TimeField(label="工作时段开始", widget=TimeInput())
    work_end = forms.TimeField(label="工作时段结束", widget=TimeInput(),
                               help_text="填 00:00 表示到当天 24:00")
    approver_role = forms.ChoiceField(label="答复审核角色", choices=[
        ("manager", "项目经理/组长"), ("reviewer", "审核员"), ("client_officer", "甲方联络人"),
        ("client_leader", "甲方领导")])
    department_within = forms.CharField(label="处室答复时限", max_length=16,
                                        help_text="如 1wd（1 个工作日）、4wh（4 个工作小时）、24h（24 小时）")
    escalate_minutes = forms.IntegerField(label="到期前提醒（分钟）", min_value=5, max_value=1440)


class RuleForm(forms.Form):
    category = forms.ChoiceField(label="分类", required=False, choices=[("", "默认（全部分类）")] + list(Category.choices))
    urgent = forms.BooleanField(label="仅紧急消息", required=False)
    first_response = forms.CharField(label="首次响应时限", max_length=16)
    resolution = forms.CharField(label="办结时限", max_length=16)
    note = forms.CharField(label="依据", max_length=200, required=False)


class DepartmentForm(forms.Form):
    name = forms.CharField(label="处室名称", max_length=120)
    contacts = forms.ModelMultipleChoiceField(label="联络人", queryset=None, required=False,
                                              help_text="工作区里角色为“处室联络人”的人员")
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = people
