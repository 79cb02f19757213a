from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.admin import OtherLanguagesAdmin

from . import banner, services
from .models import Campaign, PublicSupporter, SupporterFigures

WHAT_COUNTS = (
    "Every membership that starts inside the campaign window (from midnight of the first "
    "day to midnight after the last, newsroom time) counts once: a new recurring member, "
    "and a gift when it is paid for. A member who later cancels stays counted (we count "
    "joins). A refunded gift, or a membership whose first payment is refunded, is taken "
    "off. Changing the dates recounts the campaign from the membership ledger."
)


class CampaignAdminForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "slug",
            "featured",
            "goal",
            "starts_on",
            "ends_on",
            "starting_count",
            "banner_text",
            "member_button_label",
            "gift_button_label",
            "thanks_text",
            "appeal",
        ]

    def _get_validation_exclusions(self):
        # Featuring this campaign unfeatures the other one on save (save_model), so
        # the "at most one featured" constraint must not refuse the form first.
        return {*super()._get_validation_exclusions(), "featured"}


@admin.register(Campaign)
class CampaignAdmin(OtherLanguagesAdmin):
    form = CampaignAdminForm
    list_display = ["name", "starts_on", "ends_on", "goal", "progress", "featured"]
    list_filter = ["featured"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["what_counts", "progress", "recounted_at"]
    actions = ["recount", "feature"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "featured"]}),
        (
            _("Goal and window"),
            {"fields": ["goal", "starts_on", "ends_on", "starting_count", "what_counts"]},
        ),
        (_("Progress"), {"fields": ["progress", "recounted_at"]}),
        (
            _("Words"),
            {
                "fields": [
                    "banner_text",
                    "member_button_label",
                    "gift_button_label",
                    "thanks_text",
                    "appeal",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("counter")

    @admin.display(description=_("What counts"))
    def what_counts(self, campaign: Campaign) -> str:
        return WHAT_COUNTS

    @admin.display(description=_("Progress"))
    def progress(self, campaign: Campaign) -> str:
        if campaign.pk is None:
            return "-"
        summary = banner.campaign_summary(campaign)
        return format_html(
            "{} of {} new members ({}%)",
            f"{summary['count']:,}",
            f"{summary['goal']:,}",
            summary["percent"],
        )

    @admin.display(description=_("Last recounted from the ledger"))
    def recounted_at(self, campaign: Campaign):
        counter = getattr(campaign, "counter", None)
        return counter.recounted_at if counter else None

    def save_model(self, request, obj: Campaign, form, change: bool) -> None:
        if obj.featured:
            # Unfeature the other campaign first: at most one may be featured.
            Campaign.objects.featured().exclude(pk=obj.pk).update(featured=False)
        super().save_model(request, obj, form, change)
        transaction.on_commit(banner.campaign_cache_clear)
        if not change or {"starts_on", "ends_on"} & set(form.changed_data):
            count = services.campaign_recount(campaign=obj)
            self.message_user(
                request,
                _("Counted %(count)s new members in the window from the ledger.")
                % {"count": number_format(count, force_grouping=True)},
            )

    @admin.action(description=_("Recount from the membership ledger"))
    def recount(self, request, queryset) -> None:
        for campaign in queryset:
            count = services.campaign_recount(campaign=campaign)
            self.message_user(
                request,
                _("%(campaign)s: %(count)s new members counted.")
                % {"campaign": campaign, "count": number_format(count, force_grouping=True)},
            )

    @admin.action(description=_("Feature in the site-wide banner"))
    def feature(self, request, queryset) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one campaign to feature."), messages.ERROR)
            return
        campaign = queryset.get()
        services.campaign_feature(campaign=campaign)
        self.message_user(
            request, _("%(campaign)s is now shown on every page.") % {"campaign": campaign}
        )


@admin.register(SupporterFigures)
class SupporterFiguresAdmin(admin.ModelAdmin):
    list_display = ["__str__", "supporters", "supporters_computed_at", "supporters_override"]
    readonly_fields = [
        "supporters",
        "supporters_computed_at",
        "measured_reader_days",
        "measured_readers_as_of",
    ]
    fields = [
        "supporters",
        "supporters_computed_at",
        "supporters_override",
        "measured_reader_days",
        "measured_readers_as_of",
        "monthly_readers",
        "monthly_readers_as_of",
    ]
    actions = ["refresh"]

    def has_add_permission(self, request) -> bool:
        return not SupporterFigures.objects.exists()

    # The daily salt makes a returning reader uncountable as the same person, so the
    # month's figure is a sum of days; the label says so where the editor sees it.
    @admin.display(description=_("Measured monthly readers (sum of each day's unique readers)"))
    def measured_reader_days(self, figures: SupporterFigures) -> str:
        return number_format(figures.measured_monthly_readers, force_grouping=True)

    @admin.action(description=_("Recompute the number of supporters now"))
    def refresh(self, request, queryset) -> None:
        figures = services.supporter_figures_refresh()
        self.message_user(
            request,
            _("%(count)s active supporters.")
            % {"count": number_format(figures.supporters, force_grouping=True)},
        )


@admin.register(PublicSupporter)
class PublicSupporterAdmin(admin.ModelAdmin):
    list_display = ["first_name", "city", "named", "user", "updated_at"]
    list_filter = ["named"]
    search_fields = ["first_name", "city", "user__email"]
    raw_id_fields = ["user"]
