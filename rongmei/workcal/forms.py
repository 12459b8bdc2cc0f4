from django import forms

from .models import ThemeDay


class ThemeDayForm(forms.ModelForm):
    class Meta:
        model = ThemeDay
        fields = ["name", "month", "day", "weekday", "nth", "is_active", "note"]
