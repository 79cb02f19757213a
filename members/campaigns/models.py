from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.clock import newsroom_date, newsroom_timezone


class CampaignQuerySet(models.QuerySet):
    def featured(self):
        return self.filter(featured=True)

    def containing(self, day: date):
        """Campaigns whose window includes the newsroom's calendar day `day`."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Campaign(models.Model):
    """A drive for new members toward a goal, shown in the site-wide banner when featured.

    Its running count lives in `CampaignCounter` (one row) and `CampaignDay` (one row
    per day), both kept up to date from the `MembershipStart` ledger by
    `services.campaign_start_counted` / `campaign_start_refunded`, and rebuilt from the
    ledger by `services.campaign_recount` when the window changes.
    """

    name = models.CharField(max_length=200, help_text=_("For the admin and the progress page."))
    slug = models.SlugField(unique=True, help_text=_("The progress page's address."))
    goal = models.PositiveIntegerField(help_text=_("How many new members, e.g. 1000."))
    starts_on = models.DateField(
        help_text=_("First day that counts (in the newsroom's timezone, from midnight).")
    )
    ends_on = models.DateField(help_text=_("Last day that counts (until midnight at its end)."))
    starting_count = models.PositiveIntegerField(
        default=0,
        help_text=_(
            "New members gained in this campaign before the site counted them "
            "(e.g. from an earlier system). Added to the count."
        ),
    )
    banner_text = models.TextField(
        help_text=_("One or two sentences at the top of every page, asking readers to join.")
    )
    thanks_text = models.TextField(
        blank=True,
        default="Thank you for being a member. You make this reporting possible.",
        help_text=_("What members see in the banner instead of the ask."),
    )
    appeal = models.TextField(
        blank=True,
        help_text=_(
            "A longer appeal for the progress page; the supporter figures are "
            "added from our data, so don't write numbers here."
        ),
    )
    member_button_label = models.CharField(max_length=60, default="Become a member")
    gift_button_label = models.CharField(max_length=60, default="Gift membership")
    featured = models.BooleanField(
        default=False,
        help_text=_(
            "Show this campaign in the banner on every page. Only one campaign can "
            "be featured; featuring this one unfeatures the other."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["featured"],
                condition=models.Q(featured=True),
                name="campaign_at_most_one_featured",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The campaign must end on or after its first day."})

    @property
    def window_start(self) -> datetime:
        return datetime.combine(self.starts_on, time.min, tzinfo=newsroom_timezone())

    @property
    def window_end(self) -> datetime:
        """The first moment after the window (exclusive)."""
        return datetime.combine(
            self.ends_on + timedelta(days=1), time.min, tzinfo=newsroom_timezone()
        )

    def contains(self, moment: datetime) -> bool:
        return self.starts_on <= newsroom_date(moment) <= self.ends_on


class CampaignCounter(models.Model):
    """The running count of one campaign's new members (without `starting_count`).

    Changed only with `F()` updates inside the transaction that writes or refunds a
    ledger row, so reading the count is one row, never a COUNT over memberships.
    """

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, primary_key=True, related_name="counter"
    )
    members = models.IntegerField(default=0)
    recounted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("campaign counter")
        verbose_name_plural = _("campaign counters")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.members}"


class CampaignDay(models.Model):
    """New members of one campaign on one day (the newsroom's calendar), for the chart."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    members = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("campaign day")
        verbose_name_plural = _("campaign days")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "day"], name="campaign_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.day}: {self.members}"


class PublicSupporter(models.Model):
    """A member who agreed to be named as a supporter (first name and city only).

    Set at checkout (the join form's opt-in) and changed on the account page; the
    progress page lists the most recent opted-in starts.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="public_supporter"
    )
    named = models.BooleanField(default=True, help_text=_("May we name them publicly?"))
    first_name = models.CharField(max_length=60)
    city = models.CharField(max_length=80, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public supporter")
        verbose_name_plural = _("public supporters")

    def __str__(self) -> str:
        return f"{self.first_name}, {self.city}" if self.city else self.first_name


class SupporterFigures(models.Model):
    """The site-wide supporter figures ("12,000 supporters", "one in 10,000 readers").

    One row (pk=1). `supporters` is computed from live memberships and
    `measured_monthly_readers` from the reader analytics (the last 30 complete
    days) by `services.supporter_figures_refresh`; an editor's `monthly_readers`
    overrides the measured figure and is shown as theirs. Overrides win when set. The pages
    leave a figure out once it is older than `MAX_AGE`, so they never show a
    stale claim.
    """

    MAX_AGE = timedelta(days=2)

    supporters = models.PositiveIntegerField(default=0, editable=False)
    supporters_computed_at = models.DateTimeField(null=True, blank=True, editable=False)
    supporters_override = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Shown instead of the computed number when set.")
    )
    measured_monthly_readers = models.PositiveIntegerField(default=0, editable=False)
    measured_readers_as_of = models.DateField(null=True, blank=True, editable=False)
    monthly_readers = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "Override: readers a month from elsewhere. Leave empty to use the "
            "readers measured on this site (Reader analytics)."
        ),
    )
    monthly_readers_as_of = models.DateField(
        null=True, blank=True, help_text=_("When the readers figure was measured.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("supporter figures")
        verbose_name_plural = _("supporter figures")

    def __str__(self) -> str:
        return "Supporter figures"
