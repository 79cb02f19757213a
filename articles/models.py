"""Editorial content: sections, authors, articles, News Feed briefs and Editors' Picks.

An Article belongs to one Section, has one or more Authors in a given order (through
ArticleAuthor), tags (django-taggit), an optional lead image with responsive
renditions (django-imagekit, see `articles.images`) and related articles. Briefs and
picks are managed by editors beside the articles and shown around them.
"""

import json
import math
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce, JSONObject
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField, create_sanitizer
from taggit.managers import TaggableManager

from newsroom.editions import language_field

from .body_images import body_images_keep_ours
from .images import (
    author_photo_rendition,
    lead_image_upload_to,
    rendition,
    rendition_fields,
    social_rendition,
)

# What the body editor offers; django-prose-editor derives its nh3 allowlist from the
# same list, so the sanitiser keeps exactly what the editor can produce.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    # Pictures inside the text, with a caption (imported posts carry many).
    "Figure": True,
    "Caption": True,
    "Image": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
    "SpecialCharacters": True,
}

WORDS_PER_MINUTE = 220
# The statuses readers may see (once their time has come).
LIVE_STATUSES = ["published", "scheduled"]


def json_objects_joined(**fields: str) -> StringAgg:
    """An aggregate of rows as JSON objects joined by commas; read it back with
    `json.loads(f"[{joined}]")`. The database renders each object, so values containing
    commas or quotes stay intact on every backend."""
    return StringAgg(Cast(JSONObject(**fields), TextField()), delimiter=Value(","))


class SectionQuerySet(models.QuerySet):
    NAVIGATION_CACHE_KEY = "articles:navigation-sections"

    def navigation(self) -> list["Section"]:
        """The header's sections, cached: every page shows them, editors rarely change them."""
        sections = cache.get(self.NAVIGATION_CACHE_KEY)
        if sections is None:
            sections = list(self.filter(in_navigation=True))
            cache.set(self.NAVIGATION_CACHE_KEY, sections, timeout=3600)
        return sections


class Section(models.Model):
    """A desk of the newsroom (War, Everyday life, ...). Every article is in one section."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(
        blank=True, help_text=_("One or two sentences shown at the top of the section page.")
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order in the site navigation: lower numbers come first.")
    )
    in_navigation = models.BooleanField(
        _("show in navigation"), default=True, help_text=_("List this section in the site header.")
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        cache.delete(SectionQuerySet.NAVIGATION_CACHE_KEY)

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(SectionQuerySet.NAVIGATION_CACHE_KEY)
        return result


class Author(models.Model):
    """A byline. Usually a staff member (then `user` links the account), sometimes a
    freelancer without one. Articles list their authors in order via ArticleAuthor."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(
        max_length=80, blank=True, help_text=_('Shown under the name, e.g. "Columnist".')
    )
    bio = models.TextField(blank=True, help_text=_("A short paragraph for the author page."))
    photo = models.ImageField(upload_to="authors/", blank=True)
    photo_small = author_photo_rendition()
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text=_("The staff account of this author, if any: lets them edit their own drafts."),
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def in_edition(self, language: str | None = None) -> "ArticleQuerySet":
        """Articles of one edition: the active language's (the page's) by default."""
        return self.filter(language=language or translation.get_language())

    def published(self, *, now: datetime | None = None) -> "ArticleQuerySet":
        """What readers may see, everywhere: published articles whose time has come.

        A scheduled article counts as published from its `publish_at` on, so it goes
        live at that moment without a worker having to flip its status first (the
        `article_publish_due` task does that afterwards, for the editors' lists).
        """
        now = now or timezone.now()
        return self.filter(status__in=LIVE_STATUSES, publish_at__lte=now)

    def with_translations(self) -> "ArticleQuerySet":
        """Annotate each article's published translations (and original) as a JSON list
        of {language, slug}, in the same query: the language switcher, hreflang links
        and sitemap alternates need them, and the article page's query budget is tight."""
        original_id = Coalesce(OuterRef("translation_of_id"), OuterRef("pk"))
        translations = (
            Article.objects.published()
            .filter(Q(pk=original_id) | Q(translation_of_id=original_id))
            .exclude(pk=OuterRef("pk"))
            .order_by()  # an aggregate: no ordering by ungrouped columns (PostgreSQL)
            .annotate(group=Value(1))
            .values("group")
            .annotate(joined=json_objects_joined(language="language", slug="slug"))
            .values("joined")
        )
        return self.annotate(translations_json=Subquery(translations, output_field=TextField()))

    def for_listing(self) -> "ArticleQuerySet":
        """Published, newest first, with what a card shows (section, ordered authors).

        The body is left out: cards never show it, and it is most of a row's size.
        """
        return (
            self.published()
            .select_related("section")
            .defer("body")
            .prefetch_related(
                models.Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author").order_by("position"),
                )
            )
            .order_by("-publish_at", "-pk")
        )


