from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StripeEvent(models.Model):
    """One Stripe webhook event, recorded once by its id, with what we did about it.

    The unique `stripe_event_id` makes a redelivered event a no-op; `status`,
    `result` and `error` are what staff see in the admin, where failed events can
    be reprocessed.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored (not ours)")
        RETRY = "retry", _("Waiting for Stripe to retry")
        FAILED = "failed", _("Failed")

    stripe_event_id = models.CharField(_("Stripe event id"), max_length=255, unique=True)
    type = models.CharField(max_length=255, db_index=True)
    payload = models.JSONField(help_text=_("The event exactly as Stripe sent it."))
    created = models.DateTimeField(help_text=_("When Stripe created the event."))
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    result = models.TextField(blank=True, help_text=_("What the handlers did."))
    error = models.TextField(blank=True, help_text=_("Why processing failed, if it did."))
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]
        verbose_name = _("Stripe event")

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_event_id}"

    @property
    def is_done(self) -> bool:
        return self.status in {self.Status.PROCESSED, self.Status.IGNORED}

    @property
    def data_object(self) -> dict:
        return (self.payload.get("data") or {}).get("object") or {}
