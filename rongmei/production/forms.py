from __future__ import annotations

from django import forms

from rongmei.accounts.models import User
from rongmei.core import checkers
from rongmei.core.inputs import DateInput, DateTimeInput, TimeInput
from rongmei.workspaces.choices import Role
from rongmei.workspaces.selectors import accounts_of

from . import selectors
from .choices import KIND_CHOICES, Verdict
from .models import Campaign, Column, ContentItem, Meeting, PublishingWindow, ReviewStage, ThemePlan, WorkPlan

DATE = DateInput()
DATETIME = DateTimeInput()
TIME = TimeInput()


class ItemForm(forms.ModelForm):
    body = forms.CharField(label="正文（Markdown）", required=False,
                           widget=forms.Textarea(attrs={"rows": 16, "data-testid": "item-body"}),
                           help_text="支持 Markdown；保存时原样存储，页面显示时转义 HTML，不执行脚本。")
    summary = forms.CharField(label="修改说明", required=False, max_length=200)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    duration_minutes = forms.DecimalField(label="时长（分钟）", required=False, min_value=0, decimal_places=2,
                                          help_text="视频、宣传片、微纪录片、培训课时、直播等填写")

    class Meta:
        model = ContentItem
        fields = ["title", "kind", "topic", "column", "theme", "campaign", "key_date_name", "team", "target_accounts",
                  "deadline", "planned_publish_at", "is_original", "source", "importance", "confidentiality", "airing_count"]
        widgets = {"deadline": DATE, "planned_publish_at": DATETIME,
                   "target_accounts": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = selectors.columns_of(workspace, active_only=True)
        self.fields["theme"].queryset = selectors.theme_plans_of(workspace)
        self.fields["campaign"].queryset = selectors.campaigns_of(workspace)

        self.fields["target_accounts"].queryset = accounts_of(workspace)
        self.fields["kind"].choices = KIND_CHOICES
        self.fields["title"].widget.attrs["data-testid"] = "item-title"
        if self.instance.pk:
            rev = self.instance.current_revision
            self.initial.setdefault("body", rev.body if rev else "")
            self.initial.setdefault("base_revision", rev.number if rev else None)
            if self.instance.duration_seconds:
                self.initial.setdefault("duration_minutes", round(self.instance.duration_seconds / 60, 2))

    def item_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("title", "body", "summary", "base_revision", "target_accounts"):
            data.pop(key, None)
        minutes = data.pop("duration_minutes", None)
        data["duration_seconds"] = int(round(float(minutes) * 60)) if minutes is not None else None
        return data


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
