"""Editions: the site in each language of settings.LANGUAGES, told apart by the URL alone.

The default language (LANGUAGE_CODE, English) is served at `/`, every other one under
`/<code>/` (`/uk/`). Reader pages never pick their language from a cookie or the
Accept-Language header: one URL is one page for everybody, so shared caches can keep
it without `Vary`. Only the admin, which is private and never cached, follows the
editor's own language.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation


@dataclass(frozen=True)
class EditionLink:
    """One edition's version of the page being shown (for hreflang and the switcher)."""

    code: str
    name: str
    url: str  # a path; the other edition's home when the page does not exist there
    exists: bool  # the same page exists in that edition
    current: bool


def language_choices() -> list[tuple[str, str]]:
    # A callable, so that migrations do not freeze today's list of editions.
    return list(settings.LANGUAGES)


def default_language() -> str:
    return settings.LANGUAGE_CODE


def language_field(help_text: str, **options) -> models.CharField:
    """The language (edition) of a row: an article, a brief, a newsletter, a reader."""
    return models.CharField(
        max_length=10,
        choices=language_choices,
        default=default_language,
        help_text=help_text,
        **options,
    )


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def edition_reverse(code: str, url_name: str) -> str:
    """The path of a page without arguments in the edition `code`."""
    with translation.override(code):
        return reverse(url_name)


def edition_home(code: str) -> str:
    return edition_reverse(code, "articles:home")


def edition_paths(url_name: str) -> list[str]:
    """A page's path in every edition ("/membership/", "/uk/membership/")."""
    return [edition_reverse(code, url_name) for code in language_codes()]


def _same_page_in(path: str, code: str) -> str | None:
    """This path in another edition, or None when the page has no editions (admin,
    health check) or the path is unknown."""
    if code == translation.get_language():
        return path
    translated = translate_url(path, code)
    return translated if translated != path else None


@dataclass(frozen=True)
class Editions:
    links: list[EditionLink]

    def __iter__(self):
        return iter(self.links)

    @property
    def x_default(self) -> EditionLink:
        """The default edition's page, else this one (a story told only in Ukrainian)."""
        existing = [link for link in self.links if link.exists]
        default = [link for link in existing if link.code == settings.LANGUAGE_CODE]
        return (default or [link for link in self.links if link.current] or existing)[0]


def edition_links(request: HttpRequest | None, urls: Mapping[str, str] | None = None) -> Editions:
    """The page in every edition: `urls` when the view knows them (an article and its
    translations are different objects with their own slugs), else the same URL
    pattern in the other edition (sections, search, membership pages...)."""
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if urls is not None:
            url = urls.get(code)
        elif request is not None:
            url = _same_page_in(request.path, code)
        else:
            url = None
        links.append(
            EditionLink(
                code=code,
                name=name,
                url=url or edition_home(code),
                exists=url is not None,
                current=code == current,
            )
        )
    return Editions(links)
