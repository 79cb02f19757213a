"""Reading WordPress eXtended RSS (WXR 1.0 to 1.2) exports, streamed.

The file is read twice with lxml's iterparse, each element freed once handled, so
memory stays bounded whatever the size: the first pass checks the whole file (a
truncated or malformed export is refused before anything is saved) and collects
what posts refer to (authors, categories, tags, attachments); the second yields
posts one at a time. Entities are never expanded, DTDs are refused and nothing is
fetched over the network while parsing, so a hostile file cannot blow up memory or
reach out.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import slugify
from lxml import etree

from .records import ImageRecord, ImportFormatError, PersonRecord, PostRecord, TermRecord

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
# WordPress has written http:// and https:// forms of its namespaces over the years.
WP_NS = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")

STATUSES = {
    "publish": "published",
    "future": "scheduled",
    "draft": "draft",
    "pending": "review",
    # Private posts are visible to logged-in editors only in WordPress: unpublished here.
    "private": "unpublished",
}


def _namespace_kind(namespace: str | None) -> str:
    if not namespace:
        return ""
    if namespace == CONTENT_NS:
        return "content"
    if namespace == DC_NS:
        return "dc"
    if EXCERPT_NS.match(namespace):
        return "excerpt"
    if WP_NS.match(namespace):
        return "wp"
    return "other"


def _key(element) -> str:
    qname = etree.QName(element)
    kind = _namespace_kind(qname.namespace)
    return f"{kind}:{qname.localname}" if kind else qname.localname


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


@dataclass
class Attachment:
    url: str
    alt: str = ""
    caption: str = ""
    parent: str = ""


@dataclass
class Channel:
    """What the first pass collects: the site, its people and terms, attachments."""

    site: str = ""
    version: str = ""
    authors: dict[str, PersonRecord] = field(default_factory=dict)  # by login
    categories: dict[str, TermRecord] = field(default_factory=dict)  # by nicename
    tags: dict[str, TermRecord] = field(default_factory=dict)
    attachments: dict[str, Attachment] = field(default_factory=dict)  # by post id
    item_count: int = 0
    category_parents: dict[str, str] = field(default_factory=dict)


class WxrReader:
    def __init__(self, path: str | Path, *, site_timezone: str | None = None):
        self.path = Path(path)
        self.timezone = ZoneInfo(site_timezone or settings.TIME_ZONE)
        self.channel: Channel | None = None

    def _events(self) -> Iterator[tuple[str, object]]:
        context = etree.iterparse(
            str(self.path),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            recover=False,
        )
        root_seen = False
        try:
            for event, element in context:
                if not root_seen:
                    root_seen = True
                    if element.getroottree().docinfo.doctype:
                        raise ImportFormatError(
                            "The file declares a DTD; WordPress exports never do, so it is "
                            "refused rather than parsed."
                        )
                    if etree.QName(element).localname != "rss":
                        raise ImportFormatError(
                            "This is not a WordPress export: a WXR file starts with <rss>."
                        )
                yield event, element
        except etree.XMLSyntaxError as error:
            raise ImportFormatError(
                f"The file is not well-formed XML (truncated or damaged?): {error}"
            ) from error
        except OSError as error:
            raise ImportFormatError(f"The file cannot be read: {error}") from error
        if not root_seen:
            raise ImportFormatError("The file is empty.")

    @staticmethod
    def _free(element) -> None:
        # Drop the element and the already-handled siblings before it, so a large
        # file never accumulates in memory.
        element.clear(keep_tail=False)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]

    def _channel_elements(self) -> Iterator[object]:
        """Each complete child of <channel> (rss > channel > element), freed after use."""
        depth = 0
        for event, element in self._events():
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth == 2:
                yield element
                self._free(element)

    def scan(self) -> Channel:
        """First pass: check the whole file and collect what posts refer to."""
        channel = Channel()
        for element in self._channel_elements():
            key = _key(element)
            if key == "wp:wxr_version":
                channel.version = _text(element)
            elif key in ("wp:base_blog_url",) or (key == "link" and not channel.site):
                channel.site = _text(element).rstrip("/")
            elif key == "wp:author":
                person = self._person(element)
                if person:
                    channel.authors[person.source_id] = person
            elif key == "wp:category":
                self._channel_category(element, channel)
            elif key in ("wp:tag", "wp:term"):
                self._channel_tag(element, channel)
            elif key == "item":
                self._scan_item(element, channel)
        if not channel.version:
            raise ImportFormatError(
                "This is not a WordPress export: it has no <wp:wxr_version> "
                "(an RSS feed is not an export; use Tools → Export in WordPress)."
            )
        for nicename, term in channel.categories.items():
            term.old_paths = [f"/category/{'/'.join(self._category_chain(nicename, channel))}/"]
        self.channel = channel
        return channel

    @staticmethod
    def _children(element) -> dict[str, object]:
        return {_key(child): child for child in element}

    def _person(self, element) -> PersonRecord | None:
        fields = self._children(element)
        login = _text(fields.get("wp:author_login"))
        if not login:
            return None
        name = _text(fields.get("wp:author_display_name"))
        if not name:
            first = _text(fields.get("wp:author_first_name"))
            last = _text(fields.get("wp:author_last_name"))
            name = f"{first} {last}".strip() or login
        nicename = slugify(login) or "author"
        return PersonRecord(
            source_id=login,
            name=name,
            slug=nicename,
            email=_text(fields.get("wp:author_email")),
            old_paths=[f"/author/{nicename}/"],
        )

    def _channel_category(self, element, channel: Channel) -> None:
        fields = self._children(element)
        nicename = unquote(_text(fields.get("wp:category_nicename")))
        if not nicename:
            return
        name = unescape(_text(fields.get("wp:cat_name"))) or nicename
        channel.categories[nicename] = TermRecord(
            kind="section",
            source_id=nicename,
            name=name,
            slug=slugify(nicename) or slugify(name) or f"section-{len(channel.categories) + 1}",
            description=strip_tags(_text(fields.get("wp:category_description"))),
        )
        parent = _text(fields.get("wp:category_parent"))
        if parent:
            channel.category_parents[nicename] = unquote(parent)

    def _channel_tag(self, element, channel: Channel) -> None:
        fields = self._children(element)
        taxonomy = _text(fields.get("wp:term_taxonomy"))
        if taxonomy and taxonomy != "post_tag":
            return
        slug = unquote(_text(fields.get("wp:tag_slug")) or _text(fields.get("wp:term_slug")))
        name = unescape(_text(fields.get("wp:tag_name")) or _text(fields.get("wp:term_name")))
        if slug:
            channel.tags[slug] = self._tag(slug, name)

    @staticmethod
    def _tag(slug: str, name: str) -> TermRecord:
        return TermRecord(
            kind="tag", source_id=slug, name=name or slug, slug=slug, old_paths=[f"/tag/{slug}/"]
        )

    @staticmethod
    def _category_chain(nicename: str, channel: Channel) -> list[str]:
        chain = [nicename]
        while (parent := channel.category_parents.get(chain[0])) and parent not in chain:
            chain.insert(0, parent)
        return chain

    def _scan_item(self, element, channel: Channel) -> None:
        fields = self._children(element)
        post_type = _text(fields.get("wp:post_type"))
        if post_type == "attachment":
            post_id = _text(fields.get("wp:post_id"))
            url = _text(fields.get("wp:attachment_url")) or _text(fields.get("guid"))
            meta = self._postmeta(element)
            channel.attachments[post_id] = Attachment(
                url=url,
                alt=meta.get("_wp_attachment_image_alt", ""),
                caption=strip_tags(_text(fields.get("excerpt:encoded"))),
                parent=_text(fields.get("wp:post_parent")),
            )
        else:
            channel.item_count += 1

    @staticmethod
    def _postmeta(element) -> dict[str, str]:
        meta = {}
        for child in element:
            if _key(child) == "wp:postmeta":
                fields = {_key(part): _text(part) for part in child}
                if fields.get("wp:meta_key"):
                    meta[fields["wp:meta_key"]] = fields.get("wp:meta_value", "")
        return meta

    def items(self) -> Iterator[PostRecord]:
        """Second pass: every item that is not an attachment, as a PostRecord (a record
        with a skip reason for what we do not import)."""
        channel = self.channel or self.scan()
        for element in self._channel_elements():
            if _key(element) == "item":
                record = self._post(element, channel)
                if record is not None:
                    yield record

    @staticmethod
    def _author(login: str, channel: Channel) -> PersonRecord:
        found = channel.authors.get(login)
        if found is None:
            # Some exporters decorate dc:creator; the login's slug still identifies it.
            wanted = slugify(login)
            found = next((p for p in channel.authors.values() if p.slug == wanted), None)
        if found is None:
            slug = slugify(login) or "author"
            found = PersonRecord(
                source_id=login, name=login, slug=slug, old_paths=[f"/author/{slug}/"]
            )
            channel.authors[login] = found
        return found

    def _date(self, gmt: str, local: str) -> datetime | None:
        for value, zone in ((gmt, UTC), (local, self.timezone)):
            if value and not value.startswith("0000"):
                try:
                    parsed = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
                except ValueError:
                    continue
                return parsed.replace(tzinfo=zone)
        return None

    def _post(self, element, channel: Channel) -> PostRecord | None:
        fields = self._children(element)
        post_type = _text(fields.get("wp:post_type")) or "post"
        if post_type == "attachment":
            return None
        post_id = _text(fields.get("wp:post_id"))
        title = unescape(strip_tags(_text(fields.get("title"))))
        post_name = unquote(_text(fields.get("wp:post_name")))
        record = PostRecord(
            source_id=post_id,
            title=title,
            slug=slugify(post_name) or slugify(title) or f"post-{post_id}",
            body_html=(fields["content:encoded"].text or "") if "content:encoded" in fields else "",
            excerpt=strip_tags(_text(fields.get("excerpt:encoded"))),
        )
        if post_type != "post":
            record.skip_reason = f"a {post_type.replace('_', ' ')}, not a post"
            return record
        wp_status = _text(fields.get("wp:status"))
        if _text(fields.get("wp:post_password")):
            record.skip_reason = "password-protected in WordPress; readers here would see it all"
            return record
        if wp_status not in STATUSES:
            record.skip_reason = f"status “{wp_status or 'none'}” (trash and auto-drafts stay)"
            return record
        record.status = STATUSES[wp_status]
        record.publish_at = self._date(
            _text(fields.get("wp:post_date_gmt")), _text(fields.get("wp:post_date"))
        )
        if record.status in ("published", "scheduled") and record.publish_at is None:
            record.warnings.append(f"{record.label} has no date: dated now")

        categories, tags, coauthors = [], [], []
        primary = self._postmeta(element).get("_yoast_wpseo_primary_category", "")
        for child in element:
            if _key(child) != "category":
                continue
            domain = child.get("domain", "")
            nicename = unquote(child.get("nicename", ""))
            name = unescape(_text(child))
            if domain == "category" and nicename:
                categories.append(
                    channel.categories.get(nicename)
                    or TermRecord(
                        kind="section",
                        source_id=nicename,
                        name=name or nicename,
                        slug=slugify(nicename) or f"section-{post_id}",
                        old_paths=[f"/category/{nicename}/"],
                    )
                )
            elif domain == "post_tag" and nicename:
                tags.append(channel.tags.get(nicename) or self._tag(nicename, name))
            elif domain == "author" and nicename:
                # Co-Authors Plus lists the byline in order as author terms.
                coauthors.append(nicename.removeprefix("cap-"))
        if primary:
            by_id = [c for c in categories if c.source_id == primary]
            categories = by_id + [c for c in categories if c not in by_id]
        if categories:
            record.section = categories[0]
            # Further categories stay findable as tags.
            record.tags = [self._tag(c.slug, c.name) for c in categories[1:]]
        record.tags += [t for t in tags if t.slug not in {x.slug for x in record.tags}]

        creator = _text(fields.get("dc:creator"))
        record.authors = [
            self._author(login, channel) for login in (coauthors or [creator]) if login
        ]

        thumbnail = self._postmeta(element).get("_thumbnail_id", "")
        attachment = channel.attachments.get(thumbnail)
        if attachment and attachment.url:
            record.lead_image = ImageRecord(
                url=attachment.url, alt=attachment.alt, caption=attachment.caption
            )
        elif thumbnail:
            record.warnings.append(
                f"{record.label}: featured image {thumbnail} is not in the export"
            )

        link = _text(fields.get("link"))
        if link:
            record.old_paths.append(urlsplit(link).path or "/")
        record.old_paths.append(f"/?p={post_id}")
        return record
