"""Redirects from old addresses (an imported site's permalinks, or ones editors add).

A redirect points at a path or URL typed by an editor, or at an object (an article,
section, author or tag) whose current address is asked for when a reader arrives,
so it stays right when slugs or URL prefixes change. Like django.contrib.redirects,
the table is consulted only when a page is not found, so normal pages pay nothing;
the one exception is the site root with a WordPress query (`/?p=123`), which would
otherwise show the home page.
"""

from urllib.parse import unquote, urlencode, urlsplit

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

# WordPress answers these on its root address; nothing of ours uses them there.
LEGACY_ROOT_QUERY_KEYS = ("p", "page_id", "cat", "tag", "author", "attachment_id")


def redirect_path_normalise(address: str) -> str:
    """The form old addresses are stored and looked up in: a decoded path starting
    with "/", plus "?key=value" for the root's legacy queries. Accepts full URLs."""
    parts = urlsplit(address.strip())
    path = unquote(parts.path or "/")
    if not path.startswith("/"):
        path = "/" + path
    if parts.query:
        return f"{path}?{parts.query}"
    return path


def legacy_root_addresses(request_path: str, query: dict) -> list[str]:
    """Stored forms of `/?p=123` and friends present in a request to the root."""
    if request_path != "/":
        return []
    return [
        f"/?{urlencode({key: query[key]})}" for key in LEGACY_ROOT_QUERY_KEYS if query.get(key, "")
    ]


class RedirectQuerySet(models.QuerySet):
    def target_for(self, candidates: list[str]) -> str | None:
        """The address to send a reader to for the first old address that has one."""
        if not candidates:
            return None
        found = {r.old_path: r for r in self.filter(old_path__in=candidates)}
        for candidate in candidates:
            redirect = found.get(candidate)
            if redirect is not None:
                target = redirect.target_url()
                if target:
                    return target
        return None


class Redirect(models.Model):
    """An old address answered with a permanent (301) redirect to a new one.

    Either `new_path` (typed by an editor) or `target` (an object, set by importers)
    says where to; the object's current address wins when both are set.
    """

    old_path = models.CharField(
        "old address",
        max_length=500,
        unique=True,
        help_text='A path on this site, e.g. "/2024/05/14/old-slug/" or "/?p=123".',
    )
    new_path = models.CharField(
        "new address",
        max_length=500,
        blank=True,
        help_text='Where to send readers: a path such as "/articles/new-slug/" or a full URL.',
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    note = models.CharField(
        max_length=200, blank=True, help_text="Where this came from, e.g. the import that made it."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.target_url() or '(nowhere)'}"

    def save(self, *args, **kwargs) -> None:
        self.old_path = redirect_path_normalise(self.old_path)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.old_path = redirect_path_normalise(self.old_path)
        if not self.new_path and self.target_id is None:
            raise ValidationError({"new_path": "Say where readers should be sent."})
        if self.new_path and self.new_path.strip() == self.old_path:
            raise ValidationError({"new_path": "A redirect to itself would loop."})

    def target_url(self) -> str:
        target = self.target if self.target_id is not None else None
        if target is not None and hasattr(target, "get_absolute_url"):
            return target.get_absolute_url()
        return self.new_path