class Article(models.Model):
    """A story. Written by Authors (ordered, through ArticleAuthor), filed in a Section,
    tagged, optionally with a lead image and related articles. Goes through
    draft → in review → scheduled → published (and can be unpublished)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    language = language_field(
        _("The edition it appears in. A translation is a separate article."),
        verbose_name=_("language"),
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        limit_choices_to={"translation_of__isnull": True},
        help_text=_("The original story this one translates. Readers can switch between them."),
    )
    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the address. Keep it short."),
    )
    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("One or two sentences under the headline; also used in cards and feeds."),
    )
    body = ProseEditorField(
        _("body"),
        config={"extensions": BODY_EXTENSIONS},
        # Applied last to first: the allowlist from the extensions, then our images only.
        sanitize=[body_images_keep_ours, create_sanitizer],
        blank=True,
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", blank=True
    )
    tags = TaggableManager(blank=True, help_text=_("A comma-separated list of tags."))

    lead_image = models.ImageField(
        _("lead image"),
        upload_to=lead_image_upload_to,
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
    )
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    lead_image_caption = models.CharField(_("caption"), max_length=300, blank=True)
    lead_image_credit = models.CharField(
        _("credit"), max_length=150, blank=True, help_text=_("Photographer / agency.")
    )
    # Renditions (files, not database columns); see articles.images.
    lead_480_avif = rendition(480, "AVIF", 55)
    lead_960_avif = rendition(960, "AVIF", 55)
    lead_1440_avif = rendition(1440, "AVIF", 55)
    lead_480_webp = rendition(480, "WEBP", 75)
    lead_960_webp = rendition(960, "WEBP", 75)
    lead_1440_webp = rendition(1440, "WEBP", 75)
    lead_960_jpeg = rendition(960, "JPEG", 80)
    lead_social = social_rendition()

    related_articles = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name=_("related articles"),
        help_text=_("The newest published one is shown as a card inside the body."),
    )
    top_story = models.BooleanField(
        _("top story"),
        default=False,
        help_text=_("Lead the home page with this article while it is the newest."),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When it goes (or went) live. Required to schedule; now if left empty."),
    )
    updated_at = models.DateTimeField(
        _("shown as updated at"),
        null=True,
        blank=True,
        help_text=_('Readers see "Updated" with this time. Set when a correction is published.'),
    )
    correction = models.TextField(
        blank=True, help_text=_("A correction note shown to readers at the end of the article.")
    )
    reading_time = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), default=1, editable=False
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-publish_at", "-pk"]
        permissions = [
            ("publish_article", "Can schedule, publish and unpublish any article"),
        ]
        # Every reader list is "live articles of an edition (of a section), newest
        # first, a page at a time": these indexes are in that order, so a page reads
        # its 20 rows (nearly every recent row is live) and stops, whatever the size
        # of the archive. They are not partial (WHERE status IN ...): SQLite cannot
        # use a partial index for a query whose values are bound parameters, as
        # Django's are. No index leads with `status`: the planners would prefer it
        # (an equality and a range) and then sort every live article.
        indexes = [
            models.Index(fields=["language", "-publish_at", "-id"], name="article_newest"),
            models.Index(
                fields=["section", "language", "-publish_at", "-id"],
                name="article_section_newest",
            ),
            models.Index(
                fields=["top_story", "language", "-publish_at", "-id"],
                name="article_top_story_newest",
            ),
            # The publish-when-due task's "scheduled and due" (PostgreSQL uses it).
            models.Index(
                fields=["publish_at"], condition=Q(status="scheduled"), name="article_scheduled_due"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_of", "language"], name="article_one_translation_per_language"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(publish_at__isnull=False),
                name="article_live_has_publish_time",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        # The admin form sanitises when it validates; this catches every other way
        # in (imports, the shell, the demo), so stored HTML is always clean.
        self.body = self._meta.get_field("body").sanitize(self.body or "")
        self.reading_time = reading_time_minutes(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "reading_time"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        # In the article's own edition, whichever page links to it.
        with translation.override(self.language):
            return reverse("articles:article", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.translation_of_id and self.translation_of.language == self.language:
            raise ValidationError(
                {"language": "A translation is in another language than its original."}
            )

    def edition_urls(self) -> dict[str, str]:
        """{language: path} of this story in every edition where it is published (needs
        `with_translations()`); its own language first."""
        urls = {self.language: self.get_absolute_url()}
        for other in json.loads(f"[{getattr(self, 'translations_json', None) or ''}]"):
            other_article = Article(language=other["language"], slug=other["slug"])
            urls.setdefault(other["language"], other_article.get_absolute_url())
        return urls

    def translation_group(self) -> "ArticleQuerySet":
        """This story in every language: the original and all its translations."""
        original_id = self.translation_of_id or self.pk
        return Article.objects.filter(Q(pk=original_id) | Q(translation_of_id=original_id))

    def is_live(self, *, now: datetime | None = None) -> bool:
        """Whether readers can see it now (the same rule as `published()`)."""
        now = now or timezone.now()
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.publish_at is not None
            and self.publish_at <= now
        )

    @property
    def ordered_authors(self) -> list[Author]:
        """Authors in byline order; uses the prefetch from `for_listing()` when there."""
        return [link.author for link in self.article_authors.all()]

    def lead_image_sources(self) -> list[dict]:
        """<source> elements for a <picture>: AVIF then WebP, each with a width srcset."""
        return rendition_fields(self)


class ArticleAuthor(models.Model):
    """One author's place in an article's byline."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = _("authors")
        ordering = ["position", "pk"]
        verbose_name = _("author")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="article_author_once")
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"


