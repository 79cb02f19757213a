import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.money import MinorUnitsField, currency_validate
from newsroom.editions import language_field

# How long a paid gift can wait to be redeemed.
UNCLAIMED_EXPIRY = timedelta(days=365)


def gift_code_new() -> str:
    """A redemption code: 32 URL-safe characters (192 random bits), unguessable."""
    return secrets.token_urlsafe(24)


class GiftPrice(models.Model):
    """What a gift membership of a given length costs (editable in the admin)."""

    class Duration(models.IntegerChoices):
        ONE = 1, _("1 month")
        THREE = 3, _("3 months")
        SIX = 6, _("6 months")
        TWELVE = 12, _("12 months")

    duration_months = models.PositiveSmallIntegerField(choices=Duration.choices, unique=True)
    amount = MinorUnitsField(help_text=_("In minor units: 1500 is 15.00."))
    currency = models.CharField(
        max_length=3,
        default="eur",
        validators=[currency_validate],
        help_text=_("ISO code, e.g. eur."),
    )
    active = models.BooleanField(default=True, help_text=_("Only active durations are offered."))

    class Meta:
        verbose_name = _("gift price")
        verbose_name_plural = _("gift prices")
        ordering = ["duration_months"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=1), name="gift_price_positive")
        ]

    def __str__(self) -> str:
        return self.get_duration_months_display()


class GiftQuerySet(models.QuerySet):
    def due_for_delivery(self, today):
        """Paid gifts whose delivery date (in the newsroom's timezone) has come."""
        return self.filter(status__in=Gift.DELIVERABLE_STATUSES, deliver_on__lte=today)

    def unclaimed_past(self, moment):
        return self.filter(status__in=Gift.REDEEMABLE_STATUSES, expires_at__lte=moment)


class Gift(models.Model):
    """A gift membership bought by a giver (maybe anonymous) for a recipient.

    Paid once through Stripe Checkout (`stripe_checkout_session_id`), emailed to
    the recipient on `deliver_on`, and redeemed once with `code` into the
    recipient's `Membership`. The price is copied from `GiftPrice` at purchase,
    so editing prices later does not change gifts already bought.
    """

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        PAYMENT_FAILED = "payment_failed", _("Payment failed")
        PAID = "paid", _("Paid")
        SCHEDULED = "scheduled", _("Scheduled")
        DELIVERED = "delivered", _("Delivered")
        REDEEMED = "redeemed", _("Redeemed")
        EXPIRED = "expired", _("Expired")
        REFUNDED = "refunded", _("Refunded")

    DELIVERABLE_STATUSES = (Status.PAID, Status.SCHEDULED)
    REDEEMABLE_STATUSES = (Status.PAID, Status.SCHEDULED, Status.DELIVERED)

    price = models.ForeignKey(GiftPrice, on_delete=models.SET_NULL, null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(choices=GiftPrice.Duration.choices)
    amount = models.PositiveIntegerField(help_text=_("Minor units, as paid."))
    currency = models.CharField(max_length=3)

    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gifts_given",
        help_text=_("The giver's account, if they were signed in."),
    )
    giver_name = models.CharField(max_length=200)
    giver_email = models.EmailField()
    language = language_field(
        _("The edition the gift was bought in: the giver's and the recipient's emails use it.")
    )
    recipient_name = models.CharField(max_length=200)
    recipient_email = models.EmailField()
    message = models.TextField(blank=True, max_length=1000)
    deliver_on = models.DateField(
        help_text=_("The day the recipient gets the email (newsroom time).")
    )

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT, db_index=True
    )
    code = models.CharField(max_length=64, unique=True, default=gift_code_new, editable=False)
    attempt = models.UUIDField(unique=True, help_text=_("The gift form submission that made it."))
    stripe_checkout_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    stripe_payment_intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)

    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gifts_redeemed",
    )
    membership = models.ForeignKey(
        "members.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gifts",
    )

    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text=_("Unclaimed until then."))
    delivered_at = models.DateTimeField(null=True, blank=True)
    redeemed_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    continue_invited_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the member was invited to continue paying.")
    )

    objects = GiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["giver_email"]), models.Index(fields=["recipient_email"])]

    def __str__(self) -> str:
        return f"Gift {self.pk}: {self.get_duration_months_display()} for {self.recipient_email}"
