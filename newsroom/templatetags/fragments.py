"""`{% fragment_version "briefs" "articles" as fragment %}`: a key for `{% cache %}`.

Parts of a page that change rarely and are the same for every reader (the News
Feed, the editors' picks, the header's sections, the campaign appeal) are kept
rendered in the cache with Django's `{% cache %}` tag. Their key carries the
current versions of the page cache's surrogate keys (`newsroom/http_cache/store.py`),
so the same signals that drop cached pages make these fragments miss at once
(invalidation.py says which change drops which key), and the edition's language, so
/uk/ never gets the English rendering. A fragment also expires after
PAGE_CACHE_SECONDS, the lifetime of a cached page, which bounds how late something
that changes with time alone (a brief scheduled for later) shows up. Never put
anything personal inside such a block; a part that is personal only for readers
with a session (the banner, the signup box) is kept for requests without one alone
(`request|is_anonymous_reader`).

    {% load fragments %}{% fragment_version "briefs" "articles" as fragment %}
    {% cache fragment.seconds "news-feed-aside" fragment.key %}...{% endcache %}
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.db.models import Model
from django.utils.translation import get_language

from newsroom.http_cache import policy, store

register = template.Library()


@dataclass(frozen=True)
class FragmentVersion:
    key: str
    seconds: int


@register.simple_tag
def fragment_version(
    *tags: str, of: Iterable[Model] = (), seconds: int | None = None
) -> FragmentVersion:
    """The key of a fragment showing what `tags` name; `of`: the rows it shows, when
    they differ from page to page; `seconds`: a shorter lifetime, for a fragment
    showing something that changes without a signal (a figure read from a cache)."""
    if not settings.FRAGMENT_CACHE_ENABLED:
        # Rendered every time (as in most tests): `{% cache 0 %}` keeps nothing, but
        # would still read what was kept under the key while fragments were on.
        return FragmentVersion(key=uuid.uuid4().hex, seconds=0)
    versions = store.tag_versions(sorted(set(tags)))
    return FragmentVersion(
        key=":".join(
            [
                get_language(),
                *(versions[tag] for tag in sorted(versions)),
                ",".join(str(item.pk) for item in of),
            ]
        ),
        seconds=min(seconds or settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_SECONDS),
    )


@register.filter
def is_anonymous_reader(request) -> bool:
    """No session: whatever such a request sees, every other one without a session sees
    too, so a fragment that is otherwise personal (the banner) may be kept for it."""
    return request is not None and policy.request_is_anonymous_reader(request)
