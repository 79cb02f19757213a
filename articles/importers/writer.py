"""Turning records into articles, authors, sections, tags, images and redirects.

Everything is keyed on the source system's ids through ImportedItem: a second run
finds what the first made and updates it (or leaves it when its fingerprint is
unchanged). Each post is written in its own transaction, so one bad item is
skipped with its reason and the rest go on.
"""

import logging
import posixpath
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from taggit.models import Tag

from newsroom.redirects import Redirect, redirect_path_normalise

from ..models import Article, ArticleAuthor, Author, ImportedItem, Section
from .bodies import convert_body
from .media import ImageFetcher
from .records import ImportReport, PersonRecord, PostRecord, TermRecord

logger = logging.getLogger(__name__)

HEADLINE_MAX = Article._meta.get_field("headline").max_length
SLUG_MAX = Article._meta.get_field("slug").max_length


IMAGE_FILE = re.compile(r"[^\s\"'<>()]+\.(?:jpe?g|png|gif|webp|avif)\b", re.IGNORECASE)
GALLERY_IDS = re.compile(r"\bids=[\"']?([\d, ]+)")
SIZE_SUFFIX = re.compile(r"-\d+x\d+$")


def image_file_stem(url: str) -> str:
    """An image's file name without WordPress's "-150x150" size suffix or extension."""
    name = posixpath.basename(urlsplit(url).path)
    return SIZE_SUFFIX.sub("", posixpath.splitext(name)[0])


class ItemFailed(Exception):
    """One item cannot be imported; the reason goes into the report."""


