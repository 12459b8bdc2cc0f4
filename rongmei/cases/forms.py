from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateInput

from .choices import FileKind, Method, UnitType


class Styled(forms.Form):
    """给每个输入框加上 Tabler 的样式类（下拉框 form-select，勾选框 form-check-input，其余 form-control）。"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.Select):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")


class CallForm(Styled):
    title = forms.CharField(label="征集名称", max_length=200)
    doc_number = forms.CharField(label="文号", max_length=80, required=False)
    issuer = forms.CharField(label="发文机关", max_length=120, required=False)
    deadline = forms.DateField(label="截止日期", help_text="截止日当天 23:59:59（北京时间）前提交有效",
                               widget=DateInput())
    char_limit = forms.IntegerField(label="申报材料字数上限", min_value=100, max_value=50000, initial=5000)
    eligible_types = forms.MultipleChoiceField(label="可申报单位类型", choices=UnitType.choices,
                                               widget=forms.CheckboxSelectMultiple, initial=UnitType.values)
    regions = forms.CharField(label="地区", widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="用顿号或换行分隔，如：长春市、吉林市、省直单位")
    contacts = forms.CharField(label="联系人", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notice = forms.CharField(label="通知正文", required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def clean_regions(self):
        raw = self.cleaned_data["regions"].replace("\n", "、").replace("，", "、").replace(",", "、")
        regions = list(dict.fromkeys(r.strip() for r in raw.split("、") if r.strip()))
        if not regions:
            raise forms.ValidationError("至少填写一个地区")
        return regions


class CategoryForm(Styled):
    name = forms.CharField(label="类别名称", max_length=60)
    elements = forms.CharField(label="必备要素（每行一项）", widget=forms.Textarea(attrs={"rows": 7}))
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ScoringForm(Styled):
    criteria = forms.CharField(label="评分指标（每行：名称 权重 满分）", widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="权重之和为 100，例如“内容 40 40”")
    blind = forms.BooleanField(label="匿名评审（专家看不到申报单位名称与地区）", required=False)
    method = forms.ChoiceField(label="专家分汇总方式", choices=Method.choices)
    trim = forms.IntegerField(label="去掉最高、最低分各几个", min_value=0, max_value=5, initial=1)
    outlier_points = forms.DecimalField(label="离群提示阈值（与中位数相差超过几分）", min_value=1, max_value=100,
                                        max_digits=5, decimal_places=1, initial=15)
    expert_weight = forms.IntegerField(label="专家评分权重", min_value=0, max_value=100, initial=100)
    vote_weight = forms.IntegerField(label="公众投票权重", min_value=0, max_value=100, initial=0)
    data_weight = forms.IntegerField(label="平台数据权重", min_value=0, max_value=100, initial=0)

    def clean_criteria(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            parts = line.replace("，", " ").replace(",", " ").split()
            if not parts:
                continue
            if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
                raise forms.ValidationError(f"第 {number} 行应为“名称 权重 满分”，例如“内容 40 40”")
            rows.append((parts[0], int(parts[1]), int(parts[2])))
        if not rows:
            raise forms.ValidationError("至少一项评分指标")
        return rows


class RegisterForm(Styled):
    name = forms.CharField(label="单位名称（全称）", max_length=120)
    short_names = forms.CharField(label="简称与别名", max_length=200, required=False,
                                  help_text="如台标、栏目名等能看出单位的叫法，用顿号分隔；匿名评审时一并隐去")
    unit_type = forms.ChoiceField(label="单位类型", choices=UnitType.choices)
    region = forms.ChoiceField(label="所属地区", choices=())
    contact_name = forms.CharField(label="联系人", max_length=40)
    contact_phone = forms.CharField(label="联系电话", max_length=40)
    username = forms.CharField(label="登录用户名", max_length=40, help_text="字母、数字，确认后用它登录")
    password = forms.CharField(label="密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="至少 8 位，含字母、数字和符号")
    password2 = forms.CharField(label="再次输入密码",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "请选择")] + [(r, r) for r in call.regions]
        self.fields["unit_type"].choices = [(t, UnitType(t).label) for t in call.eligible_types]

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        if not value.replace("-", "").replace("_", "").isalnum() or not value.isascii():
            raise forms.ValidationError("用户名只能包含字母、数字、连字符和下划线")
        return value

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致")
        return data


class NewCaseForm(Styled):
    category = forms.ModelChoiceField(label="案例类别", queryset=None, empty_label="请选择类别")
    title = forms.CharField(label="案例名称", max_length=120)

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = call.categories.all()


class FileForm(Styled):
    kind = forms.ChoiceField(label="材料类型", choices=FileKind.choices)
    upload = forms.FileField(label="文件", required=False)
    url = forms.CharField(label="网盘链接（大文件）", max_length=200, required=False)
    title = forms.CharField(label="链接说明", max_length=100, required=False)
