"""Per-language text of campaigns and plans (django-modeltranslation): one column per
language, read in the active language with a fallback to the default language's.

A campaign runs across every edition with one counter; only its words differ.
Newsletters are not translated this way: each edition has its own newsletters.
"""

from modeltranslation.translator import TranslationOptions, register

from .campaigns.models import Campaign
from .memberships.models import Plan


@register(Campaign)
class CampaignTranslationOptions(TranslationOptions):
    fields = (
        "name",
        "banner_text",
        "thanks_text",
        "appeal",
        "member_button_label",
        "gift_button_label",
    )


@register(Plan)
class PlanTranslationOptions(TranslationOptions):
    fields = ("name", "description", "benefits")