class ImportWriter:
    def __init__(
        self,
        *,
        source: str,
        site: str,
        report: ImportReport,
        images: ImageFetcher,
        default_section: str = "News",
    ):
        self.source = source
        self.site = site[:200]
        self.report = report
        self.images = images
        self.default_section_name = default_section
        self.note = f"Imported from {dict(ImportedItem._meta.get_field('source').choices)[source]}"
        self._cache: dict[tuple[str, str], Model] = {}

    # -- the source-id ledger ---------------------------------------------------
    def _ledger(self, kind: str, source_id: str) -> ImportedItem | None:
        return (
            ImportedItem.objects.filter(
                source=self.source, site=self.site, kind=kind, source_id=source_id
            )
            .select_related("content_type")
            .first()
        )

    def _remember(self, kind: str, source_id: str, obj: Model, **values) -> ImportedItem:
        item, _ = ImportedItem.objects.update_or_create(
            source=self.source,
            site=self.site,
            kind=kind,
            source_id=source_id,
            defaults={
                "content_type": ContentType.objects.get_for_model(obj),
                "object_id": obj.pk,
                **values,
            },
        )
        return item

    def _redirects(self, old_paths: Iterable[str], obj: Model, new_path: str = "") -> None:
        content_type = ContentType.objects.get_for_model(obj)
        for old_path in old_paths:
            path = redirect_path_normalise(old_path)
            if path == "/" or path == new_path:
                continue
            existing = Redirect.objects.filter(old_path=path).first()
            if existing is not None and existing.note != self.note:
                # An editor's own redirect for this address wins over an import's.
                continue
            Redirect.objects.update_or_create(
                old_path=path,
                defaults={
                    "target_type": content_type,
                    "target_id": obj.pk,
                    "new_path": new_path,
                    "note": self.note,
                },
            )

    # -- people and terms ------------------------------------------------------
    def author(self, person: PersonRecord) -> Author:
        key = ("author", person.source_id)
        if key in self._cache:
            return self._cache[key]
        item = self._ledger("author", person.source_id)
        author = item.target if item else None
        if author is None:
            author = Author.objects.filter(slug=person.slug).first()
            if author is None:
                author = Author.objects.create(
                    name=person.name[:120], slug=person.slug[:120], bio=person.bio
                )
                self.report.count("created", "authors")
            else:
                self.report.count("unchanged", "authors")
        else:
            changed = []
            if person.name and author.name != person.name[:120]:
                author.name = person.name[:120]
                changed.append("name")
            if person.bio and author.bio != person.bio:
                author.bio = person.bio
                changed.append("bio")
            if changed:
                author.save(update_fields=changed)
                self.report.count("updated", "authors")
            else:
                self.report.count("unchanged", "authors")
        self._remember("author", person.source_id, author)
        self._redirects(person.old_paths, author)
        self._cache[key] = author
        return author

    def section(self, term: TermRecord | None) -> Section:
        if term is None:
            term = TermRecord(kind="section", source_id="", name=self.default_section_name, slug="")
        key = ("section", term.source_id)
        if key in self._cache:
            return self._cache[key]
        item = self._ledger("section", term.source_id) if term.source_id else None
        section = item.target if item else None
        if section is None:
            from django.utils.text import slugify

            slug = (term.slug or slugify(term.name) or "news")[:80]
            section = (
                Section.objects.filter(slug=slug).first()
                or Section.objects.filter(name=term.name[:80]).first()
            )
            if section is None:
                section = Section.objects.create(
                    name=term.name[:80],
                    slug=slug,
                    description=term.description,
                    # Imported categories are many and small; editors choose which to show.
                    in_navigation=False,
                    position=100,
                )
                self.report.count("created", "sections")
            else:
                self.report.count("unchanged", "sections")
        else:
            self.report.count("unchanged", "sections")
        if term.source_id:
            self._remember("section", term.source_id, section)
            self._redirects(term.old_paths, section)
        self._cache[key] = section
        return section

    def tag(self, term: TermRecord) -> Tag:
        key = ("tag", term.source_id)
        if key in self._cache:
            return self._cache[key]
        from django.utils.text import slugify

        slug = slugify(term.slug) or slugify(term.name) or None
        tag = Tag.objects.filter(slug=slug).first() if slug else None
        tag = tag or Tag.objects.filter(name=term.name[:100]).first()
        if tag is None:
            tag = Tag.objects.create(name=term.name[:100], slug=(slug or "")[:100] or None)
            self.report.count("created", "tags")
        self._remember("tag", term.source_id, tag)
        self._redirects(term.old_paths, tag, new_path=reverse("articles:tag", args=[tag.slug]))
        self._cache[key] = tag
        return tag

    # -- posts -----------------------------------------------------------------
    def post(self, record: PostRecord, *, gallery=None) -> None:
        """Import one post, or record why not; never raises for a bad item."""
        if record.skip_reason:
            self.report.skip(record.label, record.skip_reason)
            return
        try:
            with transaction.atomic():
                self._post(record, gallery=gallery)
        except (ItemFailed, DatabaseError, ValueError) as error:
            logger.warning("import: %s skipped: %s", record.label, error)
            self.report.skip(record.label, str(error) or type(error).__name__)

    def _unique_slug(self, slug: str, article_pk: int | None) -> str:
        slug = slug[:SLUG_MAX].strip("-") or "article"
        candidate, number = slug, 2
        while Article.objects.filter(slug=candidate).exclude(pk=article_pk).exists():
            suffix = f"-{number}"
            candidate = slug[: SLUG_MAX - len(suffix)] + suffix
            number += 1
        return candidate

    def _note_references(self, record: PostRecord, gallery) -> None:
        urls = IMAGE_FILE.findall(record.body_html)
        if record.lead_image:
            urls.append(record.lead_image.url)
        if gallery is not None and "[gallery" in record.body_html:
            ids = [
                part.strip()
                for group in GALLERY_IDS.findall(record.body_html)
                for part in group.split(",")
                if part.strip()
            ]
            urls += [url for url, *_ in gallery(ids)]
        self.report.referenced_files.update(image_file_stem(url) for url in urls)

    def _post(self, record: PostRecord, *, gallery=None) -> None:
        self._note_references(record, gallery)
        fingerprint = record.fingerprint()
        item = self._ledger("post", record.source_id)
        article = item.target if item else None
        if article is not None and item.fingerprint == fingerprint:
            self.report.count("unchanged", "articles")
            self._redirects(record.old_paths, article)
            return
        if not record.title.strip() and not record.body_html.strip():
            raise ItemFailed("no title and no text")

        section = self.section(record.section)
        authors = [self.author(person) for person in record.authors]
        tags = [self.tag(term) for term in record.tags]

        failures_before = len(self.images.failures)
        body = convert_body(
            record.body_html,
            resolve=lambda url, attachment: self.images.body_url(url),
            gallery=gallery,
            wordpress=self.source == "wordpress",
        )
        for warning in body.warnings:
            self.report.warn(f"{record.label}: {warning}")

        creating = article is None
        if creating:
            article = Article()
        headline = record.title.strip() or Truncator(record.excerpt or record.slug).chars(80)
        if len(headline) > HEADLINE_MAX:
            self.report.warn(f"{record.label}: headline shortened to {HEADLINE_MAX} characters")
        article.headline = Truncator(headline).chars(HEADLINE_MAX)
        article.slug = self._unique_slug(record.slug, article.pk)
        if article.slug != record.slug[:SLUG_MAX]:
            self.report.warn(
                f"{record.label}: the address “{record.slug}” was taken, so it is “{article.slug}”"
            )
        article.standfirst = record.excerpt.strip()
        article.body = body.html
        article.section = section
        article.status = record.status
        article.publish_at = record.publish_at
        if record.status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED):
            article.publish_at = article.publish_at or timezone.now()
        lead_source = record.lead_image.url if record.lead_image else ""
        previous_lead = item.details.get("lead_image", "") if item else ""
        if record.lead_image:
            article.lead_image_alt = record.lead_image.alt[:250]
            article.lead_image_caption = Truncator(record.lead_image.caption).chars(300)
            article.lead_image_credit = record.lead_image.credit[:150]
            if lead_source != previous_lead or not article.lead_image:
                fetched = self.images.fetch(lead_source)
                if fetched is None:
                    lead_source = previous_lead
                elif not self.images.dry_run:
                    # The stored copy itself, shared with any body that shows it too.
                    article.lead_image = fetched.name
                    Article._meta.get_field("lead_image").update_dimension_fields(
                        article, force=True
                    )
        elif previous_lead:
            article.lead_image = None
        for failure in self.images.failures[failures_before:]:
            self.report.warn(f"{record.label}: image left out: {failure}")
        article.save()

        ArticleAuthor.objects.filter(article=article).delete()
        seen = set()
        for position, author in enumerate(authors):
            if author.pk not in seen:
                seen.add(author.pk)
                ArticleAuthor.objects.create(article=article, author=author, position=position)
        article.tags.set(tags)

        self._remember(
            "post",
            record.source_id,
            article,
            fingerprint=fingerprint,
            details={"lead_image": lead_source},
        )
        self._redirects(record.old_paths, article)
        for warning in record.warnings:
            self.report.warn(warning)
        self.report.count("created" if creating else "updated", "articles")
        self.report.articles.append(
            ("created" if creating else "updated", record.status, article.headline)
        )
