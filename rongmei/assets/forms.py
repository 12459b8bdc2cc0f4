from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateInput

from .models import Asset

TEXT = {"class": "form-control"}


class AssetForm(forms.ModelForm):
    class Meta:
        model = Asset
        fields = ["title", "tags", "source", "author", "consent", "consent_note", "licence", "rights_expires"]
        widgets = {
            "title": forms.TextInput(attrs={**TEXT, "data-testid": "asset-title"}),
            "tags": forms.TextInput(attrs={**TEXT, "placeholder": "如：无障碍、助残日（用顿号分隔）",
                                           "data-testid": "asset-tags"}),
            "source": forms.TextInput(attrs={**TEXT, "list": "source-suggestions", "placeholder": "如：记者自摄",
                                             "data-testid": "asset-source"}),
            "author": forms.TextInput(attrs={**TEXT, "data-testid": "asset-author"}),
            "consent": forms.Select(attrs={"class": "form-select", "data-testid": "asset-consent"}),
            "consent_note": forms.TextInput(attrs={**TEXT, "placeholder": "如：已签肖像使用同意书，存于综合科"}),
            "licence": forms.Select(attrs={"class": "form-select", "data-testid": "asset-licence"}),
            "rights_expires": DateInput(attrs={**TEXT, "data-testid": "asset-expires"}),
        }
        help_texts = {"rights_expires": "授权使用的素材填写到期日；到期后素材在各处标红提醒", "tags": ""}
