"""What the importers remember between runs."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    WORDPRESS = "wordpress", _("WordPress")
    GHOST = "ghost", _("Ghost")


class ImportedItem(models.Model):
    """One item of a source system (a WordPress post, a Ghost tag, ...) and the object
    it became here. Running an import again finds the object through this row, so it
    is updated rather than duplicated; `fingerprint` tells whether it changed."""

    source = models.CharField(max_length=20, choices=Source.choices)
    site = models.CharField(
        max_length=200, help_text=_("The source site's address: two sites' ids never clash.")
    )
    kind = models.CharField(max_length=30)
    source_id = models.CharField(max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    fingerprint = models.CharField(max_length=64, blank=True)
    details = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("What later runs compare, e.g. the lead image's address."),
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "site", "kind", "source_id"], name="imported_item_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.kind} {self.source_id}"


class ImportRun(models.Model):
    """An import started from the admin: the uploaded file, its dry-run preview, then
    the real import with its progress and report. The work runs in background tasks
    (`articles.importers.tasks`), so large exports do not hold a web request."""

    class Status(models.TextChoices):
        PREVIEWING = "previewing", _("Preparing the preview")
        PREVIEWED = "previewed", _("Preview ready")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    source = models.CharField(max_length=20, choices=Source.choices)
    filename = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWING)
    preview = models.JSONField(null=True, blank=True, editable=False)
    report = models.JSONField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    items_done = models.PositiveIntegerField(default=0)
    items_total = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return f"{self.get_source_display()} import of {self.filename}"

    @property
    def percent_done(self) -> int:
        if not self.items_total:
            return 0
        return min(100, round(100 * self.items_done / self.items_total))

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.PREVIEWING, self.Status.IMPORTING)
