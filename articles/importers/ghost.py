"""Reading Ghost JSON exports (Ghost 4, 5 and 6: Settings → Advanced → Export).

An export is `{"db": [{"meta": {...}, "data": {table: rows}}]}` (older ones drop the
list). Posts carry rendered `html`; authors and tags are joined through
`posts_authors` and `posts_tags` in `sort_order`, the first tag being the primary
one. Ghost 5 moved the feature image's alt text and caption to `posts_meta`, and
writes `__GHOST_URL__` for the site's own address in image links.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from django.utils.html import escape, strip_tags
from django.utils.text import slugify

from .records import ImageRecord, ImportFormatError, PersonRecord, PostRecord, TermRecord

STATUSES = {
    "published": "published",
    "scheduled": "scheduled",
    "draft": "draft",
    # Sent as a newsletter only, never on the site.
    "sent": "unpublished",
}
GHOST_URL = "__GHOST_URL__"


def _date(value) -> datetime | None:
    if not value:
        return None
    if isinstance(value, int | float):  # milliseconds, in some exports
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    text = str(value).replace("Z", "+00:00").replace(" ", "T", 1)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class GhostReader:
    def __init__(self, path: str | Path, *, site_url: str = ""):
        self.path = Path(path)
        self.site_url = site_url.rstrip("/")
        self.data: dict = {}
        self.site = ""
        self.version = ""

    def scan(self) -> "GhostReader":
        try:
            with self.path.open("rb") as handle:
                document = json.load(handle)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ImportFormatError(
                f"The file is not valid JSON (truncated or damaged?): {error}"
            ) from error
        except OSError as error:
            raise ImportFormatError(f"The file cannot be read: {error}") from error
        database = document.get("db") if isinstance(document, dict) else None
        if isinstance(database, list):
            database = database[0] if database else None
        if not isinstance(database, dict) or not isinstance(database.get("data"), dict):
            raise ImportFormatError(
                'This is not a Ghost export: it has no "db" with "data" '
                "(use Settings → Advanced → Export content in Ghost)."
            )
        data = database["data"]
        if not isinstance(data.get("posts"), list):
            raise ImportFormatError("This Ghost export has no posts table.")
        for table in ("posts", "users", "tags", "posts_tags", "posts_authors", "posts_meta"):
            rows = data.get(table, [])
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise ImportFormatError(f"The Ghost export's “{table}” table is damaged.")
        self.data = data
        self.version = str(database.get("meta", {}).get("version", ""))
        settings_rows = {
            row.get("key"): row.get("value")
            for row in data.get("settings", [])
            if isinstance(row, dict)
        }
        self.site = self.site_url or str(
            settings_rows.get("url") or settings_rows.get("title") or "ghost"
        )
        return self

    @property
    def item_count(self) -> int:
        return len(self.data.get("posts", []))

    def _image_url(self, url: str | None) -> str:
        if not url:
            return ""
        if url.startswith(GHOST_URL):
            return (self.site_url or "https://ghost.invalid") + url[len(GHOST_URL) :]
        if url.startswith("//"):
            return "https:" + url
        return url

    def _people(self) -> dict[str, PersonRecord]:
        people = {}
        for user in self.data.get("users", []):
            slug = slugify(user.get("slug") or user.get("name") or "") or f"author-{user.get('id')}"
            people[str(user.get("id"))] = PersonRecord(
                source_id=str(user.get("id")),
                name=user.get("name") or slug,
                slug=slug,
                email=user.get("email") or "",
                bio=user.get("bio") or "",
                photo_url=self._image_url(user.get("profile_image")),
                old_paths=[f"/author/{user.get('slug') or slug}/"],
            )
        return people

    def _tags(self) -> dict[str, TermRecord]:
        tags = {}
        for tag in self.data.get("tags", []):
            name = tag.get("name") or tag.get("slug") or ""
            if not name or name.startswith("#") or tag.get("visibility") == "internal":
                continue  # internal tags organise Ghost's themes, not readers' topics
            slug = tag.get("slug") or slugify(name)
            tags[str(tag.get("id"))] = TermRecord(
                kind="tag",
                source_id=str(tag.get("id")),
                name=name,
                slug=slugify(slug) or f"tag-{tag.get('id')}",
                description=tag.get("description") or "",
                old_paths=[f"/tag/{slug}/"],
            )
        return tags

    def items(self) -> Iterator[PostRecord]:
        people, tags = self._people(), self._tags()
        internal = {str(t.get("id")) for t in self.data.get("tags", [])} - set(tags)
        authors_of, tags_of = defaultdict(list), defaultdict(list)
        for row in self.data.get("posts_authors", []):
            authors_of[str(row.get("post_id"))].append(row)
        for row in self.data.get("posts_tags", []):
            tags_of[str(row.get("post_id"))].append(row)
        meta_of = {str(row.get("post_id")): row for row in self.data.get("posts_meta", [])}

        for post in self.data["posts"]:
            post_id = str(post.get("id"))
            title = post.get("title") or ""
            slug = post.get("slug") or ""
            record = PostRecord(
                source_id=post_id,
                title=title,
                slug=slugify(slug) or slugify(title) or f"post-{post_id}",
                body_html=post.get("html") or "",
                excerpt=strip_tags(post.get("custom_excerpt") or ""),
            )
            if (post.get("type") or "post") != "post":
                record.skip_reason = f"a Ghost {post.get('type')}, not a post"
                yield record
                continue
            status = post.get("status") or ""
            if status not in STATUSES:
                record.skip_reason = f"status “{status or 'none'}”"
                yield record
                continue
            record.status = STATUSES[status]
            record.publish_at = _date(post.get("published_at"))
            if not record.body_html and post.get("plaintext"):
                paragraphs = str(post["plaintext"]).split("\n\n")
                record.body_html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p.strip())
                record.warnings.append(
                    f"{record.label}: no HTML in the export, imported as plain text"
                )
            if post.get("visibility") not in (None, "public"):
                record.warnings.append(
                    f"{record.label}: for {post.get('visibility')} readers only in Ghost, "
                    "open to everyone here"
                )
            links = sorted(authors_of.get(post_id, []), key=lambda r: r.get("sort_order") or 0)
            author_ids = [str(r.get("author_id")) for r in links] or [str(post.get("author_id"))]
            record.authors = [people[a] for a in author_ids if a in people]
            links = sorted(tags_of.get(post_id, []), key=lambda r: r.get("sort_order") or 0)
            post_tags = [tags[str(r.get("tag_id"))] for r in links if str(r.get("tag_id")) in tags]
            missing = [
                str(r.get("tag_id"))
                for r in links
                if str(r.get("tag_id")) not in tags and str(r.get("tag_id")) not in internal
            ]
            record.warnings += [
                f"{record.label}: tag {tag} is not in the export" for tag in missing
            ]
            if post_tags:
                primary = post_tags[0]
                record.section = TermRecord(
                    kind="section",
                    source_id=primary.source_id,
                    name=primary.name,
                    slug=primary.slug,
                    description=primary.description,
                )
                record.tags = post_tags
            meta = meta_of.get(post_id, {})
            image = self._image_url(post.get("feature_image"))
            if image:
                record.lead_image = ImageRecord(
                    url=image,
                    alt=meta.get("feature_image_alt") or post.get("feature_image_alt") or "",
                    caption=strip_tags(
                        meta.get("feature_image_caption") or post.get("feature_image_caption") or ""
                    ),
                )
            record.old_paths = [f"/{post.get('slug') or slug}/"]
            record.body_html = record.body_html.replace(
                GHOST_URL, self.site_url or "https://ghost.invalid"
            )
            yield record
