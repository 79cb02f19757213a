from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from members.campaigns.models import Campaign

MAX_DAYS = 731


class DashboardFilterForm(forms.Form):
    """The dashboard's date range and campaign (GET parameters; empty means the default)."""

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.select_related("counter").order_by("-starts_on"),
        required=False,
        empty_label=_("All campaigns"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The range must end on or after its first day."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("Choose a range of at most two years."))
        return cleaned

    def range(self, default: tuple[date, date]) -> tuple[date, date]:
        start = self.cleaned_data.get("start") if self.is_bound and self.is_valid() else None
        end = self.cleaned_data.get("end") if self.is_bound and self.is_valid() else None
        if start and not end:
            end = min(default[1], start + timedelta(days=29))
        if end and not start:
            start = end - timedelta(days=29)
        return (start or default[0], end or default[1])
