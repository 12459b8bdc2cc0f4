"""舆情的表单。"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from rongmei.core.inputs import DateTimeInput
from rongmei.core.links import WebURLField
from rongmei.core.notifications import users_with_role
from rongmei.engines.grading import DEFAULT_RULES, GRADE_LABELS
from rongmei.engines.grading.rules import LABELS as RULE_LABELS
from rongmei.engines.grading.signals import CATEGORY_LABELS
from rongmei.workspaces.choices import Role

from .choices import MANUAL_ENTRY_KINDS, RiskGrade, RobotKind, SourceKind
from .documents import PLAN_SECTIONS
from .services import MAX_INTERVAL, MIN_INTERVAL

WEEKDAYS = [(str(i), f"周{n}") for i, n in enumerate("一二三四五六日")]
TIME = forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M")


def _members_field(workspace, label: str, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(users_with_role(workspace, *Role.values).distinct().order_by("display_name"),
                                  label=label, required=required, empty_label="（请选择）",
                                  widget=forms.Select(attrs={"class": "form-select"}))


class ConfirmGradeForm(forms.Form):
    grade = forms.ChoiceField(label="级别", choices=RiskGrade.choices, widget=forms.Select(attrs={"class": "form-select"}))
    note = forms.CharField(label="说明（改定级别时必填）", required=False, max_length=300,
                           widget=forms.TextInput(attrs={"class": "form-control"}))


class EventForm(forms.Form):
    title = forms.CharField(label="事件名称", max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))
    grade = forms.ChoiceField(label="级别", choices=RiskGrade.choices, widget=forms.Select(attrs={"class": "form-select"}))
    summary = forms.CharField(label="事件概述", required=False,
                              widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _members_field(workspace, "负责人", required=False)


class EventUpdateForm(forms.Form):
    grade = forms.ChoiceField(label="级别", choices=RiskGrade.choices, widget=forms.Select(attrs={"class": "form-select"}))
    note = forms.CharField(label="调整说明", required=False, max_length=200,
                           widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _members_field(workspace, "负责人")


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=[(k.value, k.label) for k in MANUAL_ENTRY_KINDS],
                             widget=forms.Select(attrs={"class": "form-select"}))
    text = forms.CharField(label="内容", max_length=2000, widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))


class CloseForm(forms.Form):
    cause = forms.CharField(label="起因", widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    handling = forms.CharField(label="处置经过", widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))
    lessons = forms.CharField(label="经验教训", widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))


class LinkMessageForm(forms.Form):
    message_id = forms.IntegerField(label="互动消息编号", min_value=1,
                                    widget=forms.NumberInput(attrs={"class": "form-control"}))


class DutySlotForm(forms.Form):
    start = forms.TimeField(label="开始", widget=TIME)
    end = forms.TimeField(label="结束", widget=TIME, help_text="早于开始表示跨夜")
    weekdays = forms.MultipleChoiceField(label="星期（不选为每天）", choices=WEEKDAYS, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label="备注", required=False, max_length=100,
                           widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"] = _members_field(workspace, "值班人")
        self.order_fields(["user", "start", "end", "weekdays", "note"])


class AlertSettingsForm(forms.Form):
    min_grade = forms.ChoiceField(label="起报级别", choices=RiskGrade.choices,
                                  widget=forms.Select(attrs={"class": "form-select"}))
    quiet_start = forms.TimeField(label="免打扰开始", required=False, widget=TIME)
    quiet_end = forms.TimeField(label="免打扰结束", required=False, widget=TIME,
                                help_text="免打扰时段内只发站内通知；重大预警不受限制")
    dedupe_minutes = forms.IntegerField(label="合并时限（分钟）", min_value=1,
                                        widget=forms.NumberInput(attrs={"class": "form-control"}))
    escalate_minutes = forms.IntegerField(label="升级时限（分钟）", min_value=1,
                                          widget=forms.NumberInput(attrs={"class": "form-control"}))
    email = forms.BooleanField(label="同时发邮件", required=False)


class RobotForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=RobotKind.choices, widget=forms.Select(attrs={"class": "form-select"}))
    name = forms.CharField(label="名称", max_length=60, widget=forms.TextInput(attrs={"class": "form-control"}))
    webhook = forms.CharField(label="Webhook 地址", required=False, max_length=500,
                              widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
                              help_text="在群设置的机器人详情里复制；修改时留空表示不变")
    secret = forms.CharField(label="加签密钥（钉钉，SEC 开头）", required=False, max_length=200,
                             widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "off"}))


class RulesForm(forms.Form):
    """分级规则：较大、重大两级各一组条件。字段名 larger__volume 等对应规则 JSON 的 larger.volume。"""

    def __init__(self, *args, rules=DEFAULT_RULES, **kwargs):
        super().__init__(*args, **kwargs)
        data = rules.to_dict()
        for level in ("larger", "major"):
            for name, label in RULE_LABELS.items():
                key = f"{level}__{name}"
                value = data[level][name]
                full = f"{GRADE_LABELS[level]}：{label}"
                if name in ("sensitive", "officials"):
                    self.fields[key] = forms.BooleanField(label=full, required=False, initial=value)
                else:
                    self.fields[key] = forms.CharField(label=full, required=False, initial="" if value is None else value,
                                                       widget=forms.TextInput(attrs={"class": "form-control",
                                                                                     "inputmode": "decimal"}))
        self.fields["categories"] = forms.MultipleChoiceField(
            label="参与分级的敏感类别（取自 AI 审校词库）", choices=list(CATEGORY_LABELS.items()), required=False,
            initial=list(data["categories"]), widget=forms.CheckboxSelectMultiple)

    def rules_data(self) -> dict:
        raw = self.data
        out: dict = {"larger": {}, "major": {}, "categories": raw.getlist("categories") if hasattr(raw, "getlist")
                     else raw.get("categories", [])}
        for level in ("larger", "major"):
            for name in RULE_LABELS:
                key = f"{level}__{name}"
                if name in ("sensitive", "officials"):
                    out[level][name] = raw.get(key) in ("on", "true", "1", True)
                else:
                    out[level][name] = (raw.get(key) or "").strip()
        return out

    @property
    def levels(self):
        """[(级别名, [该级的各个字段])]，页面分两栏显示（字段标签去掉级别前缀）。"""
        out = []
        for level in ("larger", "major"):
            fields = []
            for name in RULE_LABELS:
                bound = self[f"{level}__{name}"]
                bound.label = RULE_LABELS[name]
                fields.append(bound)
            out.append((GRADE_LABELS[level], fields))
        return out


class MonthlyForm(forms.Form):
    month = forms.CharField(label="月份", max_length=7, widget=forms.TextInput(attrs={"type": "month",
                                                                                   "class": "form-control"}))


class PlanForm(forms.Form):
    title = forms.CharField(label="预案名称", max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))
    note = forms.CharField(label="本版修改说明", required=False, max_length=200,
                           widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in PLAN_SECTIONS:
            self.fields[key] = forms.CharField(label=label, widget=forms.Textarea(attrs={"class": "form-control",
                                                                                     "rows": 4}))



class TopicForm(forms.Form):
    name = forms.CharField(label="专题名称", max_length=80)
    expression = forms.CharField(
        label="表达式",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text='并且：AND 或 + 或空格；或者：OR 或 |；排除：NOT 或 -；括号分组；"短语"；'
        "A NEAR/5 B 表示两词相隔不超过 5 个字。例如：(残疾人|残联) + 补贴 - 广告",
    )
    description = forms.CharField(label="说明", max_length=300, required=False)
    note = forms.CharField(
        label="修改说明", max_length=300, required=False, help_text="修改表达式时记入版本历史"
    )
    active = forms.BooleanField(label="启用", required=False, initial=True)


class SourceForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型",
        choices=[(SourceKind.FEED.value, SourceKind.FEED.label), (SourceKind.PAGE.value, SourceKind.PAGE.label)],
        initial=SourceKind.FEED.value,
        widget=forms.RadioSelect,
        help_text="网站提供 RSS/Atom 订阅时优先用订阅；没有订阅的政府网站、媒体网站用栏目列表页",
    )
    name = forms.CharField(label="名称", max_length=120)
    url = WebURLField(label="地址", help_text="订阅地址，或新闻栏目列表页的网址")
    selector = forms.CharField(
        label="链接区域（CSS 选择器，仅列表页）",
        required=False,
        max_length=200,
        help_text="一般留空，自动取页面主体里的新闻链接；取错时填写链接所在区域，如 ul.news-list li",
    )
    interval_minutes = forms.IntegerField(
        label="抓取间隔（分钟）", min_value=MIN_INTERVAL, max_value=MAX_INTERVAL, initial=30
    )
    enabled = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # 类型建好后不能改（抓取记录、条件请求的标记都跟着类型走）
            self.fields["kind"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("kind") == SourceKind.PAGE:
            from . import adapters

            try:
                adapters.get(SourceKind.PAGE).check_config(self.config())
            except ValidationError as exc:
                self.add_error("selector", [m for msgs in exc.message_dict.values() for m in msgs])
        return data

    def config(self) -> dict:
        selector = (self.cleaned_data.get("selector") or "").strip()
        return {"selector": selector} if selector and self.cleaned_data.get("kind") == SourceKind.PAGE else {}


class MentionForm(forms.Form):
    url = WebURLField(label="链接", required=False)
    title = forms.CharField(label="标题", max_length=300, required=False)
    text = forms.CharField(
        label="正文", widget=forms.Textarea(attrs={"rows": 8}), required=False, help_text="粘贴页面正文或摘要"
    )
    source_name = forms.CharField(label="媒体/平台", max_length=120, required=False)
    author = forms.CharField(label="作者", max_length=120, required=False)
    published_at = forms.DateTimeField(
        label="发布时间", required=False, widget=DateTimeInput(), help_text="留空为现在"
    )

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not (data.get("title") or "").strip():
            raise forms.ValidationError("标题和正文不能都为空")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="表格文件", help_text="Excel（.xlsx）、网页格式 .xls 或 CSV；第一行为表头")
