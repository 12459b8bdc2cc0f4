from __future__ import annotations

from django import forms

from rongmei.accounts.models import User
from rongmei.assets import selectors as asset_selectors
from rongmei.core import checkers
from rongmei.core.inputs import DateInput, DateTimeInput, TimeInput
from rongmei.workspaces.choices import Role
from rongmei.workspaces.selectors import accounts_of

from . import selectors
from .choices import KIND_CHOICES, KIND_FIELDS, Verdict
from .models import Campaign, Column, ContentItem, Meeting, PublishingWindow, ReviewStage, ThemePlan, WorkPlan

DATE = DateInput()
DATETIME = DateTimeInput()
TIME = TimeInput()


class AccountChecklist(forms.CheckboxSelectMultiple):
    """目标账号：按平台分组的勾选清单（页面上可按名称筛选），代替要按 Ctrl 多选的列表框。"""

    template_name = "production/_account_checklist.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        groups: dict[str, list] = {}
        for account in self.choices.queryset.select_related("platform"):
            groups.setdefault(account.platform.name, []).append(
                {"value": account.pk, "label": account.name, "checked": str(account.pk) in chosen})
        context["groups"] = sorted(groups.items())
        return context


class ItemForm(forms.ModelForm):
    body = forms.CharField(label="正文", required=False,
                           widget=forms.Textarea(attrs={"rows": 16, "data-testid": "item-body", "data-editor-source": ""}),
                           help_text="富文本：可直接粘贴 Word、WPS、秀米/135 与网页内容；保存时由服务器清洗，脚本与外链样式一律去掉。")
    summary = forms.CharField(label="修改说明", required=False, max_length=200)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    accepted_findings = forms.CharField(widget=forms.HiddenInput, required=False)
    duration_minutes = forms.DecimalField(label="时长（分钟）", required=False, min_value=0, decimal_places=2,
                                          help_text="视频、宣传片、微纪录片、培训课时、直播等填写")

    class Meta:
        model = ContentItem
        fields = ["title", "kind", "topic", "column", "theme", "campaign", "key_date_name", "team", "target_accounts",
                  "deadline", "planned_publish_at", "is_original", "source", "importance", "confidentiality", "airing_count",
                  "page_count", "cover"]
        widgets = {"deadline": DATE, "planned_publish_at": DATETIME, "target_accounts": AccountChecklist}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = selectors.columns_of(workspace, active_only=True)
        self.fields["theme"].queryset = selectors.theme_plans_of(workspace)
        self.fields["campaign"].queryset = selectors.campaigns_of(workspace)

        self.fields["column"].empty_label = "（不属于任何栏目）"
        self.fields["theme"].empty_label = "（不属于每月一题）"
        self.fields["campaign"].empty_label = "（不属于专项方案）"
        self.fields["cover"].queryset = asset_selectors.assets_of(workspace, kind="image")
        self.fields["cover"].empty_label = "（用第一张图片附件或正文第一张图片）"
        self.fields["target_accounts"].queryset = accounts_of(workspace)
        self.fields["target_accounts"].help_text = "可多选；输入名称筛选"
        self.fields["kind"].choices = KIND_CHOICES
        self.fields["title"].widget.attrs["data-testid"] = "item-title"
        for name, kinds in KIND_FIELDS.items():  # 只对部分形态出现的字段
            self.fields[name].widget.attrs["data-kinds"] = ",".join(sorted(kinds))
        if self.instance.pk:
            rev = self.instance.current_revision
            self.initial.setdefault("body", selectors.body_html(rev) if rev else "")
            self.initial.setdefault("base_revision", rev.number if rev else None)
            if self.instance.duration_seconds:
                self.initial.setdefault("duration_minutes", round(self.instance.duration_seconds / 60, 2))

    def item_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("title", "body", "summary", "base_revision", "target_accounts", "accepted_findings"):
            data.pop(key, None)
        kind = data.get("kind", "")
        for name, kinds in KIND_FIELDS.items():  # 不属于这种形态的字段不保存（页面上已隐藏）
            if kind not in kinds:
                data[name] = None
        minutes = data.pop("duration_minutes", None)
        data["duration_seconds"] = int(round(float(minutes) * 60)) if minutes is not None else None
        return data

    def accepted_ids(self) -> list[int]:
        raw = self.cleaned_data.get("accepted_findings") or ""
        return [int(x) for x in raw.split(",") if x.strip().isdigit()]


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label="结论", choices=[(Verdict.APPROVE, "通过"), (Verdict.RETURN, "退回修改"),
                                                      (Verdict.REJECT, "驳回")], widget=forms.RadioSelect)
    comments = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ColumnForm(forms.ModelForm):
    class Meta:
        model = Column
        fields = ["name", "column_type", "description", "departments", "order", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "departments": forms.Textarea(attrs={"rows": 3})}


class ThemePlanForm(forms.ModelForm):
    class Meta:
        model = ThemePlan
        fields = ["year", "month", "theme", "content", "form", "departments", "order"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "key_date_name", "key_date", "start", "end", "goals", "plan"]
        widgets = {"key_date": DATE, "start": DATE, "end": DATE,
                   "goals": forms.Textarea(attrs={"rows": 3}), "plan": forms.Textarea(attrs={"rows": 8})}


class WorkPlanForm(forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["month", "title", "body"]
        widgets = {"month": DATE, "body": forms.Textarea(attrs={"rows": 10})}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "date", "plan", "agenda", "decisions", "follow_ups"]
        widgets = {"date": DATE, "agenda": forms.Textarea(attrs={"rows": 4}),
                   "decisions": forms.Textarea(attrs={"rows": 4}), "follow_ups": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = selectors.work_plans_of(workspace)


class WindowForm(forms.ModelForm):
    class Meta:
        model = PublishingWindow
        fields = ["platform_code", "start", "end", "workdays_only", "note"]
        widgets = {"start": TIME, "end": TIME}


class StageForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(label="可审角色", choices=Role.choices, required=False,
                                      widget=forms.SelectMultiple(attrs={"size": 6}))
    checker_key = forms.ChoiceField(label="自动检查器", required=False,
                                    help_text="送审后先由它自动检查（如 AI 审校），发现问题记入审核意见")

    class Meta:
        model = ReviewStage
        fields = ["order", "name", "stage_type", "method", "roles", "people", "skippable", "allow_author",
                  "time_limit_workdays",
                  "checker_key", "requirements"]
        widgets = {"requirements": forms.Textarea(attrs={"rows": 3}), "people": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["people"].queryset = User.objects.filter(memberships__workspace=workspace).order_by("username")
        self.fields["checker_key"].choices = [("", "不自动检查"), *checkers.available().items()]
