"""`{% fragment_version "briefs" "articles" as fragment %}`: a key for `{% cache %}`.

Parts of a page that change rarely and are the same for every reader (the News
Feed, the editors' picks) are kept rendered in the cache with Django's `{% cache %}`
tag. Their key carries the current versions of the page cache's surrogate keys
(`newsroom/http_cache/store.py`), so the same signals that drop cached pages make
these fragments miss at once (invalidation.py says which change drops which key),
and the edition's language, so /uk/ never gets the English rendering. A fragment
also expires after PAGE_CACHE_SECONDS, the lifetime of a cached page, which bounds
how late something that changes with time alone (a brief scheduled for later)
shows up. Never put anything personal inside such a block.

    {% load fragments %}{% fragment_version "briefs" "articles" as fragment %}
    {% cache fragment.seconds "news-feed-aside" fragment.key %}...{% endcache %}
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.db.models import Model
from django.utils.translation import get_language

from newsroom.http_cache import store

register = template.Library()


@dataclass(frozen=True)
class FragmentVersion:
    key: str
    seconds: int


@register.simple_tag
def fragment_version(*tags: str, of: Iterable[Model] = ()) -> FragmentVersion:
    """The key of a fragment showing what `tags` name; `of`: the rows it shows, when
    they differ from page to page."""
    versions = store.tag_versions(sorted(set(tags)))
    return FragmentVersion(
        key=":".join(
            [
                get_language(),
                *(versions[tag] for tag in sorted(versions)),
                ",".join(str(item.pk) for item in of),
            ]
        ),
        # 0: rendered every time (FRAGMENT_CACHE_ENABLED off, as in most tests).
        seconds=settings.PAGE_CACHE_SECONDS if settings.FRAGMENT_CACHE_ENABLED else 0,
    )
