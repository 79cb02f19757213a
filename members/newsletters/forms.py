from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Newsletter

EMAIL_ERRORS = {
    "required": _("Enter your email address."),
    "invalid": _("Enter a correct email address, like name@example.com."),
}


class SignupForm(forms.Form):
    """An email address and the newsletter to send the confirmation for.

    `choices` are the newsletters on offer: with one, it is a hidden field (the
    per-newsletter forms and a single featured newsletter); with several, the
    reader picks one.
    """

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "you@example.com"}),
    )
    newsletter = forms.ModelChoiceField(
        queryset=Newsletter.objects.active(),
        to_field_name="slug",
        empty_label=None,
        error_messages={
            "required": _("Choose a newsletter."),
            "invalid_choice": _("That newsletter is not available any more."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, newsletters=None, **kwargs):
        super().__init__(*args, **kwargs)
        if newsletters is not None:
            newsletters = list(newsletters)
            field = self.fields["newsletter"]
            if len(newsletters) == 1:
                field.widget = forms.HiddenInput()
                self.initial.setdefault("newsletter", newsletters[0].slug)
            else:
                field.widget = forms.RadioSelect()
                field.label = _("Newsletter")
            # After the widget: setting the queryset gives the widget its choices.
            field.queryset = Newsletter.objects.active().filter(
                pk__in=[newsletter.pk for newsletter in newsletters]
            )


class PreferencesForm(forms.Form):
    """One checkbox per newsletter; checked means subscribed."""

    newsletters = forms.ModelMultipleChoiceField(
        queryset=Newsletter.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Send me these newsletters"),
    )

    def __init__(self, *args, newsletters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newsletters"].queryset = newsletters
