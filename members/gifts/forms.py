from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from members.money import format_money
from newsroom.clock import newsroom_today

from .models import GiftPrice

# The furthest ahead a gift can be scheduled (it expires a year after payment).
LATEST_DELIVERY = timedelta(days=365)


class DurationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, price: GiftPrice) -> str:
        amount = format_money(price.amount, price.currency)
        return f"{price.get_duration_months_display()}, {amount}"


class GiftForm(forms.Form):
    """What a giver fills in. Validation only: the view starts the checkout
    through `buying.gift_checkout_create`."""

    duration = DurationChoiceField(
        queryset=GiftPrice.objects.filter(active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("How long a membership?"),
        error_messages={"required": _("Choose how long the membership lasts.")},
    )
    recipient_name = forms.CharField(max_length=200, label=_("Their name"))
    recipient_email = forms.EmailField(
        label=_("Their email address"), help_text=_("We send the gift here on the delivery date.")
    )
    message = forms.CharField(
        max_length=1000,
        required=False,
        label=_("Your message (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in the gift email. Up to 1,000 characters."),
    )
    deliver_on = forms.DateField(
        label=_("Delivery date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Today or a later day. Gifts for a later day arrive in the morning."),
    )
    giver_name = forms.CharField(max_length=200, label=_("Your name"))
    giver_email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("For your receipt, a copy of the gift link, and word when it is redeemed."),
    )
    attempt = forms.UUIDField(widget=forms.HiddenInput)

    def clean_deliver_on(self):
        day = self.cleaned_data["deliver_on"]
        today = newsroom_today()
        if day < today:
            raise forms.ValidationError(_("Choose today or a later day."))
        if day > today + LATEST_DELIVERY:
            raise forms.ValidationError(_("Choose a day within the next 12 months."))
        return day

    def clean(self) -> dict:
        cleaned = super().clean()
        for field in ("recipient_name", "giver_name", "message"):
            if isinstance(cleaned.get(field), str):
                cleaned[field] = cleaned[field].strip()
        return cleaned
