"""An article page's shared parts, rendered once and kept: the story.

Everything on an article page but a handful of personal bits (the header's account
links, the campaign banner, "Edit post", the signup form) is the same for every
reader of the edition: the head's metadata, the article itself, its related
articles, the News Feed and the editors' picks beside it. Rendering that is most of
the page's cost (the byline, renditions, related and picks queries, some thousand
template lookups), so it is rendered once per article and kept in the page cache's
store (`newsroom/http_cache/store.py`).

Unlike Django's page cache, which answers only anonymous readers and is bypassed
by anyone with a session, the story serves every request: signed-in members and
staff during a spike, and anonymous readers whenever the page cache misses or is
off. A kept story remembers the surrogate keys of everything it shows (the article,
its authors, related articles, picks, briefs, sections) and their versions when it
was rendered; the signals that purge pages give a key a new version
(`newsroom/http_cache/invalidation.py`), and a story whose keys moved on is rendered
again on its next request. It also expires after PAGE_CACHE_SECONDS, as a cached
page does, which bounds how late anything that changes with time alone shows.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from newsroom.http_cache import store

# A new version when `Story` changes: kept stories are pickled instances.
PREFIX = "article-story:v1:"
# The templates of the story's parts, in templates/articles/story/.
PARTS = ("head", "header", "body", "aside")
# What every story shows besides its own articles and authors: section and tag
# names, the editors' picks, the News Feed. Not `site`: a new member drops that
# (the banner's count), and the story shows no count.
SHARED_TAGS = ("taxonomy", "picks", "briefs")


@dataclass(frozen=True)
class Story:
    pk: int
    title: str
    description: str
    head: SafeString
    header: SafeString
    body: SafeString
    aside: SafeString
    edition_urls: dict[str, str]
    tags: list[str] = field(default_factory=list)


def story_key(slug: str) -> str:
    # By the address's slug (and the edition's language), so a kept story is found
    # before the database is asked anything.
    return f"{PREFIX}{get_language()}:{slug}"


def story_render(request: HttpRequest, article, context: dict) -> Story:
    """The story of `article` from its page context (`articles.views._article_context`)."""
    parts = {
        part: render_to_string(f"articles/story/{part}.html", context, request) for part in PARTS
    }
    shown = [context["related_card"], *context["related_more"], *context["picks"]]
    return Story(
        pk=article.pk,
        title=article.headline,
        description=article.standfirst or article.headline,
        edition_urls=context["edition_urls"],
        tags=sorted(
            {
                *SHARED_TAGS,
                f"article-{article.pk}",
                # The other edition's links (hreflang, the edition switcher) name the
                # original; publishing a translation drops the original's key too.
                *([f"article-{article.translation_of_id}"] if article.translation_of_id else []),
                *(f"article-{item.pk}" for item in shown if item is not None),
                *(f"author-{author.pk}" for author in context["authors"]),
            }
        ),
        **parts,
    )


def story_kept(slug: str) -> Story | None:
    """The kept story of the live article at `slug` in this edition, if any.

    Kept only once the article was live, and dropped by the signals of any change
    that could end that (unpublishing, rescheduling, a new slug, deletion), so a
    kept story stands for the database's answer too.
    """
    if not settings.FRAGMENT_CACHE_ENABLED:
        return None
    return store.entry_get(story_key(slug))


def story_keep(story: Story, slug: str) -> None:
    if settings.FRAGMENT_CACHE_ENABLED:
        store.entry_set(story_key(slug), story, story.tags, settings.PAGE_CACHE_SECONDS)
