from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.money import MinorUnitsField, currency_validate


class Plan(models.Model):
    """A membership level readers can join, with one `PlanPrice` per billing interval."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(
        unique=True, help_text=_("Used in Stripe lookup keys; don't change it.")
    )
    description = models.TextField(
        blank=True, help_text=_("One or two sentences on the join page.")
    )
    benefits = models.TextField(blank=True, help_text=_("What members get, one benefit per line."))
    active = models.BooleanField(default=True, help_text=_("Only active plans are offered."))
    position = models.PositiveSmallIntegerField(default=0, help_text=_("Lower comes first."))

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def benefit_list(self) -> list[str]:
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]


class PlanPriceQuerySet(models.QuerySet):
    def offered(self):
        return self.filter(active=True, plan__active=True).select_related("plan")


class PlanPrice(models.Model):
    """What a plan costs per interval, and the Stripe Price it maps to (by lookup key).

    The Stripe Price is found (or created) by `stripe_lookup_key` at checkout time,
    so editing the amount here moves the lookup key to a new Stripe Price.
    """

    class Interval(models.TextChoices):
        MONTH = "month", _("Monthly")
        YEAR = "year", _("Yearly")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="prices")
    interval = models.CharField(max_length=10, choices=Interval.choices)
    amount = MinorUnitsField(help_text=_("In minor units: 500 is 5.00."))
    currency = models.CharField(
        max_length=3,
        default="eur",
        validators=[currency_validate],
        help_text=_("ISO code, e.g. eur."),
    )
    minimum_custom_amount = MinorUnitsField(
        null=True,
        blank=True,
        help_text=_(
            "Let readers pay more: the smallest amount they may choose (minor units). "
            "Leave empty for a fixed price."
        ),
    )
    # null rather than "" when empty, so two new prices with the key left blank
    # don't collide in the admin's uniqueness check before save() fills them in.
    stripe_lookup_key = models.CharField(
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The Stripe Price's lookup key; filled in automatically when empty."),
    )
    active = models.BooleanField(default=True)

    objects = PlanPriceQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan price")
        verbose_name_plural = _("plan prices")
        ordering = ["plan__position", "plan__name", "-interval"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "interval"], name="plan_price_one_per_interval"
            ),
            # A price of nothing, or a "pay what you like" from nothing, is never a
            # price: Stripe refuses it at checkout, long after the editor saved it.
            models.CheckConstraint(
                condition=models.Q(amount__gte=1)
                & (
                    models.Q(minimum_custom_amount__isnull=True)
                    | models.Q(minimum_custom_amount__gte=1)
                ),
                name="plan_price_amounts_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.name}, {self.get_interval_display().lower()}"

    def save(self, *args, **kwargs) -> None:
        if not self.stripe_lookup_key:
            self.stripe_lookup_key = f"newsroom_{self.plan.slug}_{self.interval}"
        super().save(*args, **kwargs)

    @property
    def per_interval(self) -> str:
        return _("a year") if self.interval == self.Interval.YEAR else _("a month")

    @property
    def allows_custom_amount(self) -> bool:
        return self.minimum_custom_amount is not None


class MembershipQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=Membership.LIVE_STATUSES)


class Membership(models.Model):
    """A reader's membership: one per user, paid by a Stripe subscription or a gift.

    Its state mirrors the subscription in Stripe (`lifecycle.membership_apply_subscription`),
    changing only along allowed transitions; every time it starts a `MembershipStart`
    row is written (what the campaign counter counts).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the first payment")
        ACTIVE = "active", _("Active")
        PAST_DUE = "past_due", _("Payment overdue")
        CANCELLING = "cancelling", _("Cancelling at the end of the period")
        ENDED = "ended", _("Ended")

    class Source(models.TextChoices):
        SUBSCRIPTION = "subscription", _("Subscription")
        GIFT = "gift", _("Gift")

    LIVE_STATUSES = (Status.ACTIVE, Status.PAST_DUE, Status.CANCELLING)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True)
    interval = models.CharField(max_length=10, choices=PlanPrice.Interval.choices, blank=True)
    amount = models.PositiveIntegerField(null=True, blank=True, help_text=_("Minor units."))
    currency = models.CharField(max_length=3, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SUBSCRIPTION)
    stripe_customer_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    paid_through = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES


class MembershipStart(models.Model):
    """One row each time a membership starts: a new paid subscription or a redeemed gift.

    Append-only; `reference` (the subscription id, or e.g. "gift:12") makes writing
    it idempotent. Campaigns count these rows, minus those whose first payment was
    refunded (`refunded_at`).
    """

    # Empty for a gift that is paid for but not yet redeemed (see members/gifts).
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="starts", null=True, blank=True
    )
    source = models.CharField(max_length=20, choices=Membership.Source.choices)
    reference = models.CharField(max_length=255, unique=True)
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    stripe_invoice_id = models.CharField(
        max_length=255, blank=True, help_text=_("The first payment's invoice, for refunds.")
    )
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("membership start")
        verbose_name_plural = _("membership starts")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        who = self.membership.user if self.membership else self.reference
        return f"{who} started {self.started_at:%Y-%m-%d} ({self.source})"
