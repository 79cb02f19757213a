from django import forms
from django.utils.translation import gettext_lazy as _

from members.money import amount_parse, format_money

from .models import Membership, PlanPrice


class JoinForm(forms.Form):
    """Which price a reader chose (the button they pressed), and for whom.

    Validation only: creating the Checkout Session is the view's job, through
    `joining.membership_checkout_create`.
    """

    price = forms.ModelChoiceField(
        queryset=PlanPrice.objects.offered(),
        error_messages={"required": _("Choose a plan."), "invalid_choice": _("Choose a plan.")},
    )
    amount = forms.CharField(required=False, label=_("Your amount"))
    email = forms.EmailField(
        required=False,
        label=_("Your email address"),
        help_text=_("Your receipts and your account are tied to it."),
    )
    attempt = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        self.fields["email"].required = self.user is None
        if self.user is not None:
            del self.fields["email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if Membership.objects.live().filter(user__email__iexact=email).exists():
            raise forms.ValidationError(
                _("This address already has a membership. Sign in to manage it."),
                code="has_membership",
            )
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        price: PlanPrice | None = cleaned.get("price")
        if price is None:
            return cleaned
        typed = (cleaned.get("amount") or "").strip()
        if not typed or not price.allows_custom_amount:
            cleaned["amount_minor"] = price.amount
            return cleaned
        try:
            amount = amount_parse(typed, price.currency)
        except ValueError as error:
            self.add_error("amount", str(error))
            return cleaned
        minimum = price.minimum_custom_amount
        if amount < minimum:
            self.add_error(
                "amount",
                _("The smallest amount is %(minimum)s %(per_interval)s.")
                % {
                    "minimum": format_money(minimum, price.currency),
                    "per_interval": price.per_interval,
                },
            )
        elif amount > 100 * max(price.amount, minimum):
            self.add_error("amount", _("That is more than we can accept online."))
        cleaned["amount_minor"] = amount
        return cleaned
