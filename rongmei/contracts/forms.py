from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateInput
from rongmei.core.links import WebURLField
from rongmei.engines.kpi import KINDS, PLACEMENT_LEVELS, PLATFORMS, template_ids

from .choices import ManualFactType, PeriodCode, SnapshotKind


class DefinitionForm(forms.Form):
    yaml_text = forms.CharField(label="合同定义（YAML）", widget=forms.Textarea(attrs={
        "rows": 30, "class": "form-control font-monospace", "spellcheck": "false", "data-testid": "yaml-editor"}))
    comment = forms.CharField(label="修改说明", required=False, max_length=300,
                              widget=forms.TextInput(attrs={"class": "form-control"}))


class TemplateForm(forms.Form):
    template = forms.ChoiceField(label="内置模板", choices=[(t, t) for t in template_ids()],
                                 widget=forms.Select(attrs={"class": "form-select"}))


def _choices(mapping: dict[str, str], blank: str = "—") -> list[tuple[str, str]]:
    return [("", blank)] + list(mapping.items())


class FactForm(forms.Form):
    """手工录入事实：按类型填写相应字段（服务层按 facts-v1 逐字段校验）。"""

    type = forms.ChoiceField(label="事实类型", choices=ManualFactType.choices,
                             widget=forms.Select(attrs={"class": "form-select", "data-testid": "fact-type"}))
    date = forms.DateField(label="日期", widget=DateInput(attrs={"class": "form-control"}))
    title = forms.CharField(label="标题/名称", required=False, max_length=300)
    url = WebURLField(label="链接", required=False)
    platform = forms.ChoiceField(label="平台", required=False, choices=_choices(PLATFORMS),
                                 help_text="直播场次必填")
    outlet = forms.CharField(label="采用媒体", required=False, max_length=200, help_text="媒体采用必填，如“人民网”")
    level = forms.ChoiceField(label="媒体级别", required=False, choices=_choices(PLACEMENT_LEVELS),
                              help_text="媒体采用必填")
    course = forms.CharField(label="培训课程", required=False, max_length=200, help_text="培训必填")
    hours = forms.FloatField(label="培训课时（小时）", required=False, min_value=0)
    attendees = forms.IntegerField(label="参训人数", required=False, min_value=0)
    minutes = forms.FloatField(label="时长（分钟）", required=False, min_value=0, help_text="直播场次必填")
    viewers = forms.IntegerField(label="观看人次", required=False, min_value=0, help_text="直播场次必填")
    points = forms.FloatField(label="加分", required=False, help_text="奖项/加分认定必填")
    bonus = forms.CharField(label="加分项 id", required=False, max_length=80,
                            help_text="合同评分表中的人工加分项 id，如 media、honour；留空计入第一个人工加分项")
    kind = forms.ChoiceField(label="交付物形态", required=False, choices=_choices(KINDS), help_text="交付物必填")
    checkpoint = forms.CharField(label="验收节点 id", required=False, max_length=80, help_text="验收结论必填")
    passed = forms.NullBooleanField(label="验收合格", required=False, widget=forms.Select(
        choices=[("unknown", "—"), ("true", "合格"), ("false", "不合格")], attrs={"class": "form-select"}))
    note = forms.CharField(label="备注", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            else:
                field.widget.attrs.setdefault("class", "form-control")
            field.widget.attrs.setdefault("data-field", name)


class ImportForm(forms.Form):
    file = forms.FileField(label="事实文件", help_text="facts-v1 JSON Lines（.jsonl）、CSV（UTF-8）或 Excel（.xlsx），"
                           "首行为字段名。任何一行有错误，整个文件都不导入。",
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".jsonl,.json,.ndjson,.csv,.xlsx"}))


class SnapshotForm(forms.Form):
    kind = forms.ChoiceField(label="用途", choices=SnapshotKind.choices, widget=forms.Select(attrs={"class": "form-select"}))
    period = forms.CharField(label="考核期", initial=PeriodCode.ANNUAL, max_length=10,
                             help_text="annual（全周期）、h1（上半年）、h2（下半年）或 YYYY-MM（某月）",
                             widget=forms.TextInput(attrs={"class": "form-control"}))
    as_of = forms.DateField(label="截至日期", widget=DateInput(attrs={"class": "form-control"}))
    title = forms.CharField(label="标题", required=False, max_length=200,
                            widget=forms.TextInput(attrs={"class": "form-control"}))
