"""团队的表单（只做格式校验；业务规则在 services 里，错误由 core.forms.apply_errors 挂回表单）。"""

from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateInput

from .choices import DIMENSIONS, BandDays, CheckKind, LeaveKind, Period

SELECT = {"class": "form-select"}


def _people(members) -> list[tuple[str, str]]:
    return [(str(m.pk), f"{m.name}（{m.post_name}）") for m in members]


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    post = forms.ChoiceField(label="岗位")
    post_name = forms.CharField(label="其他岗位名称", required=False, max_length=60,
                                help_text="岗位选“其他岗位”时填写，如 客服、技术保障")
    years = forms.DecimalField(label="从业年限（年）", min_value=0, max_value=60, decimal_places=1, initial=0)
    qualifications = forms.CharField(label="资格与经历", required=False, max_length=300,
                                     help_text="如：新媒体运营 3 年，城市规划专业")
    on_site = forms.BooleanField(label="驻场", required=False)
    phone = forms.CharField(label="联系电话", required=False, max_length=30)
    joined_on = forms.DateField(label="到岗日期", widget=DateInput())
    user = forms.ChoiceField(label="对应的系统账号", required=False, help_text="有账号的人可以自己请假、收到值班提醒")

    def __init__(self, *args, posts=(), users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = ([("", "请选择岗位")] + [(p.id, p.name) for p in posts]
                                       + [("other", "其他岗位（不在合同岗位里）")])
        self.fields["user"].choices = [("", "无")] + [(str(u.pk), u.display_name or u.username) for u in users]


class MemberEditForm(forms.Form):
    years = forms.DecimalField(label="从业年限（年）", min_value=0, max_value=60, decimal_places=1)
    qualifications = forms.CharField(label="资格与经历", required=False, max_length=300)
    on_site = forms.BooleanField(label="驻场", required=False)
    phone = forms.CharField(label="联系电话", required=False, max_length=30)
    left_on = forms.DateField(label="离岗日期", required=False, widget=DateInput(),
                              help_text="只在不计入合同更换次数的离岗（如合同结束）时填写；更换人员请走“人员更换”")


class ChangeForm(forms.Form):
    leaving = forms.ChoiceField(label="离开的人")
    replacement_name = forms.CharField(label="接替人", max_length=40)
    replacement_years = forms.DecimalField(label="接替人从业年限（年）", min_value=0, max_value=60, decimal_places=1)
    replacement_qualifications = forms.CharField(label="接替人资格与经历", required=False, max_length=300)
    replacement_user = forms.ChoiceField(label="接替人的系统账号", required=False)
    effective_on = forms.DateField(label="接替日期", widget=DateInput())
    reason = forms.CharField(label="更换原因", max_length=300)

    def __init__(self, *args, members=(), users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaving"].choices = [("", "请选择")] + _people(members)
        self.fields["replacement_user"].choices = [("", "无")] + [(str(u.pk), u.display_name or u.username)
                                                                 for u in users]


class DecisionForm(forms.Form):
    note = forms.CharField(label="审批意见", required=False, max_length=300)


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=LeaveKind.choices, initial=LeaveKind.PERSONAL)
    start = forms.DateField(label="开始日期", widget=DateInput())
    end = forms.DateField(label="结束日期", widget=DateInput(), help_text="含这一天")
    reason = forms.CharField(label="事由", max_length=300)


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label="回岗日期", widget=DateInput())


class ShiftForm(forms.Form):
    band = forms.ChoiceField(label="时段")
    day = forms.DateField(label="日期", widget=DateInput())
    member = forms.ChoiceField(label="值班人")

    def __init__(self, *args, bands=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [(str(b.pk), f"{b.name} {b.hours}") for b in bands]
        self.fields["member"].choices = [("", "请选择")] + _people(members)


class FillForm(forms.Form):
    band = forms.ChoiceField(label="时段")
    members = forms.MultipleChoiceField(label="轮流值班的人", widget=forms.SelectMultiple(attrs={**SELECT, "size": 6}),
                                        help_text="按选中的顺序轮流；请假或不在岗的人自动跳过")

    def __init__(self, *args, bands=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [(str(b.pk), f"{b.name} {b.hours}") for b in bands]
        self.fields["members"].choices = _people(members)


class SwapForm(forms.Form):
    to_member = forms.ChoiceField(label="换给")
    reason = forms.CharField(label="原因", required=False, max_length=300)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_member"].choices = [("", "请选择")] + _people(members)


def _minutes(text: str, *, allow_24: bool) -> int:
    hh, _, mm = (text or "").strip().partition(":")
    if not (hh.isdigit() and mm.isdigit() and len(mm) == 2 and int(mm) < 60):
        raise forms.ValidationError("请按“时:分”填写，如 09:00")
    total = int(hh) * 60 + int(mm)
    if total > (1440 if allow_24 else 1439):
        raise forms.ValidationError("时间超出一天的范围")
    return total


class BandForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60)
    start = forms.CharField(label="开始", max_length=5, help_text="如 09:00")
    end = forms.CharField(label="结束", max_length=5, help_text="如 18:00；早于开始表示到次日，24:00 表示午夜")
    days = forms.ChoiceField(label="排班日", choices=BandDays.choices)

    def clean_start(self) -> int:
        return _minutes(self.cleaned_data["start"], allow_24=False)

    def clean_end(self) -> int:
        return _minutes(self.cleaned_data["end"], allow_24=True)


class CheckForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=CheckKind.choices)
    checked_on = forms.DateField(label="检查日期", widget=DateInput())
    items = forms.CharField(label="检查内容", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    problem = forms.BooleanField(label="发现问题", required=False)
    findings = forms.CharField(label="发现的问题与处理", required=False, max_length=500,
                               widget=forms.Textarea(attrs={"rows": 2}))


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=CheckKind.choices)
    every_days = forms.IntegerField(label="每隔几天提醒", min_value=1, max_value=366)


class AssessForm(forms.Form):
    member = forms.ChoiceField(label="被考核", required=False)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    period = forms.ChoiceField(label="考核期", choices=Period.choices)
    comment = forms.CharField(label="考核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "团队整体")] + _people(members)
        for key, label in DIMENSIONS:
            self.fields[key] = forms.DecimalField(label=f"{label}（0–25 分）", min_value=0, max_value=25,
                                                  decimal_places=1)
        self.order_fields(["member", "year", "period", *[k for k, _ in DIMENSIONS], "comment"])