class BriefQuerySet(models.QuerySet):
    def in_edition(self, language: str | None = None) -> "BriefQuerySet":
        return self.filter(language=language or translation.get_language())

    def published(self, *, now: datetime | None = None) -> "BriefQuerySet":
        """Briefs whose time has come, with the linked article in the same query."""
        return (
            self.filter(published_at__lte=now or timezone.now())
            .select_related("article")
            .defer("article__body")
        )


class Brief(models.Model):
    """A News Feed item: a timestamped one-line headline with a short text, optionally
    linking to an article or elsewhere. Shown beside articles and on the News Feed page."""

    language = language_field(_("The edition whose News Feed shows it."))
    published_at = models.DateTimeField(
        _("time"),
        default=timezone.now,
        db_index=True,
        help_text=_("Shown to readers; future = later."),
    )
    headline = models.CharField(max_length=200)
    text = models.TextField(blank=True, help_text=_("A short paragraph or quote. Plain text."))
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Optional: one of our articles to read more (linked once it is published)."),
    )
    link = models.URLField(
        blank=True, help_text=_("Optional: an outside address to read more, if no article.")
    )

    objects = BriefQuerySet.as_manager()

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("articles:brief", kwargs={"pk": self.pk})

    @property
    def read_more_url(self) -> str:
        if self.article_id and self.article.is_live():
            return self.article.get_absolute_url()
        return self.link


class EditorsPick(models.Model):
    """An article hand-picked by editors, in the order they chose. Only published
    articles are shown, so a pick of an unpublished article simply disappears."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="editors_pick")
    position = models.PositiveSmallIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("editors' pick")
        verbose_name_plural = _("editors' picks")

    def __str__(self) -> str:
        return str(self.article)


def reading_time_minutes(html: str) -> int:
    words = len(strip_tags(html or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


from .audio.models import ArticleAudio  # noqa: E402, F401  (the audio feature's model)
from .importers.models import ImportedItem, ImportRun  # noqa: E402, F401  (moving in)
from .tags import TagName  # noqa: E402, F401  (tags' names in other languages)
