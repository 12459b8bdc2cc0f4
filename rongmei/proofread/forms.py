from __future__ import annotations

from django import forms

from .choices import IMPORTABLE, RuleCategory
from .shapes import SEVERITY_CHOICES, SHAPES, format_positions

TEXT_ATTRS = {"class": "form-control"}


class ProofForm(forms.Form):
    text = forms.CharField(label="稿件文字", required=False, strip=False,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 10,
                                                        "placeholder": "把稿件粘贴到这里……", "data-testid": "proof-input"}))
    file = forms.FileField(label="或上传文件", required=False, help_text="支持 .txt、.docx、.md、.html",
                           widget=forms.ClearableFileInput(attrs={"class": "form-control",
                                                                  "accept": ".txt,.docx,.md,.markdown,.html,.htm"}))
    thorough = forms.BooleanField(label="细查错别字", required=False,
                                  help_text="把握较低的疑似错别字也列出：查出的更多，误报也更多",
                                  widget=forms.CheckboxInput(attrs={"class": "form-check-input",
                                                                    "data-testid": "proof-thorough"}))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请粘贴要审校的文字或上传文件")
        return data


def entry_form_class(category: str) -> type[forms.Form]:
    """按类别生成词条表单（字段来自 :data:`~rongmei.proofread.shapes.SHAPES`）。"""
    fields: dict[str, forms.Field] = {}
    for f in SHAPES[category]:
        common = {"label": f.label, "required": f.required, "help_text": f.help}
        if f.kind == "severity":
            field = forms.ChoiceField(choices=SEVERITY_CHOICES, initial=f.default,
                                      widget=forms.Select(attrs={"class": "form-select"}), **common)
        elif f.kind == "text":
            field = forms.CharField(widget=forms.Textarea(attrs={**TEXT_ATTRS, "rows": 3}), **common)
        elif f.kind == "positions":
            field = forms.CharField(widget=forms.Textarea(attrs={
                **TEXT_ATTRS, "rows": 3, "placeholder": "示例市市长 2021-06-01 至 2024-03-10\n示例市委书记 2024-03-10 起"}),
                **common)
        elif f.kind == "bool":
            field = forms.BooleanField(**common)
        elif f.kind == "int":
            field = forms.IntegerField(initial=f.default, widget=forms.NumberInput(attrs=TEXT_ATTRS), **common)
        elif f.kind == "date":
            field = forms.CharField(widget=forms.TextInput(attrs={**TEXT_ATTRS, "placeholder": "2024-03-15"}),
                                    **common)
        else:
            field = forms.CharField(widget=forms.TextInput(attrs=TEXT_ATTRS), **common)
        fields[f.name] = field
    fields["entry_note"] = forms.CharField(label="维护备注", required=False, help_text="来源、依据等，仅词库页显示",
                                           widget=forms.TextInput(attrs=TEXT_ATTRS))
    return type(f"EntryForm_{category}", (forms.Form,), fields)


def entry_initial(entry) -> dict:
    initial = {}
    for f in SHAPES[entry.category]:
        value = entry.payload.get(f.name)
        if f.kind == "positions" and isinstance(value, list):
            value = format_positions(value)
        elif isinstance(value, list):
            value = "、".join(value)
        initial[f.name] = value
    initial["entry_note"] = entry.note
    return initial


class ImportForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=[(c.value, c.label) for c in IMPORTABLE],
                                 widget=forms.Select(attrs={"class": "form-select"}))
    severity = forms.ChoiceField(label="严重程度", choices=SEVERITY_CHOICES, initial="中",
                                 help_text="用于敏感词、禁用词、标题用语、涉密标识",
                                 widget=forms.Select(attrs={"class": "form-select"}))
    file = forms.FileField(label="词表文件", help_text=(
        ".txt：每行一个词，可带第二列（<code>错误→正确</code>、<code>姓名<TAB>日期</code>）；"
        ".xlsx：第一列为词，第二列可选，第一行可为表头。任何一行有错都不会导入，错误写明行号。"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".txt,.xlsx"}))


class DecideForm(forms.Form):
    comment = forms.CharField(label="意见", required=False, max_length=500,
                              widget=forms.TextInput(attrs={**TEXT_ATTRS, "placeholder": "驳回时必填"}))


class ProposeForm(forms.Form):
    term = forms.CharField(max_length=100)
    category = forms.CharField(max_length=32, required=False)
    reason = forms.CharField(max_length=500, required=False)
    source_ref = forms.CharField(max_length=200, required=False)


CATEGORY_TABS = [(c.value, c.label) for c in RuleCategory]
