"""Tags in every edition.

A tag (django-taggit's `Tag`) is one subject across the editions: its own `name` and
slug are in the default language, and taggit finds and creates tags by that name when
an editor types them. Each other language may give the tag a name of its own
(`TagName`); readers of that edition see it on the tag page, in tag links and in feeds,
and the default language's name wherever none is written.

Names are read inside the queries that fetch the tags (a subquery per tag), so showing
them costs no extra query on the busiest pages.
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Subquery, TextField
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem

from newsroom.editions import language_field


class TagName(models.Model):
    """A tag's name in one language other than the default one (whose name is the
    tag's own). One per tag and language."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="names")
    language = language_field(_("The edition whose readers see this name."))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        app_label = "articles"
        verbose_name = _("name in another language")
        verbose_name_plural = _("names in other languages")
        constraints = [
            models.UniqueConstraint(fields=["tag", "language"], name="tag_name_once_per_language")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.language == settings.LANGUAGE_CODE:
            raise ValidationError(
                {"language": _("The tag's own name is its name in this language.")}
            )


def tag_name_local(*, tag: str = "pk", name: str = "name") -> models.Expression:
    """The tag's name in the active language, as an expression over a query whose `tag`
    field is the tag's id and `name` its own name; falls back to that name."""
    language = translation.get_language()
    if language == settings.LANGUAGE_CODE:
        return F(name)
    written = TagName.objects.filter(tag_id=OuterRef(tag), language=language).values("name")
    return Coalesce(Subquery(written[:1]), F(name))


def tags_with_local_names() -> models.QuerySet:
    """Tags with `local_name`, their name in the active language."""
    return Tag.objects.annotate(local_name=tag_name_local())


def tags_as_json(model: type[models.Model]) -> Subquery:
    """An object's tags as one JSON array of {name, slug}, names in the active language.

    Read in the object's own query rather than a prefetch: the article page is the
    busiest page and its query budget is tight (tests/articles/test_query_budgets.py).
    Each tag is a JSON object rendered by the database, and the objects are joined
    with commas, so names containing commas or quotes stay intact on every backend.
    """
    from .models import json_objects_joined

    tag_objects = (
        TaggedItem.objects.filter(
            object_id=OuterRef("pk"),
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        )
        .values("object_id")
        .annotate(
            joined=json_objects_joined(
                name=tag_name_local(tag="tag_id", name="tag__name"), slug="tag__slug"
            )
        )
        .values("joined")
    )
    return Subquery(tag_objects, output_field=TextField())


def tags_from_json(joined: str | None) -> list[Tag]:
    """The tags of `tags_as_json`, by name (unsaved: for showing only)."""
    # Sorted here: SQLite cannot order inside an aggregate.
    tags = sorted(json.loads(f"[{joined or ''}]"), key=lambda tag: tag["name"].casefold())
    return [Tag(name=tag["name"], slug=tag["slug"]) for tag in tags]
