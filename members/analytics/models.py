from django.db import models
from django.utils.translation import gettext_lazy as _


class DailySalt(models.Model):
    """The random salt of one newsroom day, mixed into every reader's hash that day.

    Deleted once the day is over (`flush.salts_rotate`), after which no hash made with
    it can be recomputed: a reader cannot be recognised from one day to the next.
    """

    day = models.DateField(unique=True)
    salt = models.BinaryField(max_length=32)

    class Meta:
        verbose_name = _("daily salt")
        verbose_name_plural = _("daily salts")

    def __str__(self) -> str:
        return f"salt of {self.day}"


class SiteDay(models.Model):
    """Page views and unique readers on the whole site on one day.

    `sketch` is a HyperLogLog sketch (Apache DataSketches) of that day's reader
    hashes: it holds no hash, only enough to estimate how many distinct readers
    there were, and batches merge into it as they are flushed.
    """

    day = models.DateField(unique=True)
    views = models.PositiveIntegerField(default=0)
    readers = models.PositiveIntegerField(default=0)
    sketch = models.BinaryField(editable=False, default=b"")

    class Meta:
        ordering = ["day"]
        verbose_name = _("reader analytics")
        verbose_name_plural = _("reader analytics")

    def __str__(self) -> str:
        return f"{self.day}: {self.views} views, {self.readers} readers"


class PageDay(models.Model):
    """Page views and unique readers of one page (path) on one day.

    Article and section are filled in when the path is an article or section page,
    so the dashboard can group by them without parsing paths.
    """

    day = models.DateField()
    path = models.CharField(max_length=300)
    article = models.ForeignKey(
        "articles.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    section = models.ForeignKey(
        "articles.Section", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    views = models.PositiveIntegerField(default=0)
    readers = models.PositiveIntegerField(default=0)
    sketch = models.BinaryField(editable=False, default=b"")

    class Meta:
        verbose_name = _("page day")
        verbose_name_plural = _("page days")
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="page_day_unique")]
        indexes = [models.Index(fields=["article", "day"]), models.Index(fields=["section", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.path}: {self.views}"


class ReferrerDay(models.Model):
    """Page views arriving from another site (its domain only) on one day."""

    day = models.DateField()
    domain = models.CharField(max_length=255)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("referrer day")
        verbose_name_plural = _("referrer days")
        constraints = [
            models.UniqueConstraint(fields=["day", "domain"], name="referrer_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.domain}: {self.views}"


class UtmDay(models.Model):
    """Page views carrying UTM campaign parameters (utm_source/medium/campaign) on one day."""

    day = models.DateField()
    source = models.CharField(max_length=100, blank=True)
    medium = models.CharField(max_length=100, blank=True)
    campaign = models.CharField(max_length=100, blank=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("utm day")
        verbose_name_plural = _("utm days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "source", "medium", "campaign"], name="utm_day_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.source}/{self.medium}/{self.campaign}: {self.views}"


class EventDay(models.Model):
    """How often something in the membership funnel happened on one day.

    `campaign_id` is the campaign whose banner led there (0 for none), kept as a plain
    number so a deleted campaign's history stays; `detail` narrows the event
    (the page a newsletter signup came from, "membership" or "gift" for a checkout).
    """

    class Kind(models.TextChoices):
        BANNER_IMPRESSION = "banner_impression", _("banner impression")
        BANNER_CLICK = "banner_click", _("banner click")
        MEMBERSHIP_PAGE = "membership_page", _("membership page view")
        GIFT_PAGE = "gift_page", _("gift page view")
        CHECKOUT_STARTED = "checkout_started", _("checkout started")
        NEWSLETTER_SIGNUP = "newsletter_signup", _("newsletter signup")

    day = models.DateField()
    kind = models.CharField(max_length=30, choices=Kind.choices)
    campaign_id = models.PositiveIntegerField(default=0)
    detail = models.CharField(max_length=300, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("event day")
        verbose_name_plural = _("event days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "campaign_id", "detail"], name="event_day_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} ({self.campaign_id}): {self.count}"


class Conversion(models.Model):
    """What brought a reader who paid: one row per paid membership or gift checkout.

    Written from the Checkout Session's metadata by `attribution.conversion_record`,
    which fulfilment calls whether the webhook or the thank-you page comes first
    (`reference`, the subscription id or the gift's session id, makes it
    idempotent). `last_path` is the page the reader was on when they went to the
    membership or gift page (last touch), `landing_path` the first page of their
    visit; `campaign_id` and `via` name the banner or newsletter that led there.
    """

    class Kind(models.TextChoices):
        MEMBERSHIP = "membership", _("membership")
        GIFT = "gift", _("gift")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    reference = models.CharField(
        max_length=255,
        unique=True,
        help_text=_("Stripe subscription id, or gift checkout session id."),
    )
    paid_at = models.DateTimeField()
    day = models.DateField(help_text=_("The newsroom's calendar day it was paid."))
    article = models.ForeignKey(
        "articles.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_path = models.CharField(max_length=300, blank=True)
    landing_path = models.CharField(max_length=300, blank=True)
    campaign_id = models.PositiveIntegerField(default=0)
    via = models.CharField(max_length=30, blank=True, help_text=_("banner, newsletter, ..."))
    referrer_domain = models.CharField(max_length=255, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("conversion")
        verbose_name_plural = _("conversions")
        indexes = [models.Index(fields=["day"]), models.Index(fields=["article", "day"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.day} from {self.last_path or 'unknown'}"
