"""Newsletters: what readers sign up for, who signed up, what is sent, and to whom.

A `Newsletter` has `NewsletterSubscription`s (one per address, double opt-in) and
`NewsletterIssue`s written by editors. Sending an issue creates one
`NewsletterDelivery` per confirmed subscription up front; the deliveries are the
send's to-do list and its record, so a crashed send resumes where it stopped.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from articles.models import BODY_EXTENSIONS
from newsroom.editions import language_field

__all__ = [
    "Newsletter",
    "NewsletterDelivery",
    "NewsletterIssue",
    "NewsletterIssueArticle",
    "NewsletterSubscription",
    "SubscriberImport",
]

# Issues are edited like articles: the same editor, extensions and nh3 sanitising.
BODY_CONFIG = {"extensions": BODY_EXTENSIONS}


def email_normalize(email: str) -> str:
    """Addresses are stored lower-cased, so one reader is one subscription."""
    return email.strip().lower()


class Cadence(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    OCCASIONAL = "occasional", _("When there is news")


class NewsletterQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_edition(self, language: str | None = None):
        """Newsletters of one edition: the page's language by default."""
        return self.filter(language=language or get_language())


class Newsletter(models.Model):
    """A named newsletter readers subscribe to; editors send its issues.

    Optionally written by one `articles.Author` (a columnist's newsletter).
    """

    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True, help_text=_("Used in addresses and CSV files."))
    language = language_field(
        _("The edition it belongs to: listed there, and its issues are written in this language.")
    )
    description = models.TextField(
        help_text=_("One or two sentences on the signup form: what readers get and how often.")
    )
    author = models.ForeignKey(
        "articles.Author",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletters",
        help_text=_("The columnist who writes it, if one does; shown with the signup form."),
    )
    cadence = models.CharField(max_length=20, choices=Cadence, default=Cadence.WEEKLY)
    members_only = models.BooleanField(
        default=False, help_text=_("Only readers with an active membership can subscribe.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive newsletters are hidden from readers.")
    )
    is_featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Offered in the compact signup form on the home and article pages."),
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Lower numbers are listed first.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NewsletterQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=NewsletterSubscription.Status.CONFIRMED)


class NewsletterSubscription(models.Model):
    """One address's subscription to one newsletter.

    Double opt-in: a signup creates a pending subscription, and only the signed
    link in the confirmation email (or a signed-in reader with that verified
    address) makes it confirmed. Rows are never deleted on unsubscribe, so the
    reader's choice is remembered and an import cannot silently resubscribe them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Source(models.TextChoices):
        SIGNUP = "signup", _("Signup form")
        ACCOUNT = "account", _("Account page")
        IMPORT = "import", _("CSV import")

    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField()
    language = language_field(_("The edition the reader signed up in: their emails use it."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_subscriptions",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    source = models.CharField(max_length=20, choices=Source, default=Source.SIGNUP)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        ordering = ["newsletter", "email"]
        # The CSV export hands out every reader's address and an import can confirm
        # or silence a whole list, so each needs its own permission (see
        # IMPORT_EXPORT_*_PERMISSION_CODE in settings), not just access to the admin.
        permissions = [
            ("export_newslettersubscription", "Can export subscriber addresses"),
            ("import_newslettersubscription", "Can import subscribers from a file"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "email"], name="newsletter_subscription_unique_email"
            )
        ]
        indexes = [models.Index(fields=["newsletter", "status"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.newsletter}"

    def save(self, *args, **kwargs):
        self.email = email_normalize(self.email)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    def confirm(self) -> bool:
        """Confirm a pending subscription. Returns whether anything changed."""
        if self.status == self.Status.CONFIRMED:
            return False
        self.status = self.Status.CONFIRMED
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        return True

    def unsubscribe(self) -> bool:
        """Unsubscribe (from any state). Returns whether anything changed."""
        if self.status == self.Status.UNSUBSCRIBED:
            return False
        self.status = self.Status.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        self.save(update_fields=["status", "unsubscribed_at"])
        return True


class SubscriberImport(models.Model):
    """The record of one confirmed CSV import of subscribers: who ran it, when, and
    what it did. Addresses marked confirmed by a file were never confirmed by their
    readers here, so the outlet must be able to say who vouched for them."""

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=255, blank=True)
    added = models.PositiveIntegerField(default=0, help_text=_("New addresses."))
    updated = models.PositiveIntegerField(default=0, help_text=_("Existing addresses changed."))
    marked_confirmed = models.PositiveIntegerField(
        default=0,
        help_text=_("Addresses the file marked confirmed that were not confirmed before."),
    )

    class Meta:
        verbose_name = _("subscriber import")
        verbose_name_plural = _("subscriber imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name or 'import'} ({self.imported_at:%Y-%m-%d %H:%M})"


class NewsletterIssue(models.Model):
    """One edition of a newsletter: written in the admin, tested, then sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="issues")
    subject = models.CharField(max_length=200, help_text=_("The email's subject line."))
    body = ProseEditorField(
        config=BODY_CONFIG,
        sanitize=True,
        blank=True,
        help_text=_("The letter itself. Chosen articles are listed after it."),
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    send_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    send_finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    recipients_total = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at"]
        permissions = [("send_newsletterissue", "Can send newsletter issues to subscribers")]

    def __str__(self) -> str:
        return self.subject

    def save(self, *args, **kwargs) -> None:
        # The admin form sanitises when it validates; this catches every other way
        # in (scripts, the shell), as articles do.
        self.body = self._meta.get_field("body").sanitize(self.body or "")
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def progress(self) -> dict[str, int]:
        """Delivery counts by status, plus the total, for the admin."""
        counts = dict(
            self.deliveries.values_list("status").annotate(n=models.Count("pk")).order_by()
        )
        result = {status: counts.get(status, 0) for status in NewsletterDelivery.Status.values}
        result["total"] = sum(counts.values())
        return result


class NewsletterIssueArticle(models.Model):
    """An article chosen for an issue, listed after its body in this order."""

    issue = models.ForeignKey(
        NewsletterIssue, on_delete=models.CASCADE, related_name="chosen_articles"
    )
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = _("chosen articles")
        ordering = ["position", "pk"]
        verbose_name = _("chosen article")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "article"], name="newsletter_issue_article_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.article)


class NewsletterDelivery(models.Model):
    """One issue to one subscriber: created when the send starts, marked as it goes.

    The unique constraint makes "one copy per subscriber" a database fact; the
    status is the send's progress (see `members.newsletters.sending`).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (unsubscribed meanwhile)")

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        NewsletterSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    email = models.EmailField()
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        ordering = ["pk"]
        verbose_name_plural = _("newsletter deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscription"], name="newsletter_delivery_once_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self) -> str:
        return f"{self.issue} → {self.email}"
