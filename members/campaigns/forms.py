from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PublicSupporter


class SupporterNamingForm(forms.Form):
    """Opt in (or out) to be named on the campaign page: first name and city only."""

    named = forms.BooleanField(
        required=False,
        label=_("Name me as a new supporter on the campaign page"),
        help_text=_(
            "Only your first name and city are shown. You can change this on your "
            "account page at any time."
        ),
    )
    public_first_name = forms.CharField(required=False, max_length=60, label=_("First name"))
    public_city = forms.CharField(required=False, max_length=80, label=_("City (optional)"))

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("named") and not (cleaned.get("public_first_name") or "").strip():
            self.add_error("public_first_name", _("Enter the first name we may show."))
        return cleaned

    @classmethod
    def initial_for(cls, user) -> dict:
        if user is None or not user.is_authenticated:
            return {}
        supporter = PublicSupporter.objects.filter(user=user).first()
        if supporter is None:
            return {"public_first_name": user.first_name}
        return {
            "named": supporter.named,
            "public_first_name": supporter.first_name,
            "public_city": supporter.city,
        }

    def checkout_metadata(self) -> dict[str, str]:
        """The choice, carried through Stripe Checkout to the account it creates."""
        if not self.cleaned_data.get("named"):
            return {}
        return {
            "supporter_named": "1",
            "supporter_first_name": self.cleaned_data["public_first_name"].strip()[:60],
            "supporter_city": self.cleaned_data["public_city"].strip()[:80],
        }
